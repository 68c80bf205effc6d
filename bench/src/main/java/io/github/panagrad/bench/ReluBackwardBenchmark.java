package io.github.panagrad.bench;

import io.github.panagrad.kernel.Kernels;
import org.openjdk.jmh.infra.Blackhole;

/** {@link Kernels#reluBackward}: {@code c += b * relu'(a)}, half the inputs negative. */
public class ReluBackwardBenchmark extends StreamingBenchmark {

    @Override
    protected void run(Kernels kernels, Blackhole bh) {
        kernels.reluBackward(n, a, 0, b, 0, c, 0);
        bh.consume(c);
    }
}
