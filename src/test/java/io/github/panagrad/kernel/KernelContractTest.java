package io.github.panagrad.kernel;

import static org.junit.jupiter.api.Assertions.assertTrue;
import static org.junit.jupiter.api.DynamicContainer.dynamicContainer;
import static org.junit.jupiter.api.DynamicTest.dynamicTest;

import io.github.panagrad.contract.Call;
import io.github.panagrad.contract.ContractCheck;
import io.github.panagrad.contract.ContractOutcome;
import io.github.panagrad.contract.KernelCatalogue;
import io.github.panagrad.contract.KernelEntry;
import io.github.panagrad.contract.Values;
import io.github.panagrad.contract.Variant;

import java.util.Arrays;
import java.util.List;
import java.util.Random;
import java.util.stream.Stream;
import org.junit.jupiter.api.DynamicContainer;
import org.junit.jupiter.api.TestFactory;

/**
 * One set of bits, and nothing written outside the output windows: every kernel of the
 * catalogue, in every variant (in-place and shared arrays, every transpose, the alpha and beta
 * cases, every optimizer branch), at every awkward size, at random offsets with sentinel NaNs
 * around every window, on adversarial values (NaN, infinities, signed zeros, subnormals, huge
 * values, random bit patterns) and on regular ones, gives the same bits on every backend in
 * every array and in the value it returns ({@link ContractCheck}); elementwise kernels give the
 * bits of their javadoc formula, reductions on regular values stay within their γ(k) bound.
 * Runs once per vector width (see the build's surefire executions).
 */
class KernelContractTest {

    private static final List<Values> SOURCES = List.of(Values.ADVERSARIAL, Values.REGULAR);

    /** Calls per kernel and size at least: kernels with few variants run them several times, at other offsets and shapes. */
    private static final int MINIMUM_CALLS = 8;

    @TestFactory
    Stream<DynamicContainer> everyKernelKeepsTheContractInEveryVariantAtEverySize() {
        List<Kernels> backends = Backends.all();
        return KernelCatalogue.all().stream().map(entry -> dynamicContainer(entry.name(),
                Arrays.stream(Inputs.SIZES).mapToObj(size -> dynamicTest(entry.name() + ", n = " + size,
                        () -> assertContract(entry, size, backends)))));
    }

    private static void assertContract(KernelEntry entry, int size, List<Kernels> backends) {
        int calls = entry.variants().size() * SOURCES.size();
        for (int round = 0; round < (MINIMUM_CALLS + calls - 1) / calls; round++) {
            assertContract(entry, size, backends, round);
        }
    }

    private static void assertContract(KernelEntry entry, int size, List<Kernels> backends, int round) {
        for (Variant variant : entry.variants()) {
            for (Values values : SOURCES) {
                long seed = Inputs.seed(entry.name(), size, variant.label(), values, round);
                Call call = entry.generate(new Random(seed), size, values, variant);
                ContractOutcome outcome = new ContractCheck(entry, call, values).check(backends);
                assertTrue(outcome.holds(), () -> variant + ", " + values + " values, seed " + seed + ": "
                        + outcome.violations() + " violation(s), the first: " + outcome.firstViolation());
            }
        }
    }
}
