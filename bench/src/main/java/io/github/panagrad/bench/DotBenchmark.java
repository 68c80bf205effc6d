package io.github.panagrad.bench;

import io.github.panagrad.kernel.Kernels;
import org.openjdk.jmh.infra.Blackhole;

/** {@link Kernels#dot}: {@code Σ a[i] * b[i]}. */
public class DotBenchmark extends StreamingBenchmark {

    @Override
    protected void run(Kernels kernels, Blackhole bh) {
        bh.consume(kernels.dot(n, a, 0, b, 0));
    }
}
