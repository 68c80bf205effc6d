package io.github.panagrad.kernel;

import static org.junit.jupiter.api.Assertions.assertDoesNotThrow;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;
import static org.junit.jupiter.api.DynamicContainer.dynamicContainer;
import static org.junit.jupiter.api.DynamicTest.dynamicTest;

import io.github.panagrad.contract.Call;
import io.github.panagrad.contract.InvalidCalls;
import io.github.panagrad.contract.InvalidCalls.InvalidCall;
import io.github.panagrad.contract.KernelCatalogue;
import io.github.panagrad.contract.KernelEntry;
import io.github.panagrad.contract.Parameter;
import io.github.panagrad.contract.Parameter.Operand;
import io.github.panagrad.contract.Parameter.Rule;
import io.github.panagrad.contract.Parameter.Scalar;
import io.github.panagrad.contract.Values;
import io.github.panagrad.contract.Variant;

import java.util.ArrayList;
import java.util.List;
import java.util.Random;
import java.util.Set;
import java.util.TreeSet;
import java.util.stream.Stream;
import org.junit.jupiter.api.DynamicContainer;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestFactory;

/**
 * The facade's guards: for a valid call of every kernel in every variant of the catalogue
 * (in-place and shared arrays included), the call is accepted, and every invalid call derived
 * from it by {@link InvalidCalls} (negative, too large and overflowing counts, null arrays,
 * negative offsets and offsets whose sum with the extent overflows int, short arrays, too small
 * and overflowing leading dimensions, overlapping windows, bad hyper-parameters and constraints)
 * throws {@link IllegalArgumentException} whose message names the argument and its value, and
 * leaves every array exactly as it was, on every backend.
 */
class KernelArgumentTest {

    /** The size of the valid calls: small, so that every rule still has room (two rows for leading dimensions). */
    private static final int SIZE = 5;

    @TestFactory
    Stream<DynamicContainer> badArgumentsAreRejectedWithoutSideEffects() {
        return KernelCatalogue.all().stream().map(entry -> dynamicContainer(entry.name(),
                entry.variants().stream().map(variant -> dynamicTest(entry.name() + " " + variant, () -> {
                    long seed = Inputs.seed("arguments", entry.name(), variant.label());
                    Random random = new Random(seed);
                    Call valid = entry.generate(random, SIZE, Values.REGULAR, variant);
                    for (Kernels kernels : Backends.all()) {
                        assertDoesNotThrow(() -> entry.invoke(kernels, valid.copy()),
                                "seed " + seed + ": the valid call " + entry.name() + valid + " on " + kernels);
                    }
                    List<InvalidCall> invalid = InvalidCalls.of(entry, valid, random);
                    for (InvalidCall call : invalid) {
                        for (Kernels kernels : Backends.all()) {
                            InvalidCalls.assertRejected(kernels, entry, call, "seed " + seed);
                        }
                    }
                }))));
    }

    /**
     * Every argument the facade validates has invalid calls: every count, offset, leading
     * dimension and array, every scalar with a rule, and the scalars of every constraint.
     */
    @Test
    void everyValidatedArgumentOfEveryKernelIsBrokenSomewhere() {
        for (KernelEntry entry : KernelCatalogue.all()) {
            Set<String> validated = new TreeSet<>();
            for (Parameter parameter : entry.parameters()) {
                if (parameter instanceof Operand operand) {
                    validated.add(operand.name());
                    validated.add(operand.offsetName());
                    if (operand.matrix()) {
                        validated.add(operand.leadingDimensionName());
                    }
                } else if (!(parameter instanceof Scalar scalar) || scalar.rule() != Rule.ANY_FLOAT
                        && scalar.rule() != Rule.FLAG) {
                    validated.add(parameter.name());
                }
            }
            entry.constraints().forEach(c -> validated.add(c.parameters().get(0)));
            Set<String> broken = new TreeSet<>();
            for (Variant variant : entry.variants()) {
                Random random = new Random(Inputs.seed("coverage", entry.name(), variant.label()));
                Call valid = entry.generate(random, SIZE, Values.REGULAR, variant);
                InvalidCalls.of(entry, valid, random).forEach(c -> broken.add(c.argument()));
            }
            assertEquals(validated, broken, entry.name() + ": the arguments with invalid calls");
        }
    }

    @Test
    void backendAndThreadArgumentsAreChecked() {
        IllegalArgumentException nullBackend = assertThrows(IllegalArgumentException.class, () -> Kernels.of(null));
        assertTrue(InvalidCalls.mentions(nullBackend.getMessage(), "backend must not be null"), nullBackend.getMessage());
        IllegalArgumentException nullScope = assertThrows(IllegalArgumentException.class, () -> Kernels.use(null));
        assertTrue(InvalidCalls.mentions(nullScope.getMessage(), "backend must not be null"), nullScope.getMessage());
        int threads = Kernels.threads();
        List<String> messages = new ArrayList<>();
        for (int bad : new int[] {0, -2}) {
            IllegalArgumentException e = assertThrows(IllegalArgumentException.class, () -> Kernels.setThreads(bad));
            assertTrue(InvalidCalls.mentions(e.getMessage(), "threads = " + bad), e.getMessage());
            assertEquals(threads, Kernels.threads(), "a rejected thread count must not change the setting");
            messages.add(e.getMessage());
        }
        assertEquals(List.of("threads = 0 must be >= 1", "threads = -2 must be >= 1"), messages);
    }
}
