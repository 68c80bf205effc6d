package io.github.panagrad.internal;

import io.github.panagrad.Tensor;
import io.github.panagrad.kernel.Kernels;

/**
 * Elementwise (Hadamard) product, {@code Tensor.mul}: forward {@code y = a ⊙ b} for equal
 * shapes ({@code Kernels.mul}); backward {@code da += dy ⊙ b} and {@code db += dy ⊙ a}, each
 * one {@code Kernels.mulAdd} into the gradient buffer (product and sum rounded separately, as
 * {@code mul} then {@code add} would). Bit-exact. Saves {@code b} when {@code a} needs a
 * gradient and {@code a} when {@code b} does.
 */
public final class Mul extends Node {

    private static final String NAME = "mul";
    private static final int SAVED_A = 0;
    private static final int SAVED_B = 1;

    private Mul(Tensor a, Tensor b) {
        super(new Tensor[] {a, b}, dataIf(b.requiresGrad(), a), dataIf(a.requiresGrad(), b));
    }

    /**
     * {@code a ⊙ b}, as {@link Tensor#mul(Tensor)}.
     *
     * @param a first factor; not modified
     * @param b second factor; not modified
     * @return the product, recorded when an operand requires grad and gradients are enabled
     * @throws IllegalArgumentException when an operand is null or the shapes differ (naming both)
     */
    public static Tensor apply(Tensor a, Tensor b) {
        nonNull(NAME, "a", a);
        nonNull(NAME, "other", b);
        requireSameShape(NAME, a, b);
        float[] y = outputStorage(a.numel());
        Kernels.current().mul(y.length, data(a), 0, data(b), 0, y, 0);
        return result(y, shapeOf(a), recording(a, b) ? new Mul(a, b) : null);
    }

    @Override
    void backward(Kernels kernels, float[] gradOutput, Gradients gradients) {
        for (int i = 0; i < 2; i++) {
            float[] acc = accumulator(i, gradients);
            if (acc != null) {
                float[] otherFactor = saved(i == 0 ? SAVED_B : SAVED_A);
                kernels.mulAdd(acc.length, gradOutput, 0, otherFactor, 0, acc, 0);
            }
        }
    }
}
