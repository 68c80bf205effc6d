package io.github.panagrad.bench;

import io.github.panagrad.kernel.Kernels;
import org.openjdk.jmh.infra.Blackhole;

/** {@link Kernels#scale}: {@code c = alpha * a}. */
public class ScaleBenchmark extends StreamingBenchmark {

    private static final float ALPHA = 0.5f;

    @Override
    protected void run(Kernels kernels, Blackhole bh) {
        kernels.scale(n, ALPHA, a, 0, c, 0);
        bh.consume(c);
    }
}
