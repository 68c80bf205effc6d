package io.github.panagrad.cli;

import io.github.panagrad.kernel.Kernels;
import java.util.ArrayList;
import java.util.List;

/**
 * One call of one kernel on prepared arrays, runnable on any backend.
 *
 * <p>Every array's window starts at {@link #OFFSET} and is followed by {@link #OFFSET}
 * guard cells, so a kernel that writes outside its window, or into an input, can be
 * caught. Kernels that return a value (sum, dot, mse) store it into a one-element output
 * array, so every kernel is checked the same way: by the arrays it leaves behind.
 *
 * <p>Every case is checked by comparing the backends' outputs bit for bit; a reduction's
 * case also carries its {@link Reference}: the exact result and Σ|terms| in double for
 * every element of its output, and the kernel's k.
 */
final class KernelCase {

    /** Index of every window's first element (odd, so vector loads start unaligned). */
    static final int OFFSET = 3;

    /** The value of every guard cell: an unusual normal number no kernel result should equal by chance. */
    private static final float GUARD = -0x1.5bd2p+37f;

    /** Runs the kernel on {@code arrays}, whose windows start at {@link #OFFSET}. */
    @FunctionalInterface
    interface Invocation {
        void run(Kernels kernels, float[][] arrays);
    }

    /** Computes, in double, what a bounded kernel should produce from the initial arrays. */
    @FunctionalInterface
    interface Reference {
        Expected expected(float[][] arrays);
    }

    /**
     * The exact result of a bounded kernel per element of one output window.
     *
     * @param array index of the output array
     * @param exact the exact value of each element, computed in double
     * @param absSum Σ|terms| of each element, in double
     * @param k the number of roundings the kernel's bound allows
     */
    record Expected(int array, double[] exact, double[] absSum, long k) {
    }

    private final String kernel;
    private final float[][] arrays;
    private final int[] lengths;
    private final boolean[] outputs;
    private final Invocation invocation;
    private final Reference reference;

    private KernelCase(Builder builder, Invocation invocation, Reference reference) {
        this.kernel = builder.kernel;
        this.arrays = builder.arrays.toArray(new float[0][]);
        this.lengths = builder.lengths.stream().mapToInt(Integer::intValue).toArray();
        this.outputs = new boolean[arrays.length];
        for (int i = 0; i < outputs.length; i++) {
            outputs[i] = builder.outputs.get(i);
        }
        this.invocation = invocation;
        this.reference = reference;
    }

    /** @return a builder for a case of the named kernel */
    static Builder of(String kernel) {
        return new Builder(kernel);
    }

    /** @return the name of the {@link Kernels} method this case calls */
    String kernel() {
        return kernel;
    }

    /** @return true when the kernel is a reduction, also checked against its γ(k) bound */
    boolean bounded() {
        return reference != null;
    }

    /** @return the expected results; only for a {@link #bounded()} case */
    Expected expected() {
        return reference.expected(arrays);
    }

    /** @return copies of the initial arrays after the kernel ran on them with {@code kernels} */
    float[][] runOn(Kernels kernels) {
        float[][] copies = new float[arrays.length][];
        for (int i = 0; i < arrays.length; i++) {
            copies[i] = arrays[i].clone();
        }
        invocation.run(kernels, copies);
        return copies;
    }

    /** @return the number of arrays */
    int arrayCount() {
        return arrays.length;
    }

    /** @return true when the kernel may write the window of array {@code index} */
    boolean isOutput(int index) {
        return outputs[index];
    }

    /** @return the length of array {@code index}'s window */
    int length(int index) {
        return lengths[index];
    }

    /** @return the initial contents of array {@code index}, guard cells included; not to be modified */
    float[] initial(int index) {
        return arrays[index];
    }

    /** Collects the arrays of a case in the order the invocation indexes them. */
    static final class Builder {
        private final String kernel;
        private final List<float[]> arrays = new ArrayList<>();
        private final List<Integer> lengths = new ArrayList<>();
        private final List<Boolean> outputs = new ArrayList<>();

        private Builder(String kernel) {
            this.kernel = kernel;
        }

        /** Adds a read-only array holding {@code window}; its index is the number of arrays added before. */
        Builder in(float[] window) {
            return add(window, false);
        }

        /** Adds an array the kernel writes, starting as {@code window}. */
        Builder out(float[] window) {
            return add(window, true);
        }

        /** @return an elementwise case, checked by comparing the two backends' bits */
        KernelCase elementwise(Invocation invocation) {
            return new KernelCase(this, invocation, null);
        }

        /** @return a reduction's case, checked by comparing the backends' bits and against {@code reference} with the γ(k) bound */
        KernelCase bounded(Invocation invocation, Reference reference) {
            return new KernelCase(this, invocation, reference);
        }

        private Builder add(float[] window, boolean output) {
            float[] padded = new float[window.length + 2 * OFFSET];
            for (int i = 0; i < padded.length; i++) {
                padded[i] = GUARD;
            }
            System.arraycopy(window, 0, padded, OFFSET, window.length);
            arrays.add(padded);
            lengths.add(window.length);
            outputs.add(output);
            return this;
        }
    }
}
