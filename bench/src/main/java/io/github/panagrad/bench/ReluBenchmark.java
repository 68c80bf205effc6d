package io.github.panagrad.bench;

import io.github.panagrad.kernel.Kernels;
import org.openjdk.jmh.infra.Blackhole;

/** {@link Kernels#relu}: {@code c = relu(a)}, half the inputs negative. */
public class ReluBenchmark extends StreamingBenchmark {

    @Override
    protected void run(Kernels kernels, Blackhole bh) {
        kernels.relu(n, a, 0, c, 0);
        bh.consume(c);
    }
}
