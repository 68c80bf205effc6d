package io.github.panagrad.internal;

import io.github.panagrad.Tensor;
import io.github.panagrad.kernel.Kernels;

/**
 * Rectified linear unit, {@code Tensor.relu}: forward {@code y = x < 0 ? +0 : x} elementwise
 * ({@code Kernels.relu}: −0 stays −0, NaN stays NaN, as PyTorch); backward
 * {@code dx += y <= 0 ? 0 : dy} accumulated by {@code Kernels.reluBackward} (gradient 0 at
 * 0, as PyTorch's threshold backward). Bit-exact. Saves the output.
 */
public final class Relu extends Node {

    private static final String[] ARGUMENTS = {"input"};

    private Relu(Tensor x) {
        super(ARGUMENTS, new Tensor[] {x}, NO_OPERAND_SAVED, true);
    }

    /**
     * {@code max(x, 0)}, as {@link Tensor#relu()}.
     *
     * @param x input; not modified
     * @return the rectified tensor, same shape, recorded when {@code x} requires grad and gradients are enabled
     * @throws IllegalArgumentException when {@code x} is null
     */
    public static Tensor apply(Tensor x) {
        Checks.notNull("self", x);
        float[] y = outputStorage(x.numel());
        Kernels.current().relu(y.length, data(x), 0, y, 0);
        return result(y, shapeOf(x), recording(x) ? new Relu(x) : null);
    }

    @Override
    void backward(Kernels kernels, float[] gradOutput, Gradients gradients) {
        float[] dx = accumulator(0, gradients);
        kernels.reluBackward(dx.length, savedOutput(), 0, gradOutput, 0, dx, 0);
    }
}
