package io.github.panagrad.internal;

import io.github.panagrad.Tensor;

import java.util.Arrays;

/**
 * The library's argument checks: the kernel facade, {@code Tensor}, the layers, the
 * optimizers and the operations of this package all reject bad arguments here, so each rule
 * has one wording. Every failure is an {@link IllegalArgumentException} whose message names
 * the argument and its value, {@code <name> = <value> must <rule>}:
 * <ul>
 *   <li>{@code n = -1 must be >= 0}, {@code threads = 0 must be >= 1} ({@link #atLeast});</li>
 *   <li>{@code k = 16777216 must be <= 16777215} ({@link #atMost}), and for array sizes
 *       {@code m * n = 65536 * 65536 = 4294967296 must be <= 2147483647} ({@link #product});</li>
 *   <li>{@code data.length = 5 must be 6 (the element count of shape [2, 3])} ({@link #exactly});</li>
 *   <li>{@code lr = NaN must be finite and >= 0}, {@code beta1 = 1.0 must be in [0, 1)};</li>
 *   <li>{@code x must not be null}, {@code params = [] must not be empty};</li>
 *   <li>{@code x.length = 4 must be >= 7 (xOff = 2 plus 5 elements)},
 *       {@code lda = 2 must be >= 5 (the columns of the 3 x 5 matrix a)};</li>
 *   <li>{@code y overlaps x (same array, yOff = 3, xOff = 0); only exact in-place use is allowed};</li>
 *   <li>{@code other.shape = [3, 2] must be [2, 3] (self.shape = [2, 3])}.</li>
 * </ul>
 * Extents are computed in {@code long}, so no int overflow lets a bad call through.
 */
public final class Checks {

    private Checks() {
    }

    // ---------------------------------------------------------------- values

    /**
     * @param name the argument's name
     * @param value the argument
     * @param <T> its type
     * @return {@code value}
     * @throws IllegalArgumentException {@code <name> must not be null} when it is null
     */
    public static <T> T notNull(String name, T value) {
        if (value == null) {
            throw new IllegalArgumentException(name + " must not be null");
        }
        return value;
    }

    /**
     * @param name the argument's name
     * @param value the argument
     * @param minimum the smallest valid value
     * @throws IllegalArgumentException {@code <name> = <value> must be >= <minimum>} when it is smaller
     */
    public static void atLeast(String name, long value, long minimum) {
        if (value < minimum) {
            throw new IllegalArgumentException(name + " = " + value + " must be >= " + minimum);
        }
    }

    /**
     * @param name the argument's name (or an expression of arguments, such as {@code m * n = 3 * 4})
     * @param value its value
     * @param maximum the largest valid value
     * @throws IllegalArgumentException {@code <name> = <value> must be <= <maximum>} when it is larger
     */
    public static void atMost(String name, long value, long maximum) {
        if (value > maximum) {
            throw new IllegalArgumentException(name + " = " + value + " must be <= " + maximum);
        }
    }

    /**
     * @param name the argument's name
     * @param value its value
     * @param required the only valid value
     * @param why where {@code required} comes from, for the message
     * @throws IllegalArgumentException {@code <name> = <value> must be <required> (<why>)} when they differ
     */
    public static void exactly(String name, long value, long required, String why) {
        if (value != required) {
            throw new IllegalArgumentException(name + " = " + value + " must be " + required + " (" + why + ")");
        }
    }

    /**
     * The element count of an {@code a × b} array, which must fit an array.
     *
     * @param aName the first factor's name
     * @param a the first factor, {@code >= 0}
     * @param bName the second factor's name
     * @param b the second factor, {@code >= 0}
     * @return {@code a · b}
     * @throws IllegalArgumentException {@code <aName> * <bName> = <a> * <b> = <product> must be <= 2147483647}
     */
    public static int product(String aName, int a, String bName, int b) {
        long product = (long) a * b;
        atMost(aName + " * " + bName + " = " + a + " * " + b, product, Integer.MAX_VALUE);
        return (int) product;
    }

    /**
     * @param name the argument's name
     * @param value the argument
     * @throws IllegalArgumentException {@code <name> = <value> must be finite and >= 0} for NaN, infinities and negatives
     */
    public static void finiteNonNegative(String name, float value) {
        if (!(value >= 0f) || value == Float.POSITIVE_INFINITY) {
            throw new IllegalArgumentException(name + " = " + value + " must be finite and >= 0");
        }
    }

    /**
     * @param name the argument's name
     * @param value the argument
     * @throws IllegalArgumentException {@code <name> = <value> must be in [0, 1)} otherwise (NaN included)
     */
    public static void unitInterval(String name, float value) {
        if (!(value >= 0f && value < 1f)) {
            throw new IllegalArgumentException(name + " = " + value + " must be in [0, 1)");
        }
    }

    /**
     * Nesterov momentum, as PyTorch's SGD: it needs momentum and no dampening.
     *
     * @param nesterov whether Nesterov momentum is asked for
     * @param momentum the momentum factor
     * @param dampening the dampening
     * @throws IllegalArgumentException {@code nesterov = true must have momentum > 0 and dampening = 0
     *         (momentum = <value>, dampening = <value>)} when {@code nesterov} and either is not so
     */
    public static void nesterov(boolean nesterov, float momentum, float dampening) {
        if (nesterov && (momentum <= 0f || dampening != 0f)) {
            throw new IllegalArgumentException("nesterov = true must have momentum > 0 and dampening = 0 (momentum = "
                    + momentum + ", dampening = " + dampening + ")");
        }
    }

    // ---------------------------------------------------------------- arrays

    /**
     * The window {@code array[off, off + n)} must exist.
     *
     * @param name the array's name; its offset is {@code <name>Off}
     * @param array the array
     * @param off the window's first index
     * @param n the window's length, {@code >= 0}
     * @throws IllegalArgumentException when the array is null, the offset negative or the array
     *         too short: {@code x.length = 4 must be >= 7 (xOff = 2 plus 5 elements)}
     */
    public static void vector(String name, float[] array, int off, int n) {
        notNull(name, array);
        atLeast(name + "Off", off, 0);
        long needed = (long) off + n;
        if (needed > array.length) {
            throw tooShort(name, array, needed, name + "Off = " + off + " plus " + n + " elements");
        }
    }

    /**
     * A row-major {@code rows × cols} matrix at {@code array[off]} with leading dimension
     * {@code ld >= max(1, cols)}; its last element is {@code off + (rows - 1)·ld + cols - 1}.
     *
     * @param name the matrix's name; its offset is {@code <name>Off}, its leading dimension {@code ld<name>}
     * @param array the array
     * @param off the first element's index
     * @param rows the row count, {@code >= 0}
     * @param cols the column count, {@code >= 0}
     * @param ld the leading dimension
     * @throws IllegalArgumentException when the array is null, the offset negative, the leading
     *         dimension too small or the array too short
     */
    public static void matrix(String name, float[] array, int off, int rows, int cols, int ld) {
        notNull(name, array);
        atLeast(name + "Off", off, 0);
        if (ld < Math.max(1, cols)) {
            throw new IllegalArgumentException("ld" + name + " = " + ld + " must be >= " + Math.max(1, cols)
                    + " (the columns of the " + rows + " x " + cols + " matrix " + name + ")");
        }
        long needed = off + extent(rows, cols, ld);
        if (needed > array.length) {
            throw tooShort(name, array, needed, name + "Off = " + off + " plus a " + rows + " x " + cols
                    + " matrix with ld" + name + " = " + ld);
        }
    }

    private static IllegalArgumentException tooShort(String name, float[] array, long needed, String window) {
        return new IllegalArgumentException(name + ".length = " + array.length + " must be >= " + needed
                + " (" + window + ")");
    }

    /**
     * @param rows the row count
     * @param cols the column count
     * @param ld the leading dimension
     * @return the elements from a matrix's first to its last, {@code (rows - 1)·ld + cols}; 0 when empty
     */
    public static long extent(int rows, int cols, int ld) {
        return rows == 0 || cols == 0 ? 0 : (long) (rows - 1) * ld + cols;
    }

    /**
     * Rejects an output window that overlaps an input window of the same array: exact
     * in-place use ({@code out == in} at the same offset with the same extent) is allowed when
     * {@code inPlaceAllowed}, any other overlap is not.
     *
     * @param outName the output's name
     * @param out the output array
     * @param outOff the output window's first index
     * @param outExtent the output window's extent
     * @param inName the input's name
     * @param in the input array
     * @param inOff the input window's first index
     * @param inExtent the input window's extent
     * @param inPlaceAllowed whether exact in-place use is allowed
     * @throws IllegalArgumentException {@code y overlaps x (same array, yOff = 3, xOff = 0); ...}
     */
    public static void noOverlap(String outName, float[] out, int outOff, long outExtent,
                                 String inName, float[] in, int inOff, long inExtent, boolean inPlaceAllowed) {
        if (out != in || outExtent == 0 || inExtent == 0) {
            return;
        }
        if (inPlaceAllowed && outOff == inOff && outExtent == inExtent) {
            return;
        }
        if (outOff < inOff + inExtent && inOff < outOff + outExtent) {
            throw new IllegalArgumentException(outName + " overlaps " + inName + " (same array, "
                    + outName + "Off = " + outOff + ", " + inName + "Off = " + inOff + ")"
                    + (inPlaceAllowed ? "; only exact in-place use is allowed" : "; they must not share elements"));
        }
    }

    // ---------------------------------------------------------------- tensors and lists

    /**
     * @param name the tensor's name
     * @param shape its shape
     * @param fits whether the shape is valid
     * @param required the valid shapes, for the message (for example {@code [out, in]})
     * @throws IllegalArgumentException {@code <name>.shape = <shape> must be <required>} unless {@code fits}
     */
    public static void shape(String name, int[] shape, boolean fits, String required) {
        if (!fits) {
            throw new IllegalArgumentException(name + ".shape = " + Arrays.toString(shape) + " must be " + required);
        }
    }

    /**
     * A shape that must fit another tensor's.
     *
     * @param name the tensor's name
     * @param shape its shape
     * @param fits whether the shape fits
     * @param required the fitting shapes, for the message
     * @param otherName the other tensor's name
     * @param otherShape the other tensor's shape
     * @throws IllegalArgumentException {@code <name>.shape = <shape> must be <required> (<otherName>.shape = <otherShape>)}
     */
    public static void shape(String name, int[] shape, boolean fits, String required, String otherName, int[] otherShape) {
        if (!fits) {
            throw new IllegalArgumentException(name + ".shape = " + Arrays.toString(shape) + " must be " + required
                    + " (" + otherName + ".shape = " + Arrays.toString(otherShape) + ")");
        }
    }

    /**
     * @param name the tensor's name
     * @param shape its shape
     * @param otherName the name of the tensor whose shape it must have
     * @param otherShape that shape
     * @throws IllegalArgumentException as {@link #shape(String, int[], boolean, String, String, int[])} when they differ
     */
    public static void sameShape(String name, int[] shape, String otherName, int[] otherShape) {
        shape(name, shape, Arrays.equals(shape, otherShape), Arrays.toString(otherShape), otherName, otherShape);
    }

    /**
     * @param name the tensor's name
     * @param tensor a tensor, not null
     * @throws IllegalArgumentException {@code <name> must be a leaf tensor, not one computed by <gradFn>}
     */
    public static void leaf(String name, Tensor tensor) {
        if (!tensor.isLeaf()) {
            throw new IllegalArgumentException(name + " must be a leaf tensor, not one computed by " + tensor.gradFn()
                    + " (detach() gives a leaf)");
        }
    }

    /**
     * @param name the list's name
     * @param empty whether it is empty
     * @throws IllegalArgumentException {@code <name> = [] must not be empty} when it is
     */
    public static void notEmpty(String name, boolean empty) {
        if (empty) {
            throw new IllegalArgumentException(name + " = [] must not be empty");
        }
    }

    /**
     * @param name the list entry's name, for example {@code params[2]}
     * @param repeated whether an earlier entry is the same object
     * @throws IllegalArgumentException {@code <name> must not repeat an earlier entry} when it does
     */
    public static void notRepeated(String name, boolean repeated) {
        if (repeated) {
            throw new IllegalArgumentException(name + " must not repeat an earlier entry");
        }
    }
}
