package io.github.panagrad.fuzz;

import java.util.IdentityHashMap;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.StringJoiner;

/**
 * The arguments of one kernel call, by parameter name in the method's order. Arrays may be
 * shared between parameters (in-place calls); {@link #copy()} keeps that sharing.
 */
final class Call {

    private final Map<String, Object> args;

    private Call(Map<String, Object> args) {
        this.args = args;
    }

    static Call of() {
        return new Call(new LinkedHashMap<>());
    }

    /** A call with one argument set or replaced; arrays are shared with this call, not copied. */
    Call with(String name, Object value) {
        Map<String, Object> changed = new LinkedHashMap<>(args);
        changed.put(name, value);
        return new Call(changed);
    }

    int i(String name) {
        return (Integer) args.get(name);
    }

    float f(String name) {
        return (Float) args.get(name);
    }

    boolean b(String name) {
        return (Boolean) args.get(name);
    }

    float[] a(String name) {
        return (float[]) args.get(name);
    }

    /** A copy whose arrays are fresh copies, one per distinct array, so in-place calls stay in place. */
    Call copy() {
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

    /** The arguments as text: arrays by length (and which earlier argument they are, when shared), scalars by value. */
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
                shown = first != null ? "same array as " + first : "float[" + array.length + "]";
            } else if (value == null) {
                shown = "null";
            } else if (value instanceof Float) {
                float v = (Float) value;
                shown = v + (Float.isNaN(v) ? String.format("(0x%08x)", Float.floatToRawIntBits(v)) : "");
            } else {
                shown = String.valueOf(value);
            }
            text.add(arg.getKey() + "=" + shown);
        }
        return text.toString();
    }
}
