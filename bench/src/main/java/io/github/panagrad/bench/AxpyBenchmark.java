package io.github.panagrad.bench;

import io.github.panagrad.kernel.Kernels;
import org.openjdk.jmh.infra.Blackhole;

/** {@link Kernels#axpy}: {@code c += alpha * a}, the gradient-accumulation kernel. */
public class AxpyBenchmark extends StreamingBenchmark {

    private static final float ALPHA = 1e-3f;

    @Override
    protected void run(Kernels kernels, Blackhole bh) {
        kernels.axpy(n, ALPHA, a, 0, c, 0);
        bh.consume(c);
    }
}
