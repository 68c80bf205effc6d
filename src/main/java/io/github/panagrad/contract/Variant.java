package io.github.panagrad.contract;

import java.util.LinkedHashMap;
import java.util.Map;

/**
 * Which calls of a kernel to generate: per choice point the alternative to take (a scalar
 * parameter's {@link Draw.Alternative}, or the {@link #LAYOUT} of the arrays), and arguments
 * fixed to exact values. A choice point the variant leaves open is drawn at random; the layout
 * defaults to separate arrays. {@link KernelEntry#variants()} lists every combination of
 * alternatives that has valid calls.
 *
 * @param choices the alternative index per choice point
 * @param fixed arguments with fixed values (counts, scalars, offsets, leading dimensions)
 * @param label the choices and fixed values as text, for test names and messages
 */
public record Variant(Map<String, Integer> choices, Map<String, Object> fixed, String label) {

    /** The choice point of the arrays' layout (see {@link KernelEntry.Layout}). */
    public static final String LAYOUT = "layout";

    /** Every choice open, nothing fixed. */
    public static final Variant ANY = new Variant(Map.of(), Map.of(), "");

    /**
     * @param name a parameter name
     * @param value the value it must take (boxed)
     * @return this variant with that argument fixed too
     */
    public Variant with(String name, Object value) {
        Map<String, Object> values = new LinkedHashMap<>(fixed);
        values.put(name, value);
        return new Variant(choices, values, (label.isEmpty() ? "" : label + ", ") + name + " = " + value);
    }

    /**
     * @param point a choice point
     * @param otherwise the alternative to take when this variant leaves it open
     * @return the alternative index
     */
    int choice(String point, int otherwise) {
        return choices.getOrDefault(point, otherwise);
    }

    @Override
    public String toString() {
        return label;
    }
}
