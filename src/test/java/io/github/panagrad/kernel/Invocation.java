package io.github.panagrad.kernel;

import static org.junit.jupiter.api.Assertions.fail;

import java.util.BitSet;

/**
 * One kernel call on fixed arrays (built by {@link Layout}), runnable on any backend:
 * every run works on fresh copies, so the same call can be compared across backends, and
 * the originals stay available for references and for proving what a run changed.
 */
final class Invocation {

    /** A kernel call on the (copied) arrays, returning the kernel's result or NaN for none. */
    @FunctionalInterface
    interface Call {
        float run(Kernels kernels, float[][] arrays);
    }

    /** A kernel call that returns nothing. */
    @FunctionalInterface
    interface Effect {
        void run(Kernels kernels, float[][] arrays);
    }

    /** The backend of one run, the arrays after it, and the value the kernel returned (NaN for none). */
    record Outcome(Kernels kernels, float[][] arrays, float value) {
    }

    private final String description;
    private final String[] names;
    private final float[][] arrays;
    private final int[] offsets;
    private final BitSet[] writable;
    private final Call call;

    Invocation(String description, String[] names, float[][] arrays, int[] offsets, BitSet[] writable, Call call) {
        this.description = description;
        this.names = names;
        this.arrays = arrays;
        this.offsets = offsets;
        this.writable = writable;
        this.call = call;
    }

    /** What is called, with offsets and array lengths, for failure messages. */
    String description() {
        return description;
    }

    /** The original (never run on) array of an operand. */
    float[] original(int handle) {
        return arrays[handle];
    }

    /** Runs the call on copies of the arrays. */
    Outcome run(Kernels kernels) {
        float[][] copies = new float[arrays.length][];
        for (int i = 0; i < arrays.length; i++) {
            copies[i] = arrays[i].clone();
        }
        float value = call.run(kernels, copies);
        return new Outcome(kernels, copies, value);
    }

    /**
     * Asserts that the run changed no input and no output element outside its window:
     * every such element keeps its exact original bits.
     */
    void assertWroteOnlyOutputWindows(Outcome outcome) {
        for (int h = 0; h < arrays.length; h++) {
            for (int i = 0; i < arrays[h].length; i++) {
                if (writable[h] != null && writable[h].get(i)) {
                    continue;
                }
                int before = Float.floatToRawIntBits(arrays[h][i]);
                int after = Float.floatToRawIntBits(outcome.arrays()[h][i]);
                if (before != after) {
                    fail(String.format("%s on %s: %s[%d] is outside every output window but changed from"
                                    + " 0x%08x to 0x%08x (%s)",
                            description, outcome.kernels(), names[h], i, before, after, Float.intBitsToFloat(after)));
                }
            }
        }
    }

    /**
     * Asserts that two runs left bit-identical arrays (compared with
     * {@link Float#floatToIntBits}, which treats all NaNs as one) and returned the same value.
     */
    void assertSameBits(Outcome expected, Outcome actual) {
        for (int h = 0; h < arrays.length; h++) {
            for (int i = 0; i < arrays[h].length; i++) {
                if (Float.floatToIntBits(expected.arrays()[h][i]) != Float.floatToIntBits(actual.arrays()[h][i])) {
                    assertSameBits(expected, actual, expected.arrays()[h][i], actual.arrays()[h][i],
                            names[h] + "[" + i + "], element " + (i - offsets[h]) + " of the window; inputs there: "
                                    + inputsAt(i - offsets[h]));
                }
            }
        }
        assertSameBits(expected, actual, expected.value(), actual.value(), "returned value");
    }

    private String inputsAt(int element) {
        StringBuilder text = new StringBuilder();
        for (int g = 0; g < arrays.length; g++) {
            int index = offsets[g] + element;
            if (index >= 0 && index < arrays[g].length) {
                text.append(g == 0 ? "" : ", ").append(names[g]).append(" = ").append(arrays[g][index]);
            }
        }
        return text.toString();
    }

    private void assertSameBits(Outcome expected, Outcome actual, float e, float a, String where) {
        if (Float.floatToIntBits(e) != Float.floatToIntBits(a)) {
            fail(String.format("%s: %s gives %s (0x%08x), %s gives %s (0x%08x) at %s",
                    description, expected.kernels(), e, Float.floatToIntBits(e),
                    actual.kernels(), a, Float.floatToIntBits(a), where));
        }
    }
}
