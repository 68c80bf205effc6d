package io.github.panagrad.fuzz;

import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;
import static org.junit.jupiter.api.Assertions.fail;

import io.github.panagrad.fuzz.KernelSpec.Operand;
import io.github.panagrad.kernel.Backend;
import io.github.panagrad.kernel.Kernels;

import java.util.List;
import java.util.Random;
import java.util.stream.Stream;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.MethodSource;

/**
 * Random invalid calls of every public kernel: a valid random call with one rule broken (a
 * count below its minimum or too large for the arrays, a null array, a negative or too large
 * offset, a short array, a too small leading dimension, an output partly overlapping an
 * input, a bad hyper-parameter). On both backends each must throw
 * {@link IllegalArgumentException} whose message names the argument (and its value), and
 * leave every array bit for bit as it was.
 */
class KernelArgumentFuzzTest {

    /** Random invalid calls per kernel and run (times {@value FuzzRun#SCALE_PROPERTY}). */
    private static final int CASES_PER_KERNEL = 800;

    private static final FuzzRun RUN = new FuzzRun("kernel arguments");

    static Stream<KernelSpec> kernels() {
        return KernelSpecs.all().stream();
    }

    @ParameterizedTest(name = "{0}")
    @MethodSource("kernels")
    void randomInvalidCallsThrowAndWriteNothing(KernelSpec spec) {
        List<Kernels> backends = List.of(Kernels.of(Backend.SCALAR), Kernels.of(Backend.VECTOR));
        int cases = FuzzRun.cases(CASES_PER_KERNEL);
        for (int index = 0; index < cases; index++) {
            Random random = RUN.caseRandom(spec.name, index);
            List<Mutation> mutations = Mutation.of(spec, spec.generate(random), random);
            assertFalse(mutations.isEmpty(), spec.name + ": no rule to break");
            Mutation mutation = mutations.get(random.nextInt(mutations.size()));
            Call before = mutation.call().copy();
            for (Kernels kernels : backends) {
                String where = RUN.replay(spec.name, index) + "\n  " + mutation.kind() + ": " + spec.name + mutation.call()
                        + "\n  on " + kernels.backend() + ": ";
                IllegalArgumentException e = assertThrows(IllegalArgumentException.class,
                        () -> spec.invoke(kernels, mutation.call()), where + "no IllegalArgumentException");
                assertTrue(e.getMessage() != null && e.getMessage().contains(mutation.expectedMessage()),
                        where + "the message '" + e.getMessage() + "' does not contain '" + mutation.expectedMessage() + "'");
                assertUnchanged(spec, before, mutation.call(), where);
            }
        }
        RUN.count(spec.name, cases);
    }

    @AfterAll
    static void printTally() {
        System.out.println(RUN.summary());
    }

    private static void assertUnchanged(KernelSpec spec, Call before, Call after, String where) {
        for (Operand operand : spec.operands()) {
            float[] was = before.a(operand.name());
            float[] is = after.a(operand.name());
            if (is == null) {
                continue;
            }
            for (int i = 0; i < is.length; i++) {
                if (Float.floatToRawIntBits(was[i]) != Float.floatToRawIntBits(is[i])) {
                    fail(where + operand.name() + "[" + i + "] changed from " + was[i] + " to " + is[i] + " by a rejected call");
                }
            }
        }
    }
}
