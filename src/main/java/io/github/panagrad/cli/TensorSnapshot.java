package io.github.panagrad.cli;

import io.github.panagrad.Tensor;

/**
 * A named copy of a tensor's values at one moment of training.
 *
 * @param name what the tensor is, PyTorch style (for example {@code model[0].weight})
 * @param shape its dimensions
 * @param values its elements, row-major
 */
record TensorSnapshot(String name, int[] shape, float[] values) {

    /** @return a snapshot of {@code tensor}'s current values */
    static TensorSnapshot of(String name, Tensor tensor) {
        return new TensorSnapshot(name, tensor.shape(), tensor.toArray());
    }

    /** @return the largest absolute element (0 when empty; NaN when one is NaN) */
    double maxAbs() {
        double max = 0;
        for (float value : values) {
            max = Math.max(max, Math.abs(value));
        }
        return max;
    }
}
