package io.github.panagrad.internal;

import io.github.panagrad.Tensor;
import io.github.panagrad.kernel.Kernels;

/**
 * Elementwise subtraction, {@code Tensor.sub}: forward {@code y = a - b} for equal shapes
 * ({@code Kernels.sub}); backward {@code da += dy} ({@code Kernels.add} in place) and
 * {@code db -= dy} ({@code Kernels.sub} in place). Bit-exact. Saves nothing.
 */
public final class Sub extends Node {

    private Sub(Tensor a, Tensor b) {
        super(new Tensor[] {a, b});
    }

    /**
     * {@code a - b}, as {@link Tensor#sub(Tensor)}.
     *
     * @param a minuend; not modified
     * @param b subtrahend; not modified
     * @return the difference, recorded when an operand requires grad and gradients are enabled
     * @throws IllegalArgumentException when an operand is null or the shapes differ (naming both)
     */
    public static Tensor apply(Tensor a, Tensor b) {
        Checks.notNull("self", a);
        Checks.notNull("other", b);
        Checks.sameShape("other", shapeOf(b), "self", shapeOf(a));
        float[] y = outputStorage(a.numel());
        Kernels.current().sub(y.length, data(a), 0, data(b), 0, y, 0);
        return result(y, shapeOf(a), recording(a, b) ? new Sub(a, b) : null);
    }

    @Override
    void backward(Kernels kernels, float[] gradOutput, Gradients gradients) {
        float[] da = accumulator(0, gradients);
        if (da != null) {
            kernels.add(da.length, da, 0, gradOutput, 0, da, 0);
        }
        float[] db = accumulator(1, gradients);
        if (db != null) {
            kernels.sub(db.length, db, 0, gradOutput, 0, db, 0);
        }
    }
}
