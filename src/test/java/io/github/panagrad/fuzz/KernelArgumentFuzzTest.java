package io.github.panagrad.fuzz;

import static org.junit.jupiter.api.Assertions.assertFalse;

import io.github.panagrad.contract.InvalidCalls;
import io.github.panagrad.contract.InvalidCalls.InvalidCall;
import io.github.panagrad.contract.KernelEntry;
import io.github.panagrad.kernel.Backend;
import io.github.panagrad.kernel.Kernels;

import java.util.List;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.MethodSource;

/**
 * Random invalid calls of every kernel of the catalogue: a random valid call
 * ({@link RandomCalls}) with one rule broken, drawn from the {@link InvalidCalls} of that call
 * (a count below its minimum or too large for the arrays, a null array, a negative or too
 * large offset, a short array, a too small leading dimension, an output overlapping an input, a
 * bad hyper-parameter or constraint). On both backends each must throw
 * {@link IllegalArgumentException} whose message names the argument and its value, and leave
 * every array bit for bit as it was.
 */
class KernelArgumentFuzzTest {

    /** Random invalid calls per kernel and run (times {@value FuzzRun#SCALE_PROPERTY}). */
    private static final int CASES_PER_KERNEL = 800;

    private static final FuzzRun RUN = new FuzzRun("kernel arguments");

    @ParameterizedTest(name = "{0}")
    @MethodSource("io.github.panagrad.fuzz.RandomCalls#kernels")
    void randomInvalidCallsThrowAndWriteNothing(KernelEntry entry) {
        List<Kernels> backends = List.of(Kernels.of(Backend.SCALAR), Kernels.of(Backend.VECTOR));
        RUN.forEachCall(entry, CASES_PER_KERNEL, (drawn, random, where) -> {
            List<InvalidCall> invalid = InvalidCalls.of(entry, drawn.call(), random);
            assertFalse(invalid.isEmpty(), where + ": no rule to break");
            InvalidCall call = invalid.get(random.nextInt(invalid.size()));
            for (Kernels kernels : backends) {
                InvalidCalls.assertRejected(kernels, entry, call, where);
            }
        });
    }

    @AfterAll
    static void printTally() {
        System.out.println(RUN.summary());
    }
}
