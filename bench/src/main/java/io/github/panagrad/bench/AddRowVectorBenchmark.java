package io.github.panagrad.bench;

import io.github.panagrad.kernel.Kernels;
import org.openjdk.jmh.infra.Blackhole;

/** {@link Kernels#addRowVector}: {@code output[i][j] = matrix[i][j] + row[j]}, the bias add of a batch. */
public class AddRowVectorBenchmark extends MatrixBenchmark {

    @Override
    protected void run(Kernels kernels, Blackhole bh) {
        kernels.addRowVector(rows, cols, matrix, 0, row, 0, output, 0);
        bh.consume(output);
    }
}
