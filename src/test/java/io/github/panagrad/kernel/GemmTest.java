package io.github.panagrad.kernel;

import static org.junit.jupiter.api.Assertions.assertEquals;

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
        Layout l = new Layout(Inputs.seed(group, transA, transB, m, n, k), Inputs.REGULAR);
        Operands ops = Operands.create(l, transA, transB, m, n, k);
        Reference.Product product = ops.product();
        int checked = 0;
        for (float alpha : alphas) {
            for (float beta : betas) {
                checked += ops.checkAllBackends(alpha, beta, product);
            }
        }
        return checked;
    }

    private static int checkSpecial(Special special, boolean transA, boolean transB, int m, int n, int k) {
        Layout l = new Layout(Inputs.seed(special, transA, transB, m, n, k), Inputs.REGULAR);
        Operands ops = Operands.create(l, transA, transB, m, n, k);
        Random r = l.random();
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
                    ops.setC(i, j, Float.POSITIVE_INFINITY);
                }
                break;
            }
            case INFINITY_IN_C:
                ops.setC(r.nextInt(m), r.nextInt(n), Float.POSITIVE_INFINITY);
                ops.setC(r.nextInt(m), r.nextInt(n), Float.NEGATIVE_INFINITY);
                break;
            case INFINITY_IN_B_WITH_ALPHA_ZERO:
                ops.setB(r.nextInt(k), r.nextInt(n), Float.POSITIVE_INFINITY);
                break;
            default:
                ops.sprinkleExtremes(r);
        }
        Reference.Product product = ops.product();
        Reference.Exact[] expected = ops.expected(special.alpha, special.beta, product);
        boolean anyNaN = false;
        for (Reference.Exact e : expected) {
            anyNaN |= Double.isNaN(e.value());
        }
        assertEquals(special.nanExpected, anyNaN, special + ": whether the exact result holds a NaN");
        return ops.checkAllBackends(special.alpha, special.beta, product);
    }

    /** The A, B and C of one gemm on a layout (handles 0, 1, 2), with random leading dimensions. */
    private static final class Operands {
        private final Layout l;
        private final boolean transA;
        private final boolean transB;
        private final int m;
        private final int n;
        private final int k;
        private final int a;
        private final int b;
        private final int c;

        private Operands(Layout l, boolean transA, boolean transB, int m, int n, int k) {
            this.l = l;
            this.transA = transA;
            this.transB = transB;
            this.m = m;
            this.n = n;
            this.k = k;
            Random r = l.random();
            int aCols = transA ? m : k;
            int bCols = transB ? k : n;
            this.a = l.matrixInput("a", transA ? k : m, aCols, Math.max(1, aCols) + r.nextInt(3));
            this.b = l.matrixInput("b", transB ? n : k, bCols, Math.max(1, bCols) + r.nextInt(3));
            this.c = l.matrixOutput("c", m, n, Math.max(1, n) + r.nextInt(3));
        }

        static Operands create(Layout l, boolean transA, boolean transB, int m, int n, int k) {
            return new Operands(l, transA, transB, m, n, k);
        }

        /** Sets {@code op(A)[i][p]}. */
        void setA(int i, int p, float value) {
            l.set(a, transA ? p : i, transA ? i : p, value);
        }

        /** Sets {@code op(B)[p][j]}. */
        void setB(int p, int j, float value) {
            l.set(b, transB ? j : p, transB ? p : j, value);
        }

        void setC(int i, int j, float value) {
            l.set(c, i, j, value);
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

        Reference.Product product() {
            return Reference.product(transA, transB, m, n, k, l.array(a), l.offset(a), l.leadingDimension(a),
                    l.array(b), l.offset(b), l.leadingDimension(b));
        }

        Reference.Exact[] expected(float alpha, float beta, Reference.Product product) {
            return product.expected(alpha, beta, l.array(c), l.offset(c), l.leadingDimension(c));
        }

        /**
         * Runs gemm with alpha and beta on every backend and checks C and the guards; returns
         * the runs checked. The operands the contract says are not read hold NaN during the
         * runs: C when beta is 0, A and B when alpha is 0.
         */
        int checkAllBackends(float alpha, float beta, Reference.Product product) {
            Reference.Exact[] expected = expected(alpha, beta, product);
            List<float[]> saved = List.of(l.array(a).clone(), l.array(b).clone(), l.array(c).clone());
            try {
                if (beta == 0f) {
                    l.fillWindow(c, Float.NaN);
                }
                if (alpha == 0f) {
                    l.fillWindow(a, Float.NaN);
                    l.fillWindow(b, Float.NaN);
                }
                return checkAllBackends(alpha, beta, expected);
            } finally {
                System.arraycopy(saved.get(0), 0, l.array(a), 0, saved.get(0).length);
                System.arraycopy(saved.get(1), 0, l.array(b), 0, saved.get(1).length);
                System.arraycopy(saved.get(2), 0, l.array(c), 0, saved.get(2).length);
            }
        }

        /** Asserts that C after a run holds, bit for bit, the canonical order's result ({@link Reference#canonicalGemm}). */
        private void assertCanonicalOrder(Invocation call, float alpha, float beta, float[] result) {
            float[] before = l.array(c);
            int cOff = l.offset(c);
            int ldc = l.leadingDimension(c);
            for (int i = 0; i < m; i++) {
                for (int j = 0; j < n; j++) {
                    int at = cOff + i * ldc + j;
                    float expected = Reference.canonicalGemm(transA, transB, i, j, k, alpha, l.array(a), l.offset(a),
                            l.leadingDimension(a), l.array(b), l.offset(b), l.leadingDimension(b), beta, before[at]);
                    if (Float.floatToIntBits(expected) != Float.floatToIntBits(result[at])) {
                        throw new AssertionError(call.description() + ": C[" + i + "][" + j + "] is " + result[at]
                                + ", the canonical order gives " + expected);
                    }
                }
            }
        }

        private int checkAllBackends(float alpha, float beta, Reference.Exact[] expected) {
            Invocation call = KernelCases.gemmCall(transA, transB, m, n, k, alpha, beta, l, a, b, c);
            int cOff = l.offset(c);
            int ldc = l.leadingDimension(c);
            int checked = 0;
            Invocation.Outcome reference = call.run(Backends.scalar());
            assertCanonicalOrder(call, alpha, beta, reference.arrays()[c]);
            for (Kernels kernels : Backends.all()) {
                Invocation.Outcome outcome = call.run(kernels);
                call.assertWroteOnlyOutputWindows(outcome);
                call.assertSameBits(reference, outcome);
                float[] result = outcome.arrays()[c];
                for (int i = 0; i < m; i++) {
                    for (int j = 0; j < n; j++) {
                        int row = i;
                        int col = j;
                        Reference.assertWithinBound(
                                () -> call.description() + " on " + kernels + ": C[" + row + "][" + col + "]",
                                result[cOff + i * ldc + j], expected[i * n + j], k + 2L);
                    }
                }
                checked++;
            }
            return checked;
        }
    }
}
