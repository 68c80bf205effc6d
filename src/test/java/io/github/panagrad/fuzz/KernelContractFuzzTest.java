package io.github.panagrad.fuzz;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.fail;

import io.github.panagrad.fuzz.KernelSpec.Bound;
import io.github.panagrad.fuzz.KernelSpec.Operand;
import io.github.panagrad.kernel.Backend;
import io.github.panagrad.kernel.ErrorBound;
import io.github.panagrad.kernel.Kernels;

import java.lang.reflect.Method;
import java.lang.reflect.Modifier;
import java.util.Arrays;
import java.util.IdentityHashMap;
import java.util.List;
import java.util.Map;
import java.util.Random;
import java.util.Set;
import java.util.TreeSet;
import java.util.stream.Collectors;
import java.util.stream.Stream;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.MethodSource;

/**
 * Random valid calls of every public kernel (random shapes, transposes, offsets, leading
 * dimensions, alpha and beta, in-place and shared arrays, special values), each run on both
 * backends, checking the numerical contract: every kernel gives the same bits on SCALAR and
 * VECTOR, in every array and in the value it returns; elementwise kernels give, where the
 * formula is simple, the bits of the formula in their javadoc; reductions stay within
 * {@code γ(k)·Σ|terms|} of a double reference on each backend; no kernel changes any
 * element outside its output windows, inputs included. Runs once per vector width.
 */
class KernelContractFuzzTest {

    /** Random valid calls per kernel and run (times {@value FuzzRun#SCALE_PROPERTY}). */
    private static final int CASES_PER_KERNEL = 1500;

    private static final FuzzRun RUN = new FuzzRun("kernel contract");

    static Stream<KernelSpec> kernels() {
        return KernelSpecs.all().stream();
    }

    @ParameterizedTest(name = "{0}")
    @MethodSource("kernels")
    void randomValidCallsKeepTheContractOnBothBackends(KernelSpec spec) {
        List<Kernels> backends = List.of(Kernels.of(Backend.SCALAR), Kernels.of(Backend.VECTOR));
        int cases = FuzzRun.cases(CASES_PER_KERNEL);
        for (int index = 0; index < cases; index++) {
            Random random = RUN.caseRandom(spec.name, index);
            Call original = spec.generate(random);
            String where = RUN.replay(spec.name, index) + "\n  " + spec.name + original;
            Call[] outputs = new Call[backends.size()];
            float[] results = new float[backends.size()];
            for (int b = 0; b < backends.size(); b++) {
                Kernels kernels = backends.get(b);
                Call run = original.copy();
                String on = where + "\n  on " + kernels.backend() + ": ";
                results[b] = invokeValid(spec, kernels, run, on);
                assertUntouchedOutsideOutputs(spec, original, run, on);
                if (spec.isBounded()) {
                    assertWithinBounds(spec, original, run, results[b], on);
                } else {
                    assertFormula(spec, original, run, on);
                }
                outputs[b] = run;
            }
            String versus = where + "\n  SCALAR vs VECTOR: ";
            assertSameBits(spec, outputs[0], outputs[1], versus);
            if (Float.floatToIntBits(results[0]) != Float.floatToIntBits(results[1])) {
                fail(String.format("%sreturned %s (0x%08x) and %s (0x%08x)", versus, results[0],
                        Float.floatToIntBits(results[0]), results[1], Float.floatToIntBits(results[1])));
            }
        }
        RUN.count(spec.name, cases);
    }

    /** A kernel added to the facade without a description here would go unfuzzed: fail instead. */
    @Test
    void everyPublicKernelIsFuzzed() {
        Set<String> described = KernelSpecs.all().stream().map(spec -> spec.name).collect(Collectors.toSet());
        Set<String> kernels = Arrays.stream(Kernels.class.getDeclaredMethods())
                .filter(m -> Modifier.isPublic(m.getModifiers()) && !Modifier.isStatic(m.getModifiers()))
                .filter(m -> m.getParameterCount() > 0)
                .map(Method::getName)
                .collect(Collectors.toSet());
        assertEquals(new TreeSet<>(kernels), new TreeSet<>(described));
    }

    @AfterAll
    static void printTally() {
        System.out.println(RUN.summary());
    }

    private static float invokeValid(KernelSpec spec, Kernels kernels, Call run, String on) {
        try {
            return spec.invoke(kernels, run);
        } catch (RuntimeException e) {
            throw new AssertionError(on + "a valid call threw " + e, e);
        }
    }

    /** Every element outside the written windows keeps its raw bits, in every array the call received. */
    private static void assertUntouchedOutsideOutputs(KernelSpec spec, Call original, Call run, String on) {
        Map<float[], boolean[]> writable = writableElements(spec, run);
        for (Operand operand : spec.operands()) {
            float[] before = original.a(operand.name());
            float[] after = run.a(operand.name());
            if (after == null) {
                continue;
            }
            boolean[] mayChange = writable.get(after);
            for (int i = 0; i < after.length; i++) {
                if ((mayChange == null || !mayChange[i])
                        && Float.floatToRawIntBits(after[i]) != Float.floatToRawIntBits(before[i])) {
                    fail(on + operand.name() + "[" + i + "] changed from " + before[i] + " to " + after[i]
                            + " outside every output window");
                }
            }
        }
    }

    /** Per array written by the call, which of its elements lie in the window of an operand the kernel writes. */
    private static Map<float[], boolean[]> writableElements(KernelSpec spec, Call run) {
        Map<float[], boolean[]> writable = new IdentityHashMap<>();
        for (Operand operand : spec.operands()) {
            float[] array = run.a(operand.name());
            if (operand.written() && array != null) {
                Window window = operand.window().apply(run);
                boolean[] mask = writable.computeIfAbsent(array, a -> new boolean[a.length]);
                for (int i = window.off(); i < window.end(); i++) {
                    mask[i] |= window.contains(i);
                }
            }
        }
        return writable;
    }

    private static void assertFormula(KernelSpec spec, Call original, Call run, String on) {
        if (spec.reference() == null) {
            return;
        }
        Call expected = original.copy();
        spec.reference().apply(expected);
        assertSameBits(spec, expected, run, on + "against the javadoc formula: ");
    }

    /** Same {@code floatToIntBits} in every element of every array (NaN payloads aside, as the contract compares). */
    private static void assertSameBits(KernelSpec spec, Call expected, Call actual, String on) {
        for (Operand operand : spec.operands()) {
            float[] want = expected.a(operand.name());
            float[] got = actual.a(operand.name());
            if (want == null) {
                continue;
            }
            for (int i = 0; i < want.length; i++) {
                if (Float.floatToIntBits(want[i]) != Float.floatToIntBits(got[i])) {
                    fail(String.format("%s%s[%d]: expected %s (0x%08x), got %s (0x%08x)", on, operand.name(), i,
                            want[i], Float.floatToIntBits(want[i]), got[i], Float.floatToIntBits(got[i])));
                }
            }
        }
    }

    private static void assertWithinBounds(KernelSpec spec, Call original, Call run, float result, String on) {
        for (Bound bound : spec.exact().bounds(original)) {
            float computed = bound.operand() == null ? result : run.a(bound.operand())[bound.index()];
            if (!ErrorBound.holds(computed, bound.exact(), bound.k(), bound.absSum())) {
                fail(String.format("%s%s = %s, exact %s, |error| %s exceeds γ(%d)·Σ|terms| = %s (Σ|terms| = %s)",
                        on, bound.where(), computed, bound.exact(), Math.abs(computed - bound.exact()), bound.k(),
                        ErrorBound.allowed(bound.k(), bound.absSum()), bound.absSum()));
            }
        }
    }
}
