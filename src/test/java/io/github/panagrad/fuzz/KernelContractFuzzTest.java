package io.github.panagrad.fuzz;

import static org.junit.jupiter.api.Assertions.assertTrue;

import io.github.panagrad.contract.ContractCheck;
import io.github.panagrad.contract.ContractOutcome;
import io.github.panagrad.contract.KernelEntry;
import io.github.panagrad.kernel.Backend;
import io.github.panagrad.kernel.Kernels;

import java.util.List;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.MethodSource;

/**
 * Random valid calls of every kernel of the catalogue ({@link RandomCalls}: random variants,
 * shapes, transposes, offsets, leading dimensions, alpha and beta, in-place and shared arrays,
 * special values), each run on both backends and checked by {@link ContractCheck}: the same bits
 * on SCALAR and VECTOR in every array and in the value returned; elementwise kernels give the
 * bits of their javadoc formula; reductions stay within {@code γ(k)·Σ|terms|} of a double
 * reference on each backend; no kernel changes any element outside its output windows, inputs
 * included. Runs once per vector width.
 */
class KernelContractFuzzTest {

    /** Random valid calls per kernel and run (times {@value FuzzRun#SCALE_PROPERTY}). */
    private static final int CASES_PER_KERNEL = 1500;

    private static final FuzzRun RUN = new FuzzRun("kernel contract");

    @ParameterizedTest(name = "{0}")
    @MethodSource("io.github.panagrad.fuzz.RandomCalls#kernels")
    void randomValidCallsKeepTheContractOnBothBackends(KernelEntry entry) {
        List<Kernels> backends = List.of(Kernels.of(Backend.SCALAR), Kernels.of(Backend.VECTOR));
        RUN.forEachCall(entry, CASES_PER_KERNEL, (drawn, random, where) -> {
            ContractOutcome outcome = new ContractCheck(entry, drawn.call(), drawn.values()).check(backends);
            assertTrue(outcome.holds(), () -> where + "\n  " + outcome.violations() + " violation(s), the first: "
                    + outcome.firstViolation());
        });
    }

    @AfterAll
    static void printTally() {
        System.out.println(RUN.summary());
    }
}
