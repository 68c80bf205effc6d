package io.github.panagrad.internal;

import io.github.panagrad.Tensor;
import io.github.panagrad.kernel.Kernels;

/**
 * Matrix product, {@code Tensor.matmul}: forward {@code C = A · B} for {@code A [m, k]},
 * {@code B [k, n]}, {@code C [m, n]} (gemm, {@code beta = 0}). Backward, straight into the
 * gradient buffers with gemm's {@code beta = 1}: {@code dA += dC · Bᵀ},
 * {@code dB += Aᵀ · dC} ({@code beta = 0} on a gradient's first contribution, see
 * {@link Node.Gradients}). Bounded (γ(k + 2) forward). Saves {@code A} when {@code B} needs a
 * gradient and {@code B} when {@code A} does.
 */
public final class MatMul extends Node {

    private static final String[] ARGUMENTS = {"self", "other"};
    private static final int SELF = 0;
    private static final int OTHER = 1;

    private final int m;
    private final int k;
    private final int n;

    private MatMul(Tensor a, Tensor b, int m, int k, int n) {
        super(ARGUMENTS, new Tensor[] {a, b}, factorsSaved(a, b), false);
        this.m = m;
        this.k = k;
        this.n = n;
    }

    /**
     * {@code a · b}, as {@link Tensor#matmul(Tensor)}.
     *
     * @param a left factor, {@code [m, k]}; not modified
     * @param b right factor, {@code [k, n]}; not modified
     * @return the product {@code [m, n]}, recorded when an operand requires grad and gradients are enabled
     * @throws IllegalArgumentException when an operand is null or not rank 2, or the inner
     *         dimensions differ (naming both shapes)
     */
    public static Tensor apply(Tensor a, Tensor b) {
        int[] aShape = shapeOf(Checks.notNull(ARGUMENTS[SELF], a));
        int[] bShape = shapeOf(Checks.notNull(ARGUMENTS[OTHER], b));
        Checks.shape(ARGUMENTS[SELF], aShape, aShape.length == 2, "[m, k]", ARGUMENTS[OTHER], bShape);
        Checks.shape(ARGUMENTS[OTHER], bShape, bShape.length == 2 && bShape[0] == aShape[1], "[" + aShape[1] + ", n]",
                ARGUMENTS[SELF], aShape);
        int m = aShape[0];
        int k = aShape[1];
        int n = bShape[1];
        float[] c = outputStorage(m * n);
        Kernels.current().gemm(false, false, m, n, k, 1f, data(a), 0, ld(k), data(b), 0, ld(n), 0f, c, 0, ld(n));
        return result(c, new int[] {m, n}, recording(a, b) ? new MatMul(a, b, m, k, n) : null);
    }

    @Override
    void backward(Kernels kernels, float[] gradOutput, Gradients gradients) {
        productInto(kernels, gradients, SELF, false, true, m, k, n, gradOutput, ld(n), saved(OTHER), ld(n));
        productInto(kernels, gradients, OTHER, true, false, k, n, m, saved(SELF), ld(k), gradOutput, ld(n));
    }
}
