package io.github.panagrad.internal;

import io.github.panagrad.Tensor;
import io.github.panagrad.kernel.Kernels;

import java.util.Arrays;

/**
 * Elementwise addition with row-vector broadcasting, {@code Tensor.add}.
 *
 * <p>Forward: {@code y = a + b} for equal shapes ({@code Kernels.add}); or, when one operand
 * is an {@code [m, n]} matrix and the other a row vector of shape {@code [n]} or
 * {@code [1, n]}, {@code y[i][j] = matrix[i][j] + vector[j]} with shape {@code [m, n]}
 * ({@code Kernels.addRowVector}). Bit-exact.
 *
 * <p>Backward: {@code dMatrix += dy} ({@code Kernels.add} in place), and for a broadcast row
 * vector the gradient summed over the rows, {@code dVector[j] += Σ_i dy[i][j]}
 * ({@code Kernels.columnSums} with {@code beta = 1}, or 0 on the first contribution; bounded,
 * γ(m + 1)). Saves nothing.
 */
public final class Add extends Node {

    private static final int SAME_SHAPE = -1;
    private static final int NO_FIT = -2;

    /** Which input is the broadcast row vector: 0, 1, or {@link #SAME_SHAPE}. */
    private final int vectorInput;
    private final int rows;
    private final int cols;

    private Add(Tensor a, Tensor b, int vectorInput, int rows, int cols) {
        super(new Tensor[] {a, b});
        this.vectorInput = vectorInput;
        this.rows = rows;
        this.cols = cols;
    }

    /**
     * {@code a + b}, as {@link Tensor#add(Tensor)}.
     *
     * @param a first addend; not modified
     * @param b second addend; not modified
     * @return the sum, recorded when an operand requires grad and gradients are enabled
     * @throws IllegalArgumentException when an operand is null, or the shapes neither match
     *         nor broadcast a row vector over a matrix (naming both)
     */
    public static Tensor apply(Tensor a, Tensor b) {
        Checks.notNull("self", a);
        Checks.notNull("other", b);
        int[] aShape = shapeOf(a);
        int[] bShape = shapeOf(b);
        int vectorInput = Arrays.equals(aShape, bShape) ? SAME_SHAPE
                : isRowVectorOf(bShape, aShape) ? 1 : isRowVectorOf(aShape, bShape) ? 0 : NO_FIT;
        Checks.shape("other", bShape, vectorInput != NO_FIT, Arrays.toString(aShape)
                + ", or a row vector [n] or [1, n] added to every row of a matrix [m, n]", "self", aShape);
        Tensor matrix = vectorInput == 0 ? b : a;
        int[] shape = shapeOf(matrix);
        float[] y = outputStorage(matrix.numel());
        int rows = vectorInput < 0 ? 0 : shape[0];
        int cols = vectorInput < 0 ? 0 : shape[1];
        Kernels kernels = Kernels.current();
        if (vectorInput < 0) {
            kernels.add(y.length, data(a), 0, data(b), 0, y, 0);
        } else {
            Tensor vector = vectorInput == 1 ? b : a;
            kernels.addRowVector(rows, cols, data(matrix), 0, data(vector), 0, y, 0);
        }
        return result(y, shape, recording(a, b) ? new Add(a, b, vectorInput, rows, cols) : null);
    }

    /** @return true when {@code vector} is {@code [n]} or {@code [1, n]} and {@code matrix} is {@code [m, n]} */
    private static boolean isRowVectorOf(int[] vector, int[] matrix) {
        if (matrix.length != 2) {
            return false;
        }
        int n = matrix[1];
        return (vector.length == 1 && vector[0] == n) || (vector.length == 2 && vector[0] == 1 && vector[1] == n);
    }

    @Override
    void backward(Kernels kernels, float[] gradOutput, Gradients gradients) {
        for (int i = 0; i < 2; i++) {
            Tensor operand = input(i);
            if (operand == null) {
                continue;
            }
            if (i == vectorInput) {
                float beta = gradients.prepare(operand);
                kernels.columnSums(rows, cols, gradOutput, 0, beta, gradients.buffer(operand), 0);
            } else {
                float[] acc = gradients.accumulator(operand);
                kernels.add(acc.length, acc, 0, gradOutput, 0, acc, 0);
            }
        }
    }
}
