package io.github.panagrad.parity;

import io.github.panagrad.kernel.ErrorBound;

/**
 * A row-major matrix of exact values, computed in double, each with an error radius: any
 * float32 computation of the same formula from the same float inputs, in any summation
 * order and with fused or unfused multiply-adds, lies within {@code error[i]} of
 * {@code value[i]}. A vector is a {@code 1 × n} matrix, a scalar {@code 1 × 1}.
 *
 * <p>The radii follow a running error analysis: an operation's radius is the radius it
 * inherits from its operands' radii (bounded with absolute values, no first-order
 * approximation) plus {@link #gamma(long) γ(r)} times the magnitude of its terms, where r
 * counts the float roundings a term can go through.
 */
final class BoundedMatrix {

    final int rows;
    final int cols;
    final double[] value;
    final double[] error;

    BoundedMatrix(int rows, int cols) {
        this.rows = rows;
        this.cols = cols;
        this.value = new double[rows * cols];
        this.error = new double[rows * cols];
    }

    /**
     * @param data float inputs, taken as exact (radius 0)
     * @param rows row count
     * @param cols column count; {@code rows * cols == data.length}
     * @return the matrix of those values
     */
    static BoundedMatrix exact(float[] data, int rows, int cols) {
        if (data.length != rows * cols) {
            throw new IllegalArgumentException(data.length + " elements for a " + rows + " x " + cols + " matrix");
        }
        BoundedMatrix m = new BoundedMatrix(rows, cols);
        for (int i = 0; i < data.length; i++) {
            m.value[i] = data[i];
        }
        return m;
    }

    /**
     * The relative error factor of r float roundings, plus one more for the double-precision
     * reference itself: γ(r + 1). The reference's own error is at most
     * {@code γ₅₃(k)·Σ|terms|} with a double unit roundoff of 2⁻⁵³, below one float unit
     * roundoff 2⁻²⁴ times Σ|terms| for every k under 2²⁹, so one extra rounding covers it.
     *
     * @param roundings the number of float roundings a term can go through
     * @return γ(roundings + 1)
     */
    static double gamma(long roundings) {
        return ErrorBound.gamma(roundings + 1);
    }

    /** @return the element count */
    int size() {
        return value.length;
    }

    /**
     * @param i element index
     * @return the largest magnitude the element can have in any float computation: {@code |value| + error}
     */
    double magnitude(int i) {
        return Math.abs(value[i]) + error[i];
    }
}
