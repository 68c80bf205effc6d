package io.github.panagrad.bench;

import io.github.panagrad.kernel.Kernels;
import org.openjdk.jmh.infra.Blackhole;

/** {@link Kernels#mseBackward}: {@code c += (2 / n) * (a - b)}, as after {@code loss.backward()}. */
public class MseBackwardBenchmark extends StreamingBenchmark {

    @Override
    protected void run(Kernels kernels, Blackhole bh) {
        kernels.mseBackward(n, 1f, a, 0, b, 0, c, 0);
        bh.consume(c);
    }
}
