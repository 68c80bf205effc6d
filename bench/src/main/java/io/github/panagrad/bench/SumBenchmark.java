package io.github.panagrad.bench;

import io.github.panagrad.kernel.Kernels;
import org.openjdk.jmh.infra.Blackhole;

/** {@link Kernels#sum}: {@code Σ a[i]}. */
public class SumBenchmark extends StreamingBenchmark {

    @Override
    protected void run(Kernels kernels, Blackhole bh) {
        bh.consume(kernels.sum(n, a, 0));
    }
}
