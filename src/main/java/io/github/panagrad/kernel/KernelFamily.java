package io.github.panagrad.kernel;

/**
 * The groups of kernels whose vector code is warmed up together ({@link Warmup}): each group
 * shares its compiled methods, so it is ready, or not, as one.
 */
enum KernelFamily {
    /** gemm: the packed, narrow and thin paths. */
    GEMM("gemm"),
    /** relu, reluBackward, axpy, add, sub, mul, scale, addScalar, mulAdd, transpose, addRowVector, mseBackward. */
    ELEMENTWISE("elementwise"),
    /** columnSums, sum, dot, mse. */
    REDUCTIONS("reductions"),
    /** sgdStep, adamStep. */
    OPTIMIZER("optimizer");

    private final String label;

    KernelFamily(String label) {
        this.label = label;
    }

    /** The family's name in {@code info} and {@link Kernels#warmupStatus()}. */
    String label() {
        return label;
    }
}
