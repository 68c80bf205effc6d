package io.github.panagrad.bench;

import io.github.panagrad.kernel.Kernels;
import org.openjdk.jmh.annotations.Param;
import org.openjdk.jmh.infra.Blackhole;

/**
 * {@link Kernels#sgdStep}: one SGD update of the {@code n} parameters c with gradients a,
 * plain ({@code momentum = 0}: b is not read) or with momentum (b is the buffer, read and written).
 */
public class SgdBenchmark extends StreamingBenchmark {

    private static final float LR = 1e-3f;

    /** The momentum factor: 0 (plain SGD) or 0.9. */
    @Param({"0", "0.9"})
    public float momentum;

    @Override
    protected void run(Kernels kernels, Blackhole bh) {
        kernels.sgdStep(n, LR, momentum, 0f, 0f, false, false, c, 0, a, 0, b, 0);
        bh.consume(c);
    }
}
