package io.github.panagrad.contract;

import java.util.IdentityHashMap;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.StringJoiner;

/**
 * The arguments of one kernel call, by parameter name in the order of the {@code Kernels}
 * method: an array {@code x} is followed by its offset {@code xOff} and, for a matrix, its
 * leading dimension {@code ldx}. Arrays may be shared between parameters (in-place calls,
 * inputs in one array); {@link #copy()} keeps that sharing. Scalar arguments are fixed; the
 * arrays' elements are not (kernels write them, tests place values in them).
 */
public final class Call {

    private final Map<String, Object> args;

    private Call(Map<String, Object> args) {
        this.args = args;
    }

    /** @return a call without arguments */
    public static Call of() {
        return new Call(new LinkedHashMap<>());
    }

    /**
     * @param name a parameter name
     * @param value its argument (boxed for primitives); arrays are shared with this call, not copied
     * @return a call with that argument set (appended, or replaced in place)
     */
    public Call with(String name, Object value) {
        Map<String, Object> changed = new LinkedHashMap<>(args);
        changed.put(name, value);
        return new Call(changed);
    }

    /**
     * @param name the name of an {@code int} parameter
     * @return its argument
     */
    public int i(String name) {
        return (Integer) args.get(name);
    }

    /**
     * @param name the name of a {@code float} parameter
     * @return its argument
     */
    public float f(String name) {
        return (Float) args.get(name);
    }

    /**
     * @param name the name of a {@code boolean} parameter
     * @return its argument
     */
    public boolean b(String name) {
        return (Boolean) args.get(name);
    }

    /**
     * @param name the name of an array parameter
     * @return its array (the call's own, not a copy), or null
     */
    public float[] a(String name) {
        return (float[]) args.get(name);
    }

    /**
     * @param name a parameter name
     * @return its argument, boxed
     */
    public Object get(String name) {
        return args.get(name);
    }

    /**
     * @param vector the name of an array parameter
     * @param index an index within its window
     * @return the element {@code vector[vectorOff + index]}
     */
    public float at(String vector, int index) {
        return a(vector)[i(vector + "Off") + index];
    }

    /**
     * Sets {@code vector[vectorOff + index]}.
     *
     * @param vector the name of an array parameter
     * @param index an index within its window
     * @param value the new element
     */
    public void set(String vector, int index, float value) {
        a(vector)[i(vector + "Off") + index] = value;
    }

    /**
     * Sets element {@code (row, col)} of a matrix argument, {@code matrix[matrixOff + row·ldmatrix + col]}.
     *
     * @param matrix the name of a matrix parameter
     * @param row a row of its window
     * @param col a column of its window
     * @param value the new element
     */
    public void set(String matrix, int row, int col, float value) {
        a(matrix)[i(matrix + "Off") + row * i("ld" + matrix) + col] = value;
    }

    /** @return the arguments in parameter order, as {@code Method.invoke} takes them */
    Object[] values() {
        return args.values().toArray();
    }

    /** @return a copy whose arrays are fresh copies, one per distinct array, so shared arrays stay shared */
    public Call copy() {
        Map<float[], float[]> copies = new IdentityHashMap<>();
        Map<String, Object> copied = new LinkedHashMap<>();
        for (Map.Entry<String, Object> arg : args.entrySet()) {
            Object value = arg.getValue();
            if (value instanceof float[]) {
                value = copies.computeIfAbsent((float[]) value, float[]::clone);
            }
            copied.put(arg.getKey(), value);
        }
        return new Call(copied);
    }

    /** The arguments as text: arrays by length (or as the earlier argument they share an array with), scalars by value. */
    @Override
    public String toString() {
        StringJoiner text = new StringJoiner(", ", "(", ")");
        Map<float[], String> seen = new IdentityHashMap<>();
        for (Map.Entry<String, Object> arg : args.entrySet()) {
            Object value = arg.getValue();
            String shown;
            if (value instanceof float[]) {
                float[] array = (float[]) value;
                String first = seen.putIfAbsent(array, arg.getKey());
                shown = first != null ? "the array of " + first : "float[" + array.length + "]";
            } else if (value instanceof Float && Float.isNaN((Float) value)) {
                shown = String.format("NaN(0x%08x)", Float.floatToRawIntBits((Float) value));
            } else {
                shown = String.valueOf(value);
            }
            text.add(arg.getKey() + " = " + shown);
        }
        return text.toString();
    }
}
