package io.github.panagrad.bench;

import io.github.panagrad.kernel.Kernels;
import org.openjdk.jmh.infra.Blackhole;

/** {@link Kernels#columnSums}: {@code row[j] = Σ_i matrix[i][j]}, the bias gradient of a batch. */
public class ColumnSumsBenchmark extends MatrixBenchmark {

    @Override
    protected void run(Kernels kernels, Blackhole bh) {
        kernels.columnSums(rows, cols, matrix, 0, 0f, row, 0);
        bh.consume(row);
    }
}
