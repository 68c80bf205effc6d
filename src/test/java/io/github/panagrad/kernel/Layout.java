package io.github.panagrad.kernel;

import java.util.ArrayList;
import java.util.BitSet;
import java.util.List;
import java.util.Random;

/**
 * Builds the arrays of one kernel call. Each operand gets its own array with its window
 * at a random offset, followed by a short random tail; the window holds values from the
 * chosen source and everything else holds {@link Inputs#sentinel sentinels}. Operands
 * are referred to by the handle the adding method returns; output windows are recorded
 * so {@link Invocation} can prove nothing else was written.
 */
final class Layout {

    private final long seed;
    private final Random random;
    private final Inputs.FloatSource values;
    private final List<String> names = new ArrayList<>();
    private final List<float[]> arrays = new ArrayList<>();
    private final List<Integer> offsets = new ArrayList<>();
    private final List<Integer> leadingDimensions = new ArrayList<>();
    private final List<BitSet> windows = new ArrayList<>();
    private final List<BitSet> writable = new ArrayList<>();

    /** A layout whose offsets, tails, window values and drawn scalars all come from {@code seed}. */
    Layout(long seed, Inputs.FloatSource values) {
        this.seed = seed;
        this.random = new Random(seed);
        this.values = values;
    }

    /** The generator the call's scalars should be drawn from. */
    Random random() {
        return random;
    }

    /** A vector operand that the kernel only reads. */
    int input(String name, int n) {
        return matrix(name, 1, n, Math.max(1, n), false, false);
    }

    /** A vector operand that the kernel only reads, with non-negative values (|value|). */
    int nonNegativeInput(String name, int n) {
        return matrix(name, 1, n, Math.max(1, n), false, true);
    }

    /** A vector operand the kernel may read and write in its window. */
    int output(String name, int n) {
        return matrix(name, 1, n, Math.max(1, n), true, false);
    }

    /** A vector operand the kernel may write, with non-negative starting values. */
    int nonNegativeOutput(String name, int n) {
        return matrix(name, 1, n, Math.max(1, n), true, true);
    }

    /** A row-major {@code rows × cols} input stored with leading dimension {@code ld}. */
    int matrixInput(String name, int rows, int cols, int ld) {
        return matrix(name, rows, cols, ld, false, false);
    }

    /** A row-major {@code rows × cols} output stored with leading dimension {@code ld}; the gaps stay sentinels. */
    int matrixOutput(String name, int rows, int cols, int ld) {
        return matrix(name, rows, cols, ld, true, false);
    }

    /** Marks an input's window as written too: the operand that an in-place call reuses as its output. */
    int inPlace(int handle) {
        writable.set(handle, windows.get(handle));
        return handle;
    }

    /** Overwrites element {@code index} of a vector window (to place special values at chosen positions). */
    void set(int handle, int index, float value) {
        set(handle, 0, index, value);
    }

    /** Overwrites element {@code (row, col)} of a matrix window. */
    void set(int handle, int row, int col, float value) {
        arrays.get(handle)[offsets.get(handle) + row * leadingDimensions.get(handle) + col] = value;
    }

    /** Sets every element of an operand's window to {@code value}. */
    void fillWindow(int handle, float value) {
        float[] array = arrays.get(handle);
        windows.get(handle).stream().forEach(i -> array[i] = value);
    }

    /** The stored array of an operand. */
    float[] array(int handle) {
        return arrays.get(handle);
    }

    /** The offset of an operand's window. */
    int offset(int handle) {
        return offsets.get(handle);
    }

    /** The leading dimension a matrix operand was stored with. */
    int leadingDimension(int handle) {
        return leadingDimensions.get(handle);
    }

    /** The call on these arrays, for a kernel that returns nothing. */
    Invocation effect(String description, Invocation.Effect call) {
        return invocation(description, (kernels, a) -> {
            call.run(kernels, a);
            return Float.NaN;
        });
    }

    /** The call on these arrays, for a kernel that returns a value. */
    Invocation value(String description, Invocation.Call call) {
        return invocation(description, call);
    }

    private Invocation invocation(String description, Invocation.Call call) {
        StringBuilder text = new StringBuilder(description).append(" [seed ").append(seed).append("] with");
        for (int h = 0; h < arrays.size(); h++) {
            text.append(h == 0 ? " " : ", ").append(names.get(h)).append("Off = ").append(offsets.get(h))
                    .append(" (length ").append(arrays.get(h).length).append(')');
        }
        return new Invocation(text.toString(), names.toArray(new String[0]), arrays.toArray(new float[0][]),
                offsets.stream().mapToInt(Integer::intValue).toArray(), writable.toArray(new BitSet[0]), call);
    }

    private int matrix(String name, int rows, int cols, int ld, boolean output, boolean nonNegative) {
        int handle = arrays.size();
        int off = Inputs.offset(random);
        long extent = extent(rows, cols, ld);
        float[] array = new float[Math.toIntExact(off + extent + random.nextInt(6))];
        for (int i = 0; i < array.length; i++) {
            array[i] = Inputs.sentinel(handle, i);
        }
        BitSet window = new BitSet();
        for (int r = 0; r < rows; r++) {
            for (int c = 0; c < cols; c++) {
                int index = off + r * ld + c;
                float v = values.next(random);
                array[index] = nonNegative ? Math.abs(v) : v;
                window.set(index);
            }
        }
        names.add(name);
        arrays.add(array);
        offsets.add(off);
        leadingDimensions.add(ld);
        windows.add(window);
        writable.add(output ? window : null);
        return handle;
    }

    private static long extent(int rows, int cols, int ld) {
        return rows == 0 || cols == 0 ? 0 : (long) (rows - 1) * ld + cols;
    }
}
