package io.github.panagrad.kernel;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.DynamicContainer.dynamicContainer;
import static org.junit.jupiter.api.DynamicTest.dynamicTest;

import java.util.Arrays;
import java.util.List;
import java.util.Random;
import java.util.stream.IntStream;
import java.util.stream.Stream;
import org.junit.jupiter.api.DynamicContainer;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestFactory;

/**
 * The numerical contract of sum, dot, mse and columnSums on every backend: the scalar
 * reference's bits, at every length from 0 to 300 and at awkward lengths up to 10⁵, with
 * regular values, values over a wide dynamic range and special values; and each result
 * within {@code γ(k)·Σ|terms|} of the double-precision value, with k as the {@link Kernels}
 * javadoc states it (sum and dot n, mse n + 3, columnSums m + 1), for every awkward size at
 * random offsets; NaN and infinities give the IEEE class of the exact result; nothing
 * outside the output is written.
 */
class ReductionTest {

    /** Layouts (offsets, tails, values) tried per size. */
    private static final int LAYOUTS = 3;

    private static final float[] BETAS = {0f, 1f, 0.5f};

    @TestFactory
    Stream<DynamicContainer> regularInputsStayWithinTheBound() {
        return Stream.of(
                perSize("sum", size -> checkReduction(Reduction.SUM, size, null)),
                perSize("dot", size -> checkReduction(Reduction.DOT, size, null)),
                perSize("mse", size -> checkReduction(Reduction.MSE, Math.max(1, size), null)),
                perSize("columnSums, m = size", size -> checkColumnSums(size, 1 + size % 9, false)),
                perSize("columnSums, n = size", size -> checkColumnSums(KernelCases.rowsFor(size) + 1, size, false)));
    }

    /**
     * Lengths beyond 300 around the multiples of the 64 partial sums and of every vector
     * width, primes, and the largest a training batch or a layer typically reaches.
     */
    private static final int[] LONG_LENGTHS = {511, 512, 513, 1021, 1023, 1024, 1025, 4095, 4097, 30011,
        65535, 65536, 65537, 99991, 100000, 100003};

    @TestFactory
    Stream<DynamicContainer> reductionsGiveTheScalarBitsAtEveryLength() {
        IntStream lengths = IntStream.concat(IntStream.rangeClosed(0, 300), Arrays.stream(LONG_LENGTHS));
        int[] all = lengths.toArray();
        return Arrays.stream(Reduction.values()).map(reduction -> dynamicContainer(reduction.name(),
                Arrays.stream(all).filter(n -> n > 0 || reduction != Reduction.MSE).mapToObj(n ->
                        dynamicTest(reduction + ", n = " + n, () -> assertScalarBits(reduction, n)))));
    }

    private static void assertScalarBits(Reduction reduction, int n) {
        int checked = 0;
        for (Inputs.FloatSource values : new Inputs.FloatSource[] {Inputs.REGULAR, Inputs.WIDE, Inputs.ADVERSARIAL}) {
            Layout l = new Layout(Inputs.seed("bits", reduction, n, checked), values);
            Invocation call = reduction.call(n, l);
            Invocation.Outcome reference = call.run(Backends.scalar());
            float canonical = reduction.canonical(n, l);
            assertEquals(Float.floatToIntBits(canonical), Float.floatToIntBits(reference.value()),
                    () -> call.description() + ": SCALAR gives " + reference.value() + ", the canonical order " + canonical);
            for (Kernels kernels : Backends.all()) {
                call.assertSameBits(reference, call.run(kernels));
                checked++;
            }
        }
        assertEquals(3 * Backends.all().size(), checked);
    }

    /** Special values placed at the start, in the middle (inside the vector body) and at the end (in the tail). */
    private enum Special {
        NAN(true),
        POSITIVE_INFINITY(false),
        NEGATIVE_INFINITY(false),
        OPPOSITE_INFINITIES(true),
        SUBNORMALS_AND_SIGNED_ZEROS(false);

        final boolean nanExpected;

        Special(boolean nanExpected) {
            this.nanExpected = nanExpected;
        }
    }

    @TestFactory
    Stream<DynamicContainer> specialValuesGiveTheIeeeClass() {
        return Arrays.stream(Special.values()).map(special -> dynamicContainer(special.name(), Stream.of(
                perSize("sum with " + special, size -> checkReduction(Reduction.SUM, Math.max(2, size), special)),
                perSize("dot with " + special, size -> checkReduction(Reduction.DOT, Math.max(2, size), special)),
                perSize("mse with " + special, size -> checkReduction(Reduction.MSE, Math.max(2, size), special)))));
    }

    /**
     * An input whose scalar mse error exceeds γ(n + 2)·Σ but not γ(n + 3)·Σ: the first
     * difference rounds and that error is squared, so it counts twice. Error 1.09e-7,
     * γ(5)·Σ = 9.94e-8, γ(6)·Σ = 1.19e-7.
     */
    @Test
    void mseNeedsNPlusThreeRoundings() {
        float[] p = {Float.intBitsToFloat(0x3f8007ff), Float.intBitsToFloat(0x397fffff), Float.intBitsToFloat(0x397fffff)};
        float[] t = {Float.intBitsToFloat(0xb37fffff), 0f, 0f};
        double exact = 0;
        for (int i = 0; i < p.length; i++) {
            double d = (double) p[i] - t[i];
            exact += d * d / p.length;
        }
        float scalar = Kernels.of(Backend.SCALAR).mse(p.length, p, 0, t, 0);
        assertEquals(false, ErrorBound.holds(scalar, exact, p.length + 2, exact), "this input needs more than n + 2");
        for (Kernels kernels : Backends.all()) {
            float computed = kernels.mse(p.length, p, 0, t, 0);
            assertEquals(true, ErrorBound.holds(computed, exact, p.length + 3, exact),
                    kernels.backend() + ": mse = " + computed + ", exact = " + exact);
        }
    }

    @Test
    void columnSumsWithBetaZeroDoesNotReadY() {
        int checked = 0;
        for (int size : Inputs.SIZES) {
            checked += checkColumnSums(KernelCases.rowsFor(size) + 1, size, true);
        }
        assertEquals(Inputs.SIZES.length * LAYOUTS * BETAS.length * Backends.all().size(), checked);
    }

    /**
     * columnSums sums each column over the rows in order on every backend, so it gives the
     * reference's bits; arrays that end where the matrix ends make the vector kernel finish
     * its last rows of narrow columns in scalar form.
     */
    @Test
    void columnSumsGivesTheReferenceBitsUpToTheArrayEnd() {
        Random random = new Random(Inputs.seed("columnSums bits"));
        int checked = 0;
        for (int m = 0; m <= 40; m += 3) {
            for (int n = 1; n <= 40; n++) {
                int xOff = (m + n) % 3;
                float[] x = new float[xOff + m * n];
                for (int i = 0; i < x.length; i++) {
                    x[i] = (float) random.nextGaussian();
                }
                float beta = n % 2 == 0 ? 0f : 0.75f;
                float[] expected = new float[n + 1];
                for (int i = 0; i < expected.length; i++) {
                    expected[i] = (float) random.nextGaussian();
                }
                float[] initial = expected.clone();
                Backends.scalar().columnSums(m, n, x, xOff, beta, expected, 1);
                for (Kernels kernels : Backends.all()) {
                    float[] y = initial.clone();
                    kernels.columnSums(m, n, x, xOff, beta, y, 1);
                    assertEquals(Arrays.toString(expected), Arrays.toString(y),
                            kernels + ": columnSums(m = " + m + ", n = " + n + ", xOff = " + xOff + ", beta = " + beta + ")");
                    checked++;
                }
            }
        }
        assertEquals(14 * 40 * Backends.all().size(), checked);
    }

    @Test
    void columnSumsPropagatesNaNAndInfinityPerColumn() {
        for (int n : new int[] {1, 17, 100, 1021}) {
            for (int m : new int[] {1, 3, 64}) {
                for (float beta : BETAS) {
                    Layout l = new Layout(Inputs.seed("columnSums special", m, n, beta), Inputs.REGULAR);
                    Invocation call = KernelCases.columnSums(m, n, beta, l);
                    Random r = l.random();
                    l.set(0, r.nextInt(m) * n + r.nextInt(n), Float.NaN);
                    int column = r.nextInt(n);
                    l.set(0, r.nextInt(m) * n + column, Float.POSITIVE_INFINITY);
                    l.set(0, r.nextInt(m) * n + column, Float.NEGATIVE_INFINITY);
                    l.set(0, r.nextInt(m) * n + r.nextInt(n), Float.NEGATIVE_INFINITY);
                    l.set(1, r.nextInt(n), Float.POSITIVE_INFINITY);
                    checkColumnSumsOnAllBackends(call, l, m, n, beta);
                }
            }
        }
    }

    /** The single-result reductions and their rounding counts. */
    private enum Reduction {
        SUM(0), DOT(0), MSE(3);

        /** Roundings beyond n: mse's squared subtraction error and its division (the javadoc's k = n + 3). */
        final int extraRoundings;

        Reduction(int extraRoundings) {
            this.extraRoundings = extraRoundings;
        }

        Invocation call(int n, Layout l) {
            switch (this) {
                case SUM:
                    return KernelCases.sum(n, l);
                case DOT:
                    return KernelCases.dot(n, l);
                default:
                    return KernelCases.mse(n, l);
            }
        }

        /** The result in the canonical order of docs/numerics.md, from {@link Reference#canonicalReduction}. */
        float canonical(int n, Layout l) {
            float[] x = l.array(0);
            int xo = l.offset(0);
            switch (this) {
                case SUM:
                    return Reference.canonicalReduction(n, (s, i) -> s + x[xo + i]);
                case DOT:
                    return Reference.canonicalReduction(n, (s, i) -> Math.fma(x[xo + i], l.array(1)[l.offset(1) + i], s));
                default:
                    return Reference.canonicalReduction(n, (s, i) -> {
                        float d = x[xo + i] - l.array(1)[l.offset(1) + i];
                        return Math.fma(d, d, s);
                    }) / n;
            }
        }

        Reference.Exact exact(int n, Layout l) {
            switch (this) {
                case SUM:
                    return Reference.sum(n, l.array(0), l.offset(0));
                case DOT:
                    return Reference.dot(n, l.array(0), l.offset(0), l.array(1), l.offset(1));
                default:
                    return Reference.mse(n, l.array(0), l.offset(0), l.array(1), l.offset(1));
            }
        }
    }

    private static DynamicContainer perSize(String name, SizeCheck check) {
        return dynamicContainer(name, Arrays.stream(Inputs.SIZES).mapToObj(size ->
                dynamicTest(name + ", n = " + size, () -> check.run(size))));
    }

    @FunctionalInterface
    private interface SizeCheck {
        void run(int size);
    }

    private static void checkReduction(Reduction reduction, int n, Special special) {
        for (int layout = 0; layout < LAYOUTS; layout++) {
            Layout l = new Layout(Inputs.seed(reduction, n, special, layout), Inputs.REGULAR);
            Invocation call = reduction.call(n, l);
            if (special != null) {
                place(special, l, reduction, n);
            }
            Reference.Exact exact = reduction.exact(n, l);
            if (special != null) {
                assertEquals(special.nanExpected, Double.isNaN(exact.value()),
                        call.description() + ": whether the exact result is NaN (exact " + exact.value() + ")");
            }
            Invocation.Outcome reference = call.run(Backends.scalar());
            for (Kernels kernels : Backends.all()) {
                Invocation.Outcome outcome = call.run(kernels);
                call.assertWroteOnlyOutputWindows(outcome);
                call.assertSameBits(reference, outcome);
                Reference.assertWithinBound(() -> call.description() + " on " + kernels, outcome.value(), exact,
                        n + reduction.extraRoundings);
            }
        }
    }

    /**
     * Puts the special values into the first operand's window at the start, the middle and
     * the end; where dot's second operand meets an infinity it is set to 1, so the product
     * stays infinite.
     */
    private static void place(Special special, Layout l, Reduction reduction, int n) {
        boolean twoOperands = reduction != Reduction.SUM;
        int[] positions = {0, n / 2, n - 1};
        Random r = l.random();
        switch (special) {
            case NAN:
                l.set(0, positions[r.nextInt(3)], Float.NaN);
                break;
            case POSITIVE_INFINITY:
            case NEGATIVE_INFINITY:
                float inf = special == Special.POSITIVE_INFINITY ? Float.POSITIVE_INFINITY : Float.NEGATIVE_INFINITY;
                for (int position : positions) {
                    l.set(0, position, inf);
                    if (twoOperands) {
                        l.set(1, position, 1f);
                    }
                }
                break;
            case OPPOSITE_INFINITIES:
                l.set(0, 0, Float.POSITIVE_INFINITY);
                if (reduction == Reduction.MSE) {
                    // Inf - Inf: squares are never negative, so the NaN must come from the difference
                    l.set(1, 0, Float.POSITIVE_INFINITY);
                } else {
                    l.set(0, n - 1, Float.NEGATIVE_INFINITY);
                    if (twoOperands) {
                        l.set(1, 0, 1f);
                        l.set(1, n - 1, 1f);
                    }
                }
                break;
            default:
                // every other element: a subnormal or a signed zero; element 0 stays a
                // non-zero regular value so the result stays out of the subnormal range
                l.set(0, 0, 1.5f);
                for (int i = 1; i < n; i += 2) {
                    l.set(0, i, r.nextInt(3) == 0 ? (r.nextBoolean() ? 0f : -0f)
                            : (r.nextBoolean() ? 1f : -1f) * Float.intBitsToFloat(1 + r.nextInt(0x007f_ffff)));
                }
                if (twoOperands) {
                    l.set(1, 0, -2.25f);
                }
        }
    }

    /** Checks columnSums of an m × n matrix for every beta; returns the runs checked. */
    private static int checkColumnSums(int m, int n, boolean nanInY) {
        int checked = 0;
        for (float beta : BETAS) {
            for (int layout = 0; layout < LAYOUTS; layout++) {
                Layout l = new Layout(Inputs.seed("columnSums", m, n, beta, nanInY, layout), Inputs.REGULAR);
                Invocation call = KernelCases.columnSums(m, n, beta, l);
                if (nanInY) {
                    for (int j = 0; j < n; j++) {
                        l.set(1, j, beta == 0f ? Float.NaN : Float.POSITIVE_INFINITY);
                    }
                }
                checked += checkColumnSumsOnAllBackends(call, l, m, n, beta);
            }
        }
        return checked;
    }

    private static int checkColumnSumsOnAllBackends(Invocation call, Layout l, int m, int n, float beta) {
        Reference.Exact[] exact = Reference.columnSums(m, n, l.array(0), l.offset(0), beta, l.array(1), l.offset(1));
        int yOff = l.offset(1);
        List<Kernels> backends = Backends.all();
        Invocation.Outcome reference = call.run(Backends.scalar());
        for (Kernels kernels : backends) {
            Invocation.Outcome outcome = call.run(kernels);
            call.assertWroteOnlyOutputWindows(outcome);
            call.assertSameBits(reference, outcome);
            for (int j = 0; j < n; j++) {
                int column = j;
                Reference.assertWithinBound(() -> call.description() + " on " + kernels + ": y[" + column + "]",
                        outcome.arrays()[1][yOff + j], exact[j], m + 1L);
            }
        }
        return backends.size();
    }
}
