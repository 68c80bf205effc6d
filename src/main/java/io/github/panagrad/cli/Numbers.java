package io.github.panagrad.cli;

import java.math.BigDecimal;
import java.math.MathContext;
import java.util.Locale;

/** Short renderings of numbers and small matrices for the reports. */
final class Numbers {

    private Numbers() {
    }

    /**
     * @param value the number
     * @param digits significant digits kept, {@code >= 1}
     * @return the value rounded to {@code digits} significant digits, without trailing zeros
     *         ({@code 0.5}, {@code 1.234}, {@code 3.1e-07}); NaN and infinities as Java writes them
     */
    static String compact(double value, int digits) {
        if (!Double.isFinite(value)) {
            return Double.toString(value);
        }
        if (value == 0) {
            return (1 / value < 0) ? "-0" : "0";
        }
        double magnitude = Math.abs(value);
        if (magnitude >= 1e-4 && magnitude < 1e7) {
            return new BigDecimal(value).round(new MathContext(digits)).stripTrailingZeros().toPlainString();
        }
        return String.format(Locale.ROOT, "%." + (digits - 1) + "e", value);
    }

    /**
     * @param snapshot a tensor of rank 0, 1 or 2
     * @param rows how many rows of a matrix to show before {@code ...}
     * @return the values PyTorch style, {@code [[0.5, 1.2, 3.3], [1.1, 0.7, 2.8], ...]}, 4 significant digits
     */
    static String tensor(TensorSnapshot snapshot, int rows) {
        int[] shape = snapshot.shape();
        float[] values = snapshot.values();
        if (shape.length == 0) {
            return compact(values[0], 4);
        }
        int columns = shape[shape.length - 1];
        if (shape.length == 1) {
            return row(values, 0, columns);
        }
        StringBuilder text = new StringBuilder("[");
        int shown = Math.min(rows, shape[0]);
        for (int r = 0; r < shown; r++) {
            text.append(r == 0 ? "" : ", ").append(row(values, r * columns, columns));
        }
        return text.append(shape[0] > shown ? ", ...]" : "]").toString();
    }

    /** @return a shape as {@code 1000 x 3}, or {@code scalar} for rank 0 */
    static String shape(int[] shape) {
        if (shape.length == 0) {
            return "scalar";
        }
        StringBuilder text = new StringBuilder();
        for (int d = 0; d < shape.length; d++) {
            text.append(d == 0 ? "" : " x ").append(shape[d]);
        }
        return text.toString();
    }

    private static String row(float[] values, int start, int count) {
        StringBuilder text = new StringBuilder("[");
        for (int i = 0; i < count; i++) {
            text.append(i == 0 ? "" : ", ").append(compact(values[start + i], 4));
        }
        return text.append(']').toString();
    }
}
