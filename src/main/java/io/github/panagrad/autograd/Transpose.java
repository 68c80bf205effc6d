package io.github.panagrad.autograd;

import io.github.panagrad.Tensor;
import io.github.panagrad.kernel.Kernels;

/**
 * Matrix transpose, {@code Tensor.t}: forward {@code y[j][i] = x[i][j]} for {@code x [m, n]},
 * a new {@code [n, m]} tensor (a copy; moving elements involves no arithmetic, so it is exact
 * on every backend). Backward: {@code dx += dyᵀ} (the transpose into a scratch array, then
 * {@code Kernels.add} in place). Saves nothing.
 */
public final class Transpose extends Node {

    private static final String NAME = "t";

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
        nonNull(NAME, "x", x);
        requireRank2(NAME, "x", x);
        int[] shape = x.shape();
        float[] y = transpose(shape[0], shape[1], data(x));
        return result(y, new int[] {shape[1], shape[0]}, recording(x) ? new Transpose(x, shape[0], shape[1]) : null);
    }

    @Override
    void backward(Kernels kernels, float[] gradOutput, Gradients gradients) {
        float[] dx = gradientOf(0, gradients);
        float[] transposed = transpose(cols, rows, gradOutput);
        kernels.add(dx.length, dx, 0, transposed, 0, dx, 0);
    }

    /** A new {@code cols × rows} array holding the transpose of the row-major {@code rows × cols} matrix {@code x}. */
    private static float[] transpose(int rows, int cols, float[] x) {
        float[] y = new float[x.length];
        for (int i = 0; i < rows; i++) {
            for (int j = 0; j < cols; j++) {
                y[j * rows + i] = x[i * cols + j];
            }
        }
        return y;
    }
}
