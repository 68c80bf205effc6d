package io.github.panagrad.kernel;

/**
 * Argument checks for the {@link Kernels} facade. Every failure is an
 * {@link IllegalArgumentException} whose message names the argument and its value; all
 * extent arithmetic is done in {@code long}, so no int overflow can let a bad call through.
 */
final class Checks {

    private Checks() {
    }

    static void count(String name, int value) {
        if (value < 0) {
            throw new IllegalArgumentException(name + " = " + value + " must be >= 0");
        }
    }

    static void finite(String name, float value) {
        if (!Float.isFinite(value)) {
            throw new IllegalArgumentException(name + " = " + value + " must be finite");
        }
    }

    static void nonNegative(String name, float value) {
        if (!(value >= 0f) || value == Float.POSITIVE_INFINITY) {
            throw new IllegalArgumentException(name + " = " + value + " must be finite and >= 0");
        }
    }

    /** {@code array[off, off + n)} must exist. */
    static void vector(String name, float[] array, int off, int n) {
        if (array == null) {
            throw new IllegalArgumentException(name + " must not be null");
        }
        if (off < 0) {
            throw new IllegalArgumentException(name + "Off = " + off + " must be >= 0");
        }
        if ((long) off + n > array.length) {
            throw new IllegalArgumentException(name + ".length = " + array.length + " is too short for "
                    + name + "Off = " + off + " and " + n + " elements (needs " + ((long) off + n) + ")");
        }
    }

    /**
     * A row-major {@code rows × cols} matrix at {@code array[off]} with leading dimension
     * {@code ld >= max(1, cols)}; its last element is {@code off + (rows - 1) * ld + cols - 1}.
     */
    static void matrix(String name, float[] array, int off, int rows, int cols, int ld) {
        if (array == null) {
            throw new IllegalArgumentException(name + " must not be null");
        }
        if (off < 0) {
            throw new IllegalArgumentException(name + "Off = " + off + " must be >= 0");
        }
        if (ld < Math.max(1, cols)) {
            throw new IllegalArgumentException("ld" + name + " = " + ld + " must be >= max(1, " + cols
                    + ") for a " + rows + " x " + cols + " matrix " + name);
        }
        long extent = rows == 0 || cols == 0 ? 0 : (long) (rows - 1) * ld + cols;
        if (off + extent > array.length) {
            throw new IllegalArgumentException(name + ".length = " + array.length + " is too short for a "
                    + rows + " x " + cols + " matrix at " + name + "Off = " + off + " with ld" + name + " = " + ld
                    + " (needs " + (off + extent) + ")");
        }
    }

    /**
     * Rejects an output window that partly overlaps an input window of the same array:
     * exact in-place use ({@code out == in} at the same offset) is allowed when
     * {@code inPlaceAllowed}, any other overlap is not.
     */
    static void noOverlap(String outName, float[] out, int outOff, long outExtent,
                          String inName, float[] in, int inOff, long inExtent, boolean inPlaceAllowed) {
        if (out != in || outExtent == 0 || inExtent == 0) {
            return;
        }
        if (inPlaceAllowed && outOff == inOff && outExtent == inExtent) {
            return;
        }
        boolean overlap = outOff < inOff + inExtent && inOff < outOff + outExtent;
        if (overlap) {
            throw new IllegalArgumentException(outName + " overlaps " + inName + " (same array, "
                    + outName + "Off = " + outOff + ", " + inName + "Off = " + inOff + ")"
                    + (inPlaceAllowed ? "; only exact in-place use is allowed" : "; they must not share elements"));
        }
    }

    /** The extent of a validated matrix, as {@link #matrix} computes it. */
    static long extent(int rows, int cols, int ld) {
        return rows == 0 || cols == 0 ? 0 : (long) (rows - 1) * ld + cols;
    }
}
