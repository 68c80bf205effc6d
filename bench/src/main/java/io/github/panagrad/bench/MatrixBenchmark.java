package io.github.panagrad.bench;

import org.openjdk.jmh.annotations.Param;
import org.openjdk.jmh.annotations.Setup;

/**
 * A scalar/vector pair over a contiguous row-major {@code rows × cols} matrix: the shapes of
 * the training benchmarks' activations (batch × features), then one L3-resident and one
 * DRAM-resident matrix. Each trial draws the matrix, a row vector and an output matrix.
 */
public abstract class MatrixBenchmark extends PairedBenchmark {

    /** The matrix shape, {@code rows x cols} (named apart from gemm's {@code shape} so {@code -p} can set each). */
    @Param({"1000x1", "1000x8", "128x256", "256x512", "1001x1003", "30011x1000"})
    public String matrixShape;

    /** Rows of {@link #matrixShape}. */
    protected int rows;
    /** Columns of {@link #matrixShape}. */
    protected int cols;
    /** {@code rows × cols} floats from [-1, 1). */
    protected float[] matrix;
    /** {@code cols} floats from [-1, 1). */
    protected float[] row;
    /** {@code rows × cols} floats from [-1, 1), used as output. */
    protected float[] output;

    /** Parses the shape and draws the arrays. */
    @Setup
    public void drawArrays() {
        int[] dims = Data.dims(matrixShape, 2);
        rows = dims[0];
        cols = dims[1];
        matrix = Data.uniform(rows * cols, 1);
        row = Data.uniform(cols, 2);
        output = Data.uniform(rows * cols, 3);
    }
}
