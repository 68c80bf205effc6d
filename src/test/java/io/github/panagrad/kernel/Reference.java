package io.github.panagrad.kernel;

import static org.junit.jupiter.api.Assertions.fail;

import java.util.function.Supplier;

/**
 * References written from the formulas in the {@link Kernels} javadoc and the orders in
 * {@code docs/numerics.md}, not from either backend: the canonical float orders of gemm and
 * the long reductions, which the scalar reference must reproduce bit for bit; the
 * double-precision values of the reductions; and the per-element check of the contract
 * {@code |computed - exact| <= γ(k) · Σ|terms|}. Each product of two floats is
 * exact in double; the double sums are 2^29 times more accurate than the float bound, so
 * they serve as the exact value.
 */
final class Reference {

    private Reference() {
    }

    /** The exact value of one output and the sum of its terms' magnitudes, both in double. */
    record Exact(double value, double absSum) {
    }

    /**
     * Asserts the contract for one output: within {@code γ(k) · Σ|terms|} of the exact
     * value, or, where the exact value is NaN or infinite, of the same class (see
     * {@link ErrorBound#holds}).
     */
    static void assertWithinBound(Supplier<String> what, float computed, Exact exact, long k) {
        if (!ErrorBound.holds(computed, exact.value(), k, exact.absSum())) {
            double allowed = ErrorBound.allowed(k, exact.absSum());
            fail(String.format("%s: computed %s (0x%08x), exact %s, |error| %s exceeds γ(%d)·Σ|terms| = %s"
                            + " (Σ|terms| = %s; error/allowed = %s)",
                    what.get(), computed, Float.floatToIntBits(computed), exact.value(), Math.abs(computed - exact.value()),
                    k, allowed, exact.absSum(), Math.abs(computed - exact.value()) / allowed));
        }
    }

    // ------------------------------------------------------------------ canonical orders in float
    // Written from docs/numerics.md in a form of their own (the tree as a recursion, each
    // partial sum as a strided loop), so that they check the reference's order instead of
    // repeating its code.

    /** The partial sums of the long reductions, and gemm's longest k-block, as docs/numerics.md states them. */
    private static final int PARTIALS = 64;
    private static final int K_BLOCK = 128;

    /** A term of a long reduction added onto a partial sum: {@code s + x[i]}, or fused into it. */
    @FunctionalInterface
    interface Accumulation {
        float add(float partial, int i);
    }

    /**
     * A long reduction of n terms in the canonical order: partial q is the chain from +0 over
     * the terms {@code i ≡ q (mod 64)} in increasing i; the result is {@code node(0, 1)}, where
     * {@code node(q, h) = node(q, 2h) + node(q + h, 2h)} and {@code node(q, 64)} is partial q.
     */
    static float canonicalReduction(int n, Accumulation term) {
        return node(0, 1, n, term);
    }

    private static float node(int q, int h, int n, Accumulation term) {
        if (h == PARTIALS) {
            float partial = 0f;
            for (int i = q; i < n; i += PARTIALS) {
                partial = term.add(partial, i);
            }
            return partial;
        }
        return node(q, 2 * h, n, term) + node(q + h, 2 * h, n, term);
    }

    /**
     * gemm's canonical order for element (i, j): {@code nb = ⌈k / 128⌉} blocks of
     * {@code ⌈k / nb⌉} steps (the last shorter); {@code c = beta == 0 ? -0 : beta · c}, then per
     * block an FMA chain from +0 and {@code c = fma(s, alpha, c)}; {@code alpha == 0} or
     * {@code k == 0} give {@code beta · c}, or +0 when beta is 0.
     */
    static float canonicalGemm(boolean transA, boolean transB, int i, int j, int k, float alpha,
                               float[] a, int aOff, int lda, float[] b, int bOff, int ldb, float beta, float c) {
        if (alpha == 0f || k == 0) {
            return beta == 0f ? 0f : beta * c;
        }
        int blocks = (k + K_BLOCK - 1) / K_BLOCK;
        int length = (k + blocks - 1) / blocks;
        float result = beta == 0f ? -0f : beta * c;
        for (int block = 0; block < blocks; block++) {
            float s = 0f;
            for (int p = block * length; p < Math.min(k, (block + 1) * length); p++) {
                s = Math.fma(transA ? a[aOff + p * lda + i] : a[aOff + i * lda + p],
                        transB ? b[bOff + j * ldb + p] : b[bOff + p * ldb + j], s);
            }
            result = Math.fma(s, alpha, result);
        }
        return result;
    }

    // ------------------------------------------------------------------ exact values in double

    /** {@code Σ_i x[i]}. */
    static Exact sum(int n, float[] x, int xOff) {
        double s = 0;
        double abs = 0;
        for (int i = 0; i < n; i++) {
            s += x[xOff + i];
            abs += Math.abs(x[xOff + i]);
        }
        return new Exact(s, abs);
    }

    /** {@code Σ_i x[i] * y[i]}. */
    static Exact dot(int n, float[] x, int xOff, float[] y, int yOff) {
        double s = 0;
        double abs = 0;
        for (int i = 0; i < n; i++) {
            double term = (double) x[xOff + i] * y[yOff + i];
            s += term;
            abs += Math.abs(term);
        }
        return new Exact(s, abs);
    }

    /** {@code (1/n) Σ_i (p[i] - t[i])²}; every term is non-negative, so Σ|terms| is the value itself. */
    static Exact mse(int n, float[] p, int pOff, float[] t, int tOff) {
        double s = 0;
        for (int i = 0; i < n; i++) {
            double d = (double) p[pOff + i] - t[tOff + i];
            s += d * d;
        }
        return new Exact(s / n, s / n);
    }

    /** {@code y[j] = Σ_i x[i][j] + beta * y[j]} for an {@code m × n} contiguous x; y is not read when beta is 0. */
    static Exact[] columnSums(int m, int n, float[] x, int xOff, float beta, float[] y, int yOff) {
        Exact[] out = new Exact[n];
        for (int j = 0; j < n; j++) {
            double old = beta == 0f ? 0 : (double) beta * y[yOff + j];
            double s = old;
            double abs = Math.abs(old);
            for (int i = 0; i < m; i++) {
                s += x[xOff + i * n + j];
                abs += Math.abs(x[xOff + i * n + j]);
            }
            out[j] = new Exact(s, abs);
        }
        return out;
    }

    /**
     * The product part of gemm, {@code Σ_p op(A)_ip op(B)_pj} and its Σ|terms|, per element of
     * the {@code m × n} result; {@link Product#expected} adds alpha and beta.
     */
    static Product product(boolean transA, boolean transB, int m, int n, int k,
                           float[] a, int aOff, int lda, float[] b, int bOff, int ldb) {
        double[] rowsOfA = new double[m * k];
        double[] columnsOfB = new double[n * k];
        for (int p = 0; p < k; p++) {
            for (int i = 0; i < m; i++) {
                rowsOfA[i * k + p] = transA ? a[aOff + p * lda + i] : a[aOff + i * lda + p];
            }
            for (int j = 0; j < n; j++) {
                columnsOfB[j * k + p] = transB ? b[bOff + j * ldb + p] : b[bOff + p * ldb + j];
            }
        }
        double[] sums = new double[m * n];
        double[] absSums = new double[m * n];
        for (int i = 0; i < m; i++) {
            for (int j = 0; j < n; j++) {
                double s = 0;
                double abs = 0;
                for (int p = 0; p < k; p++) {
                    double term = rowsOfA[i * k + p] * columnsOfB[j * k + p];
                    s += term;
                    abs += Math.abs(term);
                }
                sums[i * n + j] = s;
                absSums[i * n + j] = abs;
            }
        }
        return new Product(m, n, sums, absSums);
    }

    /** {@code op(A) op(B)} in double, ready to be combined with any alpha, beta and C. */
    static final class Product {
        private final int m;
        private final int n;
        private final double[] sums;
        private final double[] absSums;

        private Product(int m, int n, double[] sums, double[] absSums) {
            this.m = m;
            this.n = n;
            this.sums = sums;
            this.absSums = absSums;
        }

        /**
         * {@code alpha * op(A) op(B) + beta * C} per element, row-major {@code m × n}; as the
         * contract says, the product is not used when alpha is 0 and C is not read when beta is 0.
         */
        Exact[] expected(float alpha, float beta, float[] c, int cOff, int ldc) {
            Exact[] out = new Exact[m * n];
            for (int i = 0; i < m; i++) {
                for (int j = 0; j < n; j++) {
                    double old = beta == 0f ? 0 : (double) beta * c[cOff + i * ldc + j];
                    double product = alpha == 0f ? 0 : alpha * sums[i * n + j];
                    double productAbs = alpha == 0f ? 0 : Math.abs(alpha) * absSums[i * n + j];
                    out[i * n + j] = new Exact(product + old, productAbs + Math.abs(old));
                }
            }
            return out;
        }
    }
}
