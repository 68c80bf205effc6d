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
import java.util.Random;

/**
 * A {@link TrainingModel} training step in Panagrad, through the autograd layer: the network
 * is a {@link Sequential} of {@link Linear} layers (weights drawn from a fixed seed) and
 * {@link ReLU}s, trained by plain SGD at {@link TrainingModel#LEARNING_RATE}. The step of
 * {@link TrainingStepBenchmark} and of the cold-start harness ({@link ColdStart}).
 */
final class PanagradStep {

    private final Sequential network;
    private final Optimizer optimizer;
    private final Tensor input;
    private final Tensor target;

    /**
     * Builds the network and wraps the model's batch.
     *
     * @param model the network, batch and data
     */
    PanagradStep(TrainingModel model) {
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
    }

    /**
     * One training step on the given backend: zeroGrad, forward, MSE loss, backward, SGD step.
     *
     * @param backend the backend of every kernel of the step (a {@link Kernels#use} scope)
     * @return the step's loss
     */
    @SuppressWarnings("try") // the scope is never read: opening it selects the backend
    Tensor step(Backend backend) {
        try (var scope = Kernels.use(backend)) {
            optimizer.zeroGrad();
            Tensor loss = Loss.mse(network.forward(input), target);
            loss.backward();
            optimizer.step();
            return loss;
        }
    }
}
