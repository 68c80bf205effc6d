package io.github.panagrad.internal;

import io.github.panagrad.Tensor;
import io.github.panagrad.kernel.Kernels;

/**
 * Matrix transpose, {@code Tensor.t}: forward {@code y[j][i] = x[i][j]} for {@code x [m, n]},
 * a new {@code [n, m]} tensor (a copy; moving elements involves no arithmetic, so it is exact
 * on every backend). Backward: {@code dx += dyᵀ} (the transpose into a scratch array from the
 * thread's {@link BufferPool}, then
 * {@code Kernels.add} in place). Saves nothing.
 */
public final class Transpose extends Node {

    private final int rows;
    private final int cols;

    private Transpose(Tensor x, int rows, int cols) {
        super(new Tensor[] {x});
        this.rows = rows;
        this.cols = cols;
    }

    /**
     * {@code xᵀ}, as {@link Tensor#t()}.
     *
     * @param x a matrix {@code [m, n]}; not modified
     * @return its transpose {@code [n, m]}, recorded when {@code x} requires grad and gradients are enabled
     * @throws IllegalArgumentException when {@code x} is null or not rank 2
     */
    public static Tensor apply(Tensor x) {
        int[] shape = shapeOf(Checks.notNull("self", x));
        Checks.shape("self", shape, shape.length == 2, "[m, n]");
        float[] y = outputStorage(x.numel());
        Kernels.current().transpose(shape[0], shape[1], data(x), 0, y, 0);
        return result(y, new int[] {shape[1], shape[0]}, recording(x) ? new Transpose(x, shape[0], shape[1]) : null);
    }

    @Override
    void backward(Kernels kernels, float[] gradOutput, Gradients gradients) {
        float[] dx = accumulator(0, gradients);
        BufferPool pool = BufferPool.current();
        float[] transposed = pool.take(gradOutput.length);
        kernels.transpose(cols, rows, gradOutput, 0, transposed, 0);
        kernels.add(dx.length, dx, 0, transposed, 0, dx, 0);
        pool.give(transposed);
    }
}
