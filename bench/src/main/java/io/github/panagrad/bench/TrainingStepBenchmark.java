package io.github.panagrad.bench;

import io.github.panagrad.Tensor;
import io.github.panagrad.kernel.Backend;
import io.github.panagrad.kernel.Kernels;
import java.util.Locale;
import org.openjdk.jmh.annotations.Setup;
import org.openjdk.jmh.infra.BenchmarkParams;
import org.openjdk.jmh.infra.Blackhole;

/**
 * One training step of a small network through the autograd layer: {@code zeroGrad},
 * forward, MSE loss, {@code backward()}, SGD step, with every kernel on the backend under
 * measurement (a {@link Kernels#use} scope around the step). Run it with {@code -prof gc}:
 * {@code gc.alloc.rate.norm} is the memory one step allocates. The networks, data and the
 * trial's warm-up are those of {@link TrainingModel}, the step that of {@link PanagradStep};
 * {@code bench/peers.py} times the same steps in PyTorch.
 */
public class TrainingStepBenchmark extends PairedBenchmark {

    private PanagradStep training;

    /** The loss of the last warm-up step, kept so that the warm-up cannot be optimised away. */
    public Tensor warmUpLoss;

    /**
     * Builds the network with a fixed seed and runs the trial's warm-up steps on the backend
     * of the measured method.
     *
     * @param model the network, batch and data
     * @param params tells which benchmark method, scalar or vector, is measured
     */
    @Setup
    public void setUp(TrainingModel model, BenchmarkParams params) {
        training = new PanagradStep(model);
        Backend backend = Backend.valueOf(measuredMethod(params).toUpperCase(Locale.ROOT));
        TrainingModel.warmUp(() -> warmUpLoss = training.step(backend));
    }

    @Override
    protected void run(Kernels kernels, Blackhole bh) {
        bh.consume(training.step(kernels.backend()));
    }
}
