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
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * A small network with one fixed batch, trained by plain SGD (lr 0.01) through the autograd
 * layer: the model of {@link TrainingStepBenchmark} and of the cold-start harness
 * ({@link ColdStart}). {@code bench/peers.py} builds the same network in PyTorch.
 *
 * <p>A model is written {@code BATCHxIN-...-OUT}: the batch, then the layer widths. Each
 * Linear layer is followed by a ReLU except the last, but the one-layer seed model keeps
 * the ReLU of the demo (Linear → ReLU → MSE).
 */
final class TrainingModel {

    private static final float LEARNING_RATE = 0.01f;
    private static final Pattern MODEL = Pattern.compile("([1-9][0-9]*)x([1-9][0-9]*(?:-[1-9][0-9]*)+)");

    private final Sequential network;
    private final Optimizer optimizer;
    private final Tensor input;
    private final Tensor target;

    /**
     * Builds the network with a fixed seed and draws one batch of inputs and targets.
     *
     * @param model {@code BATCHxIN-...-OUT}, such as {@code 128x784-256-10}
     * @throws IllegalArgumentException when the text is not of that form
     */
    TrainingModel(String model) {
        Matcher parts = MODEL.matcher(model);
        if (!parts.matches()) {
            throw new IllegalArgumentException("model = '" + model + "' must be BATCHxIN-...-OUT");
        }
        int batch = Integer.parseInt(parts.group(1));
        int[] widths = Data.numbers(parts.group(2), "-");
        Random rng = new Random(42);
        List<Layer> layers = new ArrayList<>();
        int linearCount = widths.length - 1;
        for (int i = 0; i < linearCount; i++) {
            layers.add(new Linear(widths[i], widths[i + 1], rng));
            if (i < linearCount - 1 || linearCount == 1) {
                layers.add(new ReLU());
            }
        }
        network = new Sequential(layers.toArray(new Layer[0]));
        optimizer = new SGD(network.parameters(), LEARNING_RATE, 0f, 0f, false);
        input = Tensor.of(Data.uniform(batch * widths[0], 1), batch, widths[0]);
        target = Tensor.of(Data.uniform(batch * widths[linearCount], 2), batch, widths[linearCount]);
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
