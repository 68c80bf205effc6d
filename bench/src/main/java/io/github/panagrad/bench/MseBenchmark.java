package io.github.panagrad.bench;

import io.github.panagrad.kernel.Kernels;
import org.openjdk.jmh.infra.Blackhole;

/** {@link Kernels#mse}: {@code (1/n) Σ (a[i] - b[i])²}, predictions a, targets b. */
public class MseBenchmark extends StreamingBenchmark {

    @Override
    protected void run(Kernels kernels, Blackhole bh) {
        bh.consume(kernels.mse(n, a, 0, b, 0));
    }
}
