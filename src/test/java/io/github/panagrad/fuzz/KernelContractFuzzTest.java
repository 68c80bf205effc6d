package io.github.panagrad.fuzz;

import static org.junit.jupiter.api.Assertions.assertTrue;

import io.github.panagrad.contract.ContractCheck;
import io.github.panagrad.contract.ContractOutcome;
import io.github.panagrad.contract.KernelCatalogue;
import io.github.panagrad.contract.KernelEntry;
import io.github.panagrad.kernel.Backend;
import io.github.panagrad.kernel.Kernels;

import java.util.List;
import java.util.Random;
import java.util.stream.Stream;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.MethodSource;

/**
 * Random valid calls of every kernel of the catalogue ({@link RandomCalls}: random variants,
 * shapes, transposes, offsets, leading dimensions, alpha and beta, in-place and shared arrays,
 * special values), each run on both backends and checked by {@link ContractCheck}: the same bits
 * on SCALAR and VECTOR in every array and in the value returned; elementwise kernels give the
 * bits of their javadoc formula; reductions stay within {@code γ(k)·Σ|terms|} of a double
 * reference on each backend where the values meet the bound's assumptions; no kernel changes any
 * element outside its output windows, inputs included. Runs once per vector width.
 */
class KernelContractFuzzTest {

    /** Random valid calls per kernel and run (times {@value FuzzRun#SCALE_PROPERTY}). */
    private static final int CASES_PER_KERNEL = 1500;

    private static final FuzzRun RUN = new FuzzRun("kernel contract");

    static Stream<KernelEntry> kernels() {
        return KernelCatalogue.all().stream();
    }

    @ParameterizedTest(name = "{0}")
    @MethodSource("kernels")
    void randomValidCallsKeepTheContractOnBothBackends(KernelEntry entry) {
        List<Kernels> backends = List.of(Kernels.of(Backend.SCALAR), Kernels.of(Backend.VECTOR));
        int cases = FuzzRun.cases(CASES_PER_KERNEL);
        for (int index = 0; index < cases; index++) {
            Random random = RUN.caseRandom(entry.name(), index);
            RandomCalls drawn = RandomCalls.next(entry, random);
            ContractOutcome outcome = new ContractCheck(entry, drawn.call(), drawn.values()).check(backends);
            int at = index;
            assertTrue(outcome.holds(), () -> RUN.replay(entry.name(), at) + "\n  " + drawn.describe() + "\n  "
                    + outcome.violations() + " violation(s), the first: " + outcome.firstViolation());
        }
        RUN.count(entry.name(), cases);
    }

    @AfterAll
    static void printTally() {
        System.out.println(RUN.summary());
    }
}
