package io.github.panagrad.bench;

import io.github.panagrad.kernel.Kernels;

/**
 * The operands of one {@code C = op(A) · op(B)} product ({@code alpha = 1}, {@code beta = 0}),
 * row-major, A and B stored as the transposes require and drawn from fixed seeds: the
 * problem of {@link GemmBenchmark} and of the cold-start harness ({@link ColdStart}).
 */
final class GemmProblem {

    /** Rows of op(A) and C. */
    final int m;
    /** Columns of op(B) and C. */
    final int n;
    /** Columns of op(A), rows of op(B). */
    final int k;
    /** Whether A is stored transposed (k × m). */
    final boolean transA;
    /** Whether B is stored transposed (n × k). */
    final boolean transB;
    /** Leading dimension of A as stored. */
    final int lda;
    /** Leading dimension of B as stored. */
    final int ldb;
    /** A as stored: m·k floats from [-1, 1). */
    final float[] a;
    /** B as stored: k·n floats from [-1, 1). */
    final float[] b;
    /** C, m × n, written by every product. */
    final float[] c;

    /**
     * @param shape {@code m x n x k}, such as {@code 128x256x784}: op(A) is m × k, op(B) is k × n
     * @param variant NN (C = A·B), NT (C = A·Bᵀ), TN (C = Aᵀ·B) or TT
     * @throws IllegalArgumentException when the shape or the variant is malformed
     */
    GemmProblem(String shape, String variant) {
        int[] dims = Data.dims(shape, 3);
        m = dims[0];
        n = dims[1];
        k = dims[2];
        if (!variant.matches("[NT]{2}")) {
            throw new IllegalArgumentException("variant = '" + variant + "' must be two of N and T");
        }
        transA = variant.charAt(0) == 'T';
        transB = variant.charAt(1) == 'T';
        lda = transA ? m : k;
        ldb = transB ? k : n;
        a = Data.uniform(m * k, 1);
        b = Data.uniform(k * n, 2);
        c = new float[m * n];
    }

    /**
     * @param kernels the backend computing the product
     * @return C, after {@code C = op(A) · op(B)}
     */
    float[] multiply(Kernels kernels) {
        kernels.gemm(transA, transB, m, n, k, 1f, a, 0, lda, b, 0, ldb, 0f, c, 0, n);
        return c;
    }
}
