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

    private static final String[] ARGUMENTS = {"self", "other"};
    private static final int SELF = 0;
    private static final int OTHER = 1;

    private Mul(Tensor a, Tensor b) {
        super(ARGUMENTS, new Tensor[] {a, b}, factorsSaved(a, b), false);
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
        Checks.notNull(ARGUMENTS[SELF], a);
        Checks.notNull(ARGUMENTS[OTHER], b);
        Checks.sameShape(ARGUMENTS[OTHER], shapeOf(b), ARGUMENTS[SELF], shapeOf(a));
        float[] y = outputStorage(a.numel());
        Kernels.current().mul(y.length, data(a), 0, data(b), 0, y, 0);
        return result(y, shapeOf(a), recording(a, b) ? new Mul(a, b) : null);
    }

    @Override
    void backward(Kernels kernels, float[] gradOutput, Gradients gradients) {
        for (int i = SELF; i <= OTHER; i++) {
            float[] acc = accumulator(i, gradients);
            if (acc != null) {
                float[] otherFactor = saved(i == SELF ? OTHER : SELF);
                kernels.mulAdd(acc.length, gradOutput, 0, otherFactor, 0, acc, 0);
            }
        }
    }
}
