package io.github.panagrad.kernel;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.github.panagrad.contract.Call;
import io.github.panagrad.contract.ContractCheck;
import io.github.panagrad.contract.ContractOutcome;
import io.github.panagrad.contract.KernelCatalogue;
import io.github.panagrad.contract.KernelEntry;
import io.github.panagrad.contract.Values;
import io.github.panagrad.contract.Variant;

import java.util.ArrayList;
import java.util.List;
import java.util.Random;
import org.junit.jupiter.api.Test;

/**
 * gemm's contract on every backend: the scalar reference's bits, and each element of C within
 * {@code γ(k + 2)} of the double-precision {@code alpha Σ op(A) op(B) + beta C}, relative to
 * {@code |alpha| Σ|a b| + |beta c|}; BLAS semantics for {@code beta == 0} (C not read) and
 * {@code alpha == 0} (A and B not read), checked in every variant by filling the unread
 * operands with NaN; IEEE classes for NaN and infinities; nothing written outside C's
 * window, the gaps between rows included. Every transpose combination meets every alpha
 * and beta, and each sweep asserts how many variants it checked.
 */
class GemmTest {

    private static final KernelEntry GEMM = KernelCatalogue.entry("gemm");

    private static final float[] ALPHAS = {0f, 1f, -0.5f, 2.5f};
    private static final float[] BETAS = {0f, 1f, 0.75f};
    private static final boolean[] TRANSPOSES = {false, true};

    /** Variants per shape: 4 transpose combinations × 4 alphas × 3 betas. */
    private static final int VARIANTS = 48;

    private static final int[] ODD_SIZES = {1, 2, 3, 5, 7, 13, 16, 17, 31, 33, 64, 65, 100, 127, 129};

    @Test
    void oddShapesInEveryVariantStayWithinTheBound() {
        List<int[]> shapes = new ArrayList<>();
        for (int i = 0; i < ODD_SIZES.length; i++) {
            int s = ODD_SIZES[i];
            int u = ODD_SIZES[(i + 4) % ODD_SIZES.length];
            int v = ODD_SIZES[(i + 9) % ODD_SIZES.length];
            // each size once as m, once as n and once as k
            shapes.add(new int[] {s, u, v});
            shapes.add(new int[] {v, s, u});
            shapes.add(new int[] {u, v, s});
        }
        int checked = sweep("odd", shapes, ALPHAS, BETAS);
        assertEquals(15 * 3 * VARIANTS * Backends.all().size(), checked);
    }

    /** Skinny, narrow, deep and empty products; 1 × k · k × 1 for k up to 4099. */
    @Test
    void skinnyNarrowDeepAndEmptyShapesInEveryVariantStayWithinTheBound() {
        List<int[]> shapes = new ArrayList<>(List.of(
                // m, n, k
                new int[] {1000, 8, 3}, new int[] {1000, 1, 3}, new int[] {1000, 2, 3}, new int[] {8, 1000, 3},
                new int[] {3, 4099, 1}, new int[] {9, 2, 513}, new int[] {5, 40, 300}, new int[] {2, 600, 5},
                new int[] {5, 7, 0}, new int[] {0, 7, 5}, new int[] {7, 0, 5}, new int[] {0, 0, 0}));
        for (int k : new int[] {1, 2, 7, 16, 17, 100, 1021, 4099}) {
            shapes.add(new int[] {1, 1, k});
        }
        int checked = sweep("skinny", shapes, ALPHAS, BETAS);
        assertEquals(20 * VARIANTS * Backends.all().size(), checked);
    }

    /** The products of a 784 → 256 linear layer on a batch of 128: forward, and both gradients accumulated. */
    @Test
    void mlpShapesStayWithinTheBound() {
        int[][] products = {
            // transA, transB (1 = transposed), m, n, k
            {0, 0, 128, 256, 784},  // X · W with W stored in × out
            {0, 1, 128, 256, 784},  // X · Wᵀ with W stored out × in, as Linear keeps it
            {0, 0, 128, 784, 256},  // dX = dY · W
            {1, 0, 256, 784, 128},  // dW = dYᵀ · X
        };
        int checked = 0;
        for (int[] p : products) {
            checked += check("mlp", p[0] == 1, p[1] == 1, p[2], p[3], p[4], new float[] {1f}, new float[] {0f, 1f});
        }
        assertEquals(4 * 2 * Backends.all().size(), checked);
    }

    /** Ways to put special values into a gemm, each with the alpha and beta it is checked with. */
    private enum Special {
        NAN_IN_A(1f, 0.75f, true),
        NAN_IN_B(2.5f, 0f, true),
        INFINITY_TIMES_ZERO(1f, 1f, true),
        OPPOSITE_INFINITIES(-0.5f, 0.75f, true),
        INFINITY_IN_C(1f, 0.75f, false),
        INFINITY_IN_B_WITH_ALPHA_ZERO(0f, 0.75f, false),
        SUBNORMAL_TINY_AND_HUGE(1f, 0.75f, false);

        final float alpha;
        final float beta;
        final boolean nanExpected;

        Special(float alpha, float beta, boolean nanExpected) {
            this.alpha = alpha;
            this.beta = beta;
            this.nanExpected = nanExpected;
        }
    }

    @Test
    void specialValuesPropagateAsIeeeSaysAndUnreadOperandsDoNot() {
        int[][] shapes = {{7, 33, 13}, {17, 65, 31}, {1, 16, 1}, {300, 1, 3}, {9, 2, 5}, {60, 20, 7}, {13, 530, 300}};
        int checked = 0;
        for (int[] shape : shapes) {
            for (boolean transA : TRANSPOSES) {
                for (boolean transB : TRANSPOSES) {
                    for (Special special : Special.values()) {
                        checked += checkSpecial(special, transA, transB, shape[0], shape[1], shape[2]);
                    }
                }
            }
        }
        assertEquals(7 * 4 * Special.values().length * Backends.all().size(), checked);
    }

    /**
     * A block sum whose products underflow to a negative value is -0 ({@code fma(-x, y, +0)} with
     * {@code x·y} below the smallest subnormal), and the canonical order keeps it:
     * {@code fma(-0, alpha, -0)} is -0 for {@code beta = 0}, and for {@code beta = 1} over a C of
     * -0. Shapes for every path: thin, short lines, narrow (a C at most one vector wide) and tiled.
     * Identical bits only: the γ(k) bound assumes no underflow.
     */
    @Test
    void blockSumsOfUnderflowingProductsKeepTheirNegativeZero() {
        int[][] shapes = {{30, 11, 1}, {63, 16, 1}, {16, 11, 2}, {1, 16, 3}, {300, 1, 1}, {3, 4099, 1}, {64, 64, 1}};
        int checked = 0;
        for (int[] shape : shapes) {
            for (boolean transA : TRANSPOSES) {
                for (float beta : new float[] {0f, 1f}) {
                    Random random = new Random(Inputs.seed("negative zero", transA, shape[0], shape[1], beta));
                    Operands ops = new Operands(random, transA, false, shape[0], shape[1], shape[2], 1.5f, beta);
                    for (int i = 0; i < shape[0]; i++) {
                        for (int p = 0; p < shape[2]; p++) {
                            ops.setA(i, p, -1e-30f);
                        }
                        for (int j = 0; j < shape[1]; j++) {
                            ops.call.set("c", i, j, -0f);
                        }
                    }
                    for (int p = 0; p < shape[2]; p++) {
                        for (int j = 0; j < shape[1]; j++) {
                            ops.setB(p, j, 1e-30f);
                        }
                    }
                    checked += ops.checkAllBackends(Values.ADVERSARIAL);
                }
            }
        }
        assertEquals(7 * 2 * 2 * Backends.all().size(), checked);
    }

    private static int sweep(String group, List<int[]> shapes, float[] alphas, float[] betas) {
        int checked = 0;
        for (int[] shape : shapes) {
            for (boolean transA : TRANSPOSES) {
                for (boolean transB : TRANSPOSES) {
                    checked += check(group, transA, transB, shape[0], shape[1], shape[2], alphas, betas);
                }
            }
        }
        return checked;
    }

    /** Checks one shape and transpose combination for every alpha and beta on every backend; returns the runs checked. */
    private static int check(String group, boolean transA, boolean transB, int m, int n, int k,
                             float[] alphas, float[] betas) {
        int checked = 0;
        for (float alpha : alphas) {
            for (float beta : betas) {
                Random random = new Random(Inputs.seed(group, transA, transB, m, n, k, alpha, beta));
                checked += new Operands(random, transA, transB, m, n, k, alpha, beta).checkAllBackends(Values.REGULAR);
            }
        }
        return checked;
    }

    private static int checkSpecial(Special special, boolean transA, boolean transB, int m, int n, int k) {
        Random r = new Random(Inputs.seed(special, transA, transB, m, n, k));
        Operands ops = new Operands(r, transA, transB, m, n, k, special.alpha, special.beta);
        switch (special) {
            case NAN_IN_A:
                ops.setA(r.nextInt(m), r.nextInt(k), Float.NaN);
                break;
            case NAN_IN_B:
                ops.setB(r.nextInt(k), r.nextInt(n), Float.NaN);
                break;
            case INFINITY_TIMES_ZERO: {
                int p = r.nextInt(k);
                ops.setA(r.nextInt(m), p, Float.POSITIVE_INFINITY);
                ops.setB(p, r.nextInt(n), 0f);
                ops.setB(p, r.nextInt(n), -0f);
                break;
            }
            case OPPOSITE_INFINITIES: {
                // +Inf from one product and -Inf from another (or, when k = 1, from beta * C)
                int i = r.nextInt(m);
                int j = r.nextInt(n);
                ops.setA(i, 0, Float.POSITIVE_INFINITY);
                ops.setB(0, j, 1f);
                if (k > 1) {
                    ops.setA(i, k - 1, Float.POSITIVE_INFINITY);
                    ops.setB(k - 1, j, -1f);
                } else {
                    ops.call.set("c", i, j, Float.POSITIVE_INFINITY);
                }
                break;
            }
            case INFINITY_IN_C:
                ops.call.set("c", r.nextInt(m), r.nextInt(n), Float.POSITIVE_INFINITY);
                ops.call.set("c", r.nextInt(m), r.nextInt(n), Float.NEGATIVE_INFINITY);
                break;
            case INFINITY_IN_B_WITH_ALPHA_ZERO:
                ops.setB(r.nextInt(k), r.nextInt(n), Float.POSITIVE_INFINITY);
                break;
            default:
                ops.sprinkleExtremes(r);
        }
        boolean anyNaN = GEMM.exact(ops.call).stream().anyMatch(b -> Double.isNaN(b.exact()));
        assertEquals(special.nanExpected, anyNaN, special + ": whether the exact result holds a NaN");
        return ops.checkAllBackends(Values.REGULAR);
    }

    /**
     * One gemm call from the catalogue with the given shape, alpha and beta: A, B and C at random
     * offsets with random leading dimensions, sentinels around them, and the operands the
     * contract says are not read (C when beta is 0, A and B when alpha is 0) full of NaN.
     */
    private static final class Operands {
        private final Call call;
        private final boolean transA;
        private final boolean transB;
        private final int m;
        private final int n;
        private final int k;

        Operands(Random random, boolean transA, boolean transB, int m, int n, int k, float alpha, float beta) {
            Variant shape = Variant.ANY.with("transA", transA).with("transB", transB).with("m", m).with("n", n)
                    .with("k", k).with("alpha", alpha).with("beta", beta);
            this.call = GEMM.generate(random, 0, Values.REGULAR, shape);
            this.transA = transA;
            this.transB = transB;
            this.m = m;
            this.n = n;
            this.k = k;
        }

        /** Sets {@code op(A)[i][p]}. */
        void setA(int i, int p, float value) {
            call.set("a", transA ? p : i, transA ? i : p, value);
        }

        /** Sets {@code op(B)[p][j]}. */
        void setB(int p, int j, float value) {
            call.set("b", transB ? j : p, transB ? p : j, value);
        }

        /**
         * Replaces about one element in eight of A and B by a subnormal, a tiny normal or a
         * value near 2^60. Products stay below overflow; the regular elements kept beside
         * them keep every C element's Σ|terms| far above the subnormal range, where the
         * classic bound holds.
         */
        void sprinkleExtremes(Random r) {
            for (int i = 0; i < m; i++) {
                for (int p = 1; p < k; p++) {
                    if (r.nextInt(8) == 0) {
                        setA(i, p, extreme(r));
                    }
                }
            }
            for (int p = 1; p < k; p++) {
                for (int j = 0; j < n; j++) {
                    if (r.nextInt(8) == 0) {
                        setB(p, j, extreme(r));
                    }
                }
            }
        }

        private static float extreme(Random r) {
            float sign = r.nextBoolean() ? 1f : -1f;
            switch (r.nextInt(3)) {
                case 0:
                    return sign * Float.intBitsToFloat(1 + r.nextInt(0x007f_ffff));
                case 1:
                    return sign * Float.MIN_NORMAL * (1f + r.nextFloat());
                default:
                    return sign * Math.scalb(1f + r.nextFloat(), 60);
            }
        }

        /**
         * Runs the call on every backend: the scalar result must be the canonical order's
         * ({@link Reference#canonicalGemm}), and every backend's must pass {@link ContractCheck}
         * (the scalar bits, nothing written outside C's window and, when the values meet the
         * bound's assumptions, each element of C within {@code γ(k + 2)}); returns the runs checked.
         */
        int checkAllBackends(Values values) {
            ContractCheck check = new ContractCheck(GEMM, call, values);
            List<ContractCheck.Run> runs = new ArrayList<>();
            for (Kernels kernels : Backends.all()) {
                runs.add(check.run(kernels));
            }
            assertCanonicalOrder(check, runs.get(0));
            ContractOutcome outcome = check.checkRuns(runs);
            assertTrue(outcome.holds(), outcome::firstViolation);
            return runs.size();
        }

        /** Asserts that C after the scalar run holds, bit for bit, the canonical order's result. */
        private void assertCanonicalOrder(ContractCheck check, ContractCheck.Run scalar) {
            assertEquals(Backend.SCALAR, scalar.kernels().backend());
            float[] before = call.a("c");
            float[] result = scalar.call().a("c");
            int cOff = call.i("cOff");
            int ldc = call.i("ldc");
            for (int i = 0; i < m; i++) {
                for (int j = 0; j < n; j++) {
                    int at = cOff + i * ldc + j;
                    float expected = Reference.canonicalGemm(transA, transB, i, j, k, call.f("alpha"), call.a("a"),
                            call.i("aOff"), call.i("lda"), call.a("b"), call.i("bOff"), call.i("ldb"), call.f("beta"),
                            before[at]);
                    if (Float.floatToIntBits(expected) != Float.floatToIntBits(result[at])) {
                        throw new AssertionError(check.describe() + ": C[" + i + "][" + j + "] is " + result[at]
                                + ", the canonical order gives " + expected);
                    }
                }
            }
        }
    }
}
