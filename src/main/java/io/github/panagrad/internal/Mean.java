package io.github.panagrad.internal;

import io.github.panagrad.Tensor;
import io.github.panagrad.kernel.Kernels;

/**
 * Mean of all elements, {@code Tensor.mean}: forward {@code y = (Σ_i x[i]) / n}, a rank-0
 * tensor ({@code Kernels.sum}, then one float division; bounded, γ(n + 1); NaN when empty, as
 * PyTorch); backward {@code dx[i] += dy / n} for every element. Saves nothing.
 */
public final class Mean extends Node {

    private Mean(Tensor x) {
        super(new Tensor[] {x});
    }

    /**
     * The mean of {@code x}, as {@link Tensor#mean()}.
     *
     * @param x input, any shape; not modified
     * @return the mean, shape {@code []}, recorded when {@code x} requires grad and gradients are enabled
     * @throws IllegalArgumentException when {@code x} is null
     */
    public static Tensor apply(Tensor x) {
        Checks.notNull("self", x);
        int n = x.numel();
        float mean = Kernels.current().sum(n, data(x), 0) / n;
        return result(new float[] {mean}, SCALAR_SHAPE, recording(x) ? new Mean(x) : null);
    }

    @Override
    void backward(Kernels kernels, float[] gradOutput, Gradients gradients) {
        float[] dx = accumulator(0, gradients);
        addToEach(kernels, gradOutput[0] / dx.length, dx);
    }
}
