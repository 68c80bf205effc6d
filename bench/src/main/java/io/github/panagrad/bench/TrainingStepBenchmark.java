package io.github.panagrad.bench;

import io.github.panagrad.Tensor;
import io.github.panagrad.kernel.Backend;
import io.github.panagrad.kernel.Kernels;
import io.github.panagrad.nn.Layer;
import io.github.panagrad.nn.Linear;
import io.github.panagrad.nn.Loss;
import io.github.panagrad.nn.ReLU;
import io.github.panagrad.nn.Sequential;
import io.github.panagrad.optim.Optimizer;
import io.github.panagrad.optim.SGD;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.Random;
import org.openjdk.jmh.annotations.Setup;
import org.openjdk.jmh.infra.BenchmarkParams;
import org.openjdk.jmh.infra.Blackhole;

/**
 * One training step of a small network through the autograd layer: {@code zeroGrad},
 * forward, MSE loss, {@code backward()}, SGD step, with every kernel on the backend under
 * measurement (a {@link Kernels#use} scope around the step). Run it with {@code -prof gc}:
 * {@code gc.alloc.rate.norm} is the memory one step allocates. The networks, data and the
 * trial's warm-up are those of {@link TrainingModel}; {@code bench/peers.py} times the same
 * steps in PyTorch.
 */
public class TrainingStepBenchmark extends PairedBenchmark {

    private Sequential network;
    private Optimizer optimizer;
    private Tensor input;
    private Tensor target;

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
        Random rng = new Random(42);
        List<Layer> layers = new ArrayList<>();
        for (int i = 0; i < model.linearCount(); i++) {
            layers.add(new Linear(model.widths[i], model.widths[i + 1], rng));
            if (model.reluAfter(i)) {
                layers.add(new ReLU());
            }
        }
        network = new Sequential(layers.toArray(new Layer[0]));
        optimizer = new SGD(network.parameters(), TrainingModel.LEARNING_RATE, 0f, 0f, false);
        input = Tensor.of(model.input, model.batch, model.widths[0]);
        target = Tensor.of(model.target, model.batch, model.widths[model.linearCount()]);
        String method = measuredMethod(params);
        Backend backend = Backend.valueOf(method.toUpperCase(Locale.ROOT));
        TrainingModel.warmUp(() -> warmUpLoss = step(backend));
    }

    @Override
    protected void run(Kernels kernels, Blackhole bh) {
        bh.consume(step(kernels.backend()));
    }

    @SuppressWarnings("try") // the scope is never read: opening it selects the backend
    private Tensor step(Backend backend) {
        try (var scope = Kernels.use(backend)) {
            optimizer.zeroGrad();
            Tensor loss = Loss.mse(network.forward(input), target);
            loss.backward();
            optimizer.step();
            return loss;
        }
    }
}
