package io.github.panagrad.bench;

import io.github.panagrad.kernel.Kernels;
import org.openjdk.jmh.annotations.Setup;
import org.openjdk.jmh.infra.Blackhole;

/**
 * {@link Kernels#adamStep}: one Adam update of the {@code n} parameters c with gradients a,
 * PyTorch's default hyper-parameters, the step count advancing as in training.
 */
public class AdamBenchmark extends StreamingBenchmark {

    private float[] firstMoment;
    private float[] secondMoment;
    private int step;

    /** Starts both moments at zero, as a new optimizer does. */
    @Setup
    public void zeroMoments() {
        firstMoment = new float[n];
        secondMoment = new float[n];
        step = 0;
    }

    @Override
    protected void run(Kernels kernels, Blackhole bh) {
        step++;
        kernels.adamStep(n, 1e-3f, 0.9f, 0.999f, 1e-8f, 0f, step, c, 0, a, 0, firstMoment, 0, secondMoment, 0);
        bh.consume(c);
    }
}
