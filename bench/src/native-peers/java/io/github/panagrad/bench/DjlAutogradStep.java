package io.github.panagrad.bench;

import ai.djl.engine.Engine;
import ai.djl.ndarray.NDArray;
import ai.djl.ndarray.NDManager;
import ai.djl.ndarray.NDResource;
import ai.djl.ndarray.types.Shape;
import ai.djl.nn.Activation;
import ai.djl.nn.core.Linear;
import ai.djl.training.GradientCollector;

/**
 * A training step written with DJL's NDArray API and its autograd: the parameters are
 * NDArrays that require gradients; forward ({@code Linear.linear}, {@code Activation.relu})
 * and the MSE loss run inside a {@code GradientCollector}, which computes the gradients; the
 * SGD update {@code p -= lr · grad} and the reset of the gradient to zero (libtorch
 * accumulates gradients) run after it, in place. Every array a step creates lives in a
 * sub-manager that the step closes, the data and parameters being attached to it for the
 * step only, so nothing accumulates from step to step.
 */
final class DjlAutogradStep implements DjlStep {

    private final Engine engine = Engine.getEngine("PyTorch");
    private final NDManager manager = NDManager.newBaseManager(engine.getEngineName());
    private final TrainingModel model;
    private final NDArray input;
    private final NDArray target;
    /** Weight [out, in] then bias [out] of every layer, in order. */
    private final NDArray[] parameters;

    /**
     * Creates the data and parameters, drawn as PyTorch's Linear default: uniform in ±1/√in.
     *
     * @param model the network, batch and data
     */
    DjlAutogradStep(TrainingModel model) {
        this.model = model;
        int[] widths = model.widths;
        input = manager.create(model.input, new Shape(model.batch, widths[0]));
        target = manager.create(model.target, new Shape(model.batch, widths[widths.length - 1]));
        parameters = new NDArray[2 * model.linearCount()];
        for (int i = 0; i < model.linearCount(); i++) {
            float bound = (float) (1 / Math.sqrt(widths[i]));
            parameters[2 * i] = manager.randomUniform(-bound, bound, new Shape(widths[i + 1], widths[i]));
            parameters[2 * i + 1] = manager.randomUniform(-bound, bound, new Shape(widths[i + 1]));
        }
        for (NDArray parameter : parameters) {
            parameter.setRequiresGradient(true);
        }
    }

    @Override
    public void run() {
        try (NDManager step = manager.newSubManager()) {
            step.tempAttachAll(input, target);
            step.tempAttachAll((NDResource[]) parameters);
            try (GradientCollector collector = engine.newGradientCollector()) {
                NDArray activation = input;
                for (int i = 0; i < model.linearCount(); i++) {
                    activation = Linear.linear(activation, parameters[2 * i], parameters[2 * i + 1]).singletonOrThrow();
                    if (model.reluAfter(i)) {
                        activation = Activation.relu(activation);
                    }
                }
                collector.backward(activation.sub(target).square().mean());
            }
            for (NDArray parameter : parameters) {
                NDArray gradient = parameter.getGradient();
                parameter.subi(gradient.mul(TrainingModel.LEARNING_RATE));
                gradient.subi(gradient);
            }
        }
    }

    @Override
    public void close() {
        manager.close();
    }
}
