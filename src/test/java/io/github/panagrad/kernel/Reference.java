package io.github.panagrad.kernel;

/**
 * The canonical float orders of gemm and the long reductions, written from
 * {@code docs/numerics.md} and not from either backend, which the scalar reference must
 * reproduce bit for bit (the exact double-precision values of the reductions are the
 * catalogue's, {@code io.github.panagrad.contract.KernelCatalogue}).
 */
final class Reference {

    private Reference() {
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
}
