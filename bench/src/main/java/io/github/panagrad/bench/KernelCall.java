package io.github.panagrad.bench;

import io.github.panagrad.kernel.Kernels;

/**
 * One call of a streaming or matrix kernel of {@link Kernels} on prepared {@link Operands},
 * with the arguments of its JMH benchmark ({@code ReluBenchmark}, {@code SgdBenchmark} at
 * momentum 0, ...): the calls the cold-start harness ({@link ColdStart}) times. Each call
 * returns one float of its result, so that a caller can keep it and no call is dead code.
 */
enum KernelCall {
    RELU("relu", (k, o) -> {
        k.relu(o.n, o.a, 0, o.c, 0);
        return o.c[0];
    }),
    RELU_BACKWARD("reluBackward", (k, o) -> {
        k.reluBackward(o.n, o.a, 0, o.b, 0, o.c, 0);
        return o.c[0];
    }),
    AXPY("axpy", (k, o) -> {
        k.axpy(o.n, 1e-3f, o.a, 0, o.c, 0);
        return o.c[0];
    }),
    ADD("add", (k, o) -> {
        k.add(o.n, o.a, 0, o.b, 0, o.c, 0);
        return o.c[0];
    }),
    SUB("sub", (k, o) -> {
        k.sub(o.n, o.a, 0, o.b, 0, o.c, 0);
        return o.c[0];
    }),
    MUL("mul", (k, o) -> {
        k.mul(o.n, o.a, 0, o.b, 0, o.c, 0);
        return o.c[0];
    }),
    SCALE("scale", (k, o) -> {
        k.scale(o.n, 0.5f, o.a, 0, o.c, 0);
        return o.c[0];
    }),
    SUM("sum", (k, o) -> k.sum(o.n, o.a, 0)),
    DOT("dot", (k, o) -> k.dot(o.n, o.a, 0, o.b, 0)),
    MSE("mse", (k, o) -> k.mse(o.n, o.a, 0, o.b, 0)),
    MSE_BACKWARD("mseBackward", (k, o) -> {
        k.mseBackward(o.n, 1f, o.a, 0, o.b, 0, o.c, 0);
        return o.c[0];
    }),
    SGD_STEP("sgdStep", (k, o) -> {
        k.sgdStep(o.n, 1e-3f, 0f, 0f, 0f, false, false, o.c, 0, o.a, 0, o.b, 0);
        return o.c[0];
    }),
    ADAM_STEP("adamStep", (k, o) -> {
        o.adamSteps++;
        k.adamStep(o.n, 1e-3f, 0.9f, 0.999f, 1e-8f, 0f, o.adamSteps, o.c, 0, o.a, 0, o.firstMoment, 0, o.secondMoment, 0);
        return o.c[0];
    }),
    COLUMN_SUMS("columnSums", (k, o) -> {
        k.columnSums(o.rows, o.cols, o.a, 0, 0f, o.b, 0);
        return o.b[0];
    }),
    ADD_ROW_VECTOR("addRowVector", (k, o) -> {
        k.addRowVector(o.rows, o.cols, o.a, 0, o.b, 0, o.c, 0);
        return o.c[0];
    });

    /** A kernel call's body. */
    @FunctionalInterface
    private interface Body {
        float call(Kernels k, Operands o);
    }

    private final String kernel;
    private final Body body;

    KernelCall(String kernel, Body body) {
        this.kernel = kernel;
        this.body = body;
    }

    /** @return the kernel's name as {@link Kernels} spells it */
    String kernel() {
        return kernel;
    }

    /**
     * One call of the kernel.
     *
     * @param k the backend under measurement
     * @param o the operands
     * @return one element of the result (the returned value of a reduction)
     */
    float call(Kernels k, Operands o) {
        return body.call(k, o);
    }

    /**
     * @param name a kernel's name as {@link Kernels} spells it, such as {@code reluBackward}
     * @return its call
     * @throws IllegalArgumentException when no call has that name
     */
    static KernelCall named(String name) {
        for (KernelCall call : values()) {
            if (call.kernel.equals(name)) {
                return call;
            }
        }
        throw new IllegalArgumentException("kernel = '" + name + "' is not one of the streaming or matrix kernels");
    }

    /**
     * The arrays of one kernel's calls: three of {@code rows · cols} floats from [-1, 1) and
     * Adam's two moments, zero at first. The streaming kernels run over all {@code n}
     * elements; columnSums and addRowVector see a {@code rows × cols} matrix in {@link #a}
     * and a row of {@code cols} at the start of {@link #b}.
     */
    static final class Operands {
        final int rows;
        final int cols;
        final int n;
        final float[] a;
        final float[] b;
        final float[] c;
        final float[] firstMoment;
        final float[] secondMoment;
        int adamSteps;

        /**
         * @param size {@code n} (a vector, seen as n × 1) or {@code rows x cols}
         * @throws IllegalArgumentException when the size is malformed
         */
        Operands(String size) {
            int[] dims = size.contains("x") ? Data.dims(size, 2) : new int[] {Data.numbers(size, "x")[0], 1};
            rows = dims[0];
            cols = dims[1];
            n = Math.multiplyExact(rows, cols);
            a = Data.uniform(n, 1);
            b = Data.uniform(n, 2);
            c = Data.uniform(n, 3);
            firstMoment = new float[n];
            secondMoment = new float[n];
        }
    }
}
