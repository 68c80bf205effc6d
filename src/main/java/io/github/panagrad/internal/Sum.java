package io.github.panagrad.internal;

import io.github.panagrad.Tensor;
import io.github.panagrad.kernel.Kernels;

/**
 * Sum of all elements, {@code Tensor.sum}: forward {@code y = Σ_i x[i]}, a rank-0 tensor
 * ({@code Kernels.sum}; bounded, γ(n); 0 when empty); backward {@code dx[i] += dy} for every
 * element. Saves nothing.
 */
public final class Sum extends Node {

    private Sum(Tensor x) {
        super(new Tensor[] {x});
    }

    /**
     * {@code Σ x}, as {@link Tensor#sum()}.
     *
     * @param x input, any shape; not modified
     * @return the sum, shape {@code []}, recorded when {@code x} requires grad and gradients are enabled
     * @throws IllegalArgumentException when {@code x} is null
     */
    public static Tensor apply(Tensor x) {
        Checks.notNull("self", x);
        float sum = Kernels.current().sum(x.numel(), data(x), 0);
        return result(new float[] {sum}, SCALAR_SHAPE, recording(x) ? new Sum(x) : null);
    }

    @Override
    void backward(Kernels kernels, float[] gradOutput, Gradients gradients) {
        addToEach(kernels, gradOutput[0], accumulator(0, gradients));
    }
}
