package io.github.panagrad.kernel;

import static org.junit.jupiter.api.Assertions.assertEquals;
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

import java.util.ArrayList;
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

    private static final KernelEntry COLUMN_SUMS = KernelCatalogue.entry("columnSums");

    @TestFactory
    Stream<DynamicContainer> regularInputsStayWithinTheBound() {
        return Stream.of(
                perSize("sum", size -> checkReduction(Reduction.SUM, size, null)),
                perSize("dot", size -> checkReduction(Reduction.DOT, size, null)),
                perSize("mse", size -> checkReduction(Reduction.MSE, Math.max(1, size), null)),
                perSize("columnSums, m = size", size -> checkColumnSums(size, 1 + size % 9, false)),
                perSize("columnSums, n = size", size -> checkColumnSums(size % 5 + 1, size, false)));
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
        for (Values values : new Values[] {Values.REGULAR, Values.WIDE, Values.ADVERSARIAL}) {
            Call call = reduction.call(n, Inputs.seed("bits", reduction, n, checked), values);
            ContractCheck check = new ContractCheck(reduction.entry, call, values);
            ContractCheck.Run scalar = check.run(Backends.scalar());
            float canonical = reduction.canonical(call);
            assertEquals(Float.floatToIntBits(canonical), Float.floatToIntBits(scalar.value()),
                    () -> check.describe() + ": SCALAR gives " + scalar.value() + ", the canonical order " + canonical);
            List<ContractCheck.Run> runs = new ArrayList<>(List.of(scalar));
            for (Kernels kernels : Backends.all()) {
                runs.add(check.run(kernels));
                checked++;
            }
            assertHolds(check.checkRuns(runs));
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

    /**
     * A partial sum of dot whose products all underflow to negative values is -0
     * ({@code fma(-x, y, +0)} with {@code x·y} below the smallest subnormal), and when every
     * partial is, so is the result: the canonical order keeps the sign, on every backend.
     */
    @Test
    void dotOfProductsThatUnderflowKeepsItsNegativeZero() {
        KernelEntry dot = KernelCatalogue.entry("dot");
        int checked = 0;
        for (int n : new int[] {64, 65, 128, 1000, 4099}) {
            Call call = Reduction.DOT.call(n, Inputs.seed("negative zero dot", n), Values.REGULAR);
            for (int i = 0; i < n; i++) {
                call.set("x", i, -1e-30f);
                call.set("y", i, 1e-30f);
            }
            ContractCheck check = new ContractCheck(dot, call, Values.REGULAR);
            ContractCheck.Run scalar = check.run(Backends.scalar());
            assertEquals(Float.floatToIntBits(-0f), Float.floatToIntBits(scalar.value()), "dot(n = " + n + ") on SCALAR");
            assertEquals(Float.floatToIntBits(Reduction.DOT.canonical(call)), Float.floatToIntBits(scalar.value()));
            for (Kernels kernels : Backends.all()) {
                assertHolds(check.sameBits(scalar, check.run(kernels)));
                checked++;
            }
        }
        assertEquals(5 * Backends.all().size(), checked);
    }

    @Test
    void columnSumsWithBetaZeroDoesNotReadY() {
        int checked = 0;
        for (int size : Inputs.SIZES) {
            checked += checkColumnSums(size % 5 + 1, size, true);
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
                    long seed = Inputs.seed("columnSums special", m, n, beta);
                    Call call = columnSums(seed, m, n, beta);
                    Random r = new Random(seed);
                    call.set("x", r.nextInt(m) * n + r.nextInt(n), Float.NaN);
                    int column = r.nextInt(n);
                    call.set("x", r.nextInt(m) * n + column, Float.POSITIVE_INFINITY);
                    call.set("x", r.nextInt(m) * n + column, Float.NEGATIVE_INFINITY);
                    call.set("x", r.nextInt(m) * n + r.nextInt(n), Float.NEGATIVE_INFINITY);
                    call.set("y", r.nextInt(n), Float.POSITIVE_INFINITY);
                    checkColumnSumsOnAllBackends(call);
                }
            }
        }
    }

    /** The single-result reductions, their operands, and their canonical order. */
    private enum Reduction {
        SUM("sum", "x", null), DOT("dot", "x", "y"), MSE("mse", "p", "t");

        final KernelEntry entry;
        final String first;
        final String second;

        Reduction(String kernel, String first, String second) {
            this.entry = KernelCatalogue.entry(kernel);
            this.first = first;
            this.second = second;
        }

        /** A call on {@code n} elements, each operand in an array of its own. */
        Call call(int n, long seed, Values values) {
            return entry.generate(new Random(seed), n, values, Variant.ANY.with("n", n));
        }

        /** The result in the canonical order of docs/numerics.md, from {@link Reference#canonicalReduction}. */
        float canonical(Call c) {
            int n = c.i("n");
            switch (this) {
                case SUM:
                    return Reference.canonicalReduction(n, (s, i) -> s + c.at("x", i));
                case DOT:
                    return Reference.canonicalReduction(n, (s, i) -> Math.fma(c.at("x", i), c.at("y", i), s));
                default:
                    return Reference.canonicalReduction(n, (s, i) -> {
                        float d = c.at("p", i) - c.at("t", i);
                        return Math.fma(d, d, s);
                    }) / n;
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
            long seed = Inputs.seed(reduction, n, special, layout);
            Call call = reduction.call(n, seed, Values.REGULAR);
            if (special != null) {
                place(special, call, reduction, n, new Random(seed));
                double exact = reduction.entry.exact(call).get(0).exact();
                assertEquals(special.nanExpected, Double.isNaN(exact),
                        reduction.entry.name() + call + ": whether the exact result is NaN (exact " + exact + ")");
            }
            assertHolds(new ContractCheck(reduction.entry, call, Values.REGULAR).check(Backends.all()));
        }
    }

    private static void assertHolds(ContractOutcome outcome) {
        assertTrue(outcome.holds(), outcome::firstViolation);
    }

    /**
     * Puts the special values into the first operand's window at the start, the middle and
     * the end; where dot's second operand meets an infinity it is set to 1, so the product
     * stays infinite.
     */
    private static void place(Special special, Call call, Reduction reduction, int n, Random r) {
        String first = reduction.first;
        String second = reduction.second;
        int[] positions = {0, n / 2, n - 1};
        switch (special) {
            case NAN:
                call.set(first, positions[r.nextInt(3)], Float.NaN);
                break;
            case POSITIVE_INFINITY:
            case NEGATIVE_INFINITY:
                float inf = special == Special.POSITIVE_INFINITY ? Float.POSITIVE_INFINITY : Float.NEGATIVE_INFINITY;
                for (int position : positions) {
                    call.set(first, position, inf);
                    if (second != null) {
                        call.set(second, position, 1f);
                    }
                }
                break;
            case OPPOSITE_INFINITIES:
                call.set(first, 0, Float.POSITIVE_INFINITY);
                if (reduction == Reduction.MSE) {
                    // Inf - Inf: squares are never negative, so the NaN must come from the difference
                    call.set(second, 0, Float.POSITIVE_INFINITY);
                } else {
                    call.set(first, n - 1, Float.NEGATIVE_INFINITY);
                    if (second != null) {
                        call.set(second, 0, 1f);
                        call.set(second, n - 1, 1f);
                    }
                }
                break;
            default:
                // every other element: a subnormal or a signed zero; element 0 stays a
                // non-zero regular value so the result stays out of the subnormal range
                call.set(first, 0, 1.5f);
                for (int i = 1; i < n; i += 2) {
                    call.set(first, i, r.nextInt(3) == 0 ? (r.nextBoolean() ? 0f : -0f)
                            : (r.nextBoolean() ? 1f : -1f) * Float.intBitsToFloat(1 + r.nextInt(0x007f_ffff)));
                }
                if (second != null) {
                    call.set(second, 0, -2.25f);
                }
        }
    }

    /** Checks columnSums of an m × n matrix for every beta; returns the runs checked. */
    private static int checkColumnSums(int m, int n, boolean nanInY) {
        int checked = 0;
        for (float beta : BETAS) {
            for (int layout = 0; layout < LAYOUTS; layout++) {
                Call call = columnSums(Inputs.seed("columnSums", m, n, beta, nanInY, layout), m, n, beta);
                if (nanInY) {
                    for (int j = 0; j < n; j++) {
                        call.set("y", j, beta == 0f ? Float.NaN : Float.POSITIVE_INFINITY);
                    }
                }
                checked += checkColumnSumsOnAllBackends(call);
            }
        }
        return checked;
    }

    private static Call columnSums(long seed, int m, int n, float beta) {
        return COLUMN_SUMS.generate(new Random(seed), 0, Values.REGULAR,
                Variant.ANY.with("m", m).with("n", n).with("beta", beta));
    }

    /** Every backend: the scalar bits, nothing outside y written, each column within γ(m + 1); returns the runs checked. */
    private static int checkColumnSumsOnAllBackends(Call call) {
        List<Kernels> backends = Backends.all();
        assertHolds(new ContractCheck(COLUMN_SUMS, call, Values.REGULAR).check(backends));
        return backends.size();
    }
}
