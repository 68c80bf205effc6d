package io.github.panagrad.bench;

import ai.djl.Device;
import ai.djl.Model;
import ai.djl.ndarray.NDArray;
import ai.djl.ndarray.NDList;
import ai.djl.ndarray.NDManager;
import ai.djl.ndarray.types.Shape;
import ai.djl.nn.Activation;
import ai.djl.nn.SequentialBlock;
import ai.djl.nn.core.Linear;
import ai.djl.training.DefaultTrainingConfig;
import ai.djl.training.EasyTrain;
import ai.djl.training.Trainer;
import ai.djl.training.dataset.Batch;
import ai.djl.training.loss.Loss;
import ai.djl.training.optimizer.Optimizer;
import ai.djl.training.tracker.Tracker;
import ai.djl.translate.Batchifier;

/**
 * A training step written with DJL's Trainer API: the network is a {@code SequentialBlock} of
 * {@code Linear} blocks and ReLU blocks in a {@code Model}; a {@code Trainer} built from a
 * {@code DefaultTrainingConfig} with the L2 loss at weight 1 (the mean squared error; DJL's
 * default weight is ½) and plain SGD at a fixed learning rate; one step is
 * {@code EasyTrain.trainBatch} (forward, loss, backward) and {@code Trainer.step} (the update,
 * which also resets the gradients) on a {@code Batch} of the model's data, as in DJL's own
 * training loop. A {@code Batch} owns its arrays and frees them when it is closed, so each
 * step's batch holds views of the model's data ({@code stopGradient()}: new handles on the
 * same memory, no copy), in a sub-manager that the step closes; like the other
 * implementations, a step does not copy its input.
 */
final class DjlTrainerStep implements DjlStep {

    private final Model network;
    private final Trainer trainer;
    private final NDArray input;
    private final NDArray target;
    private final int batchSize;

    /**
     * Builds the network and trainer and creates the data.
     *
     * @param model the network, batch and data
     */
    DjlTrainerStep(TrainingModel model) {
        SequentialBlock block = new SequentialBlock();
        for (int i = 0; i < model.linearCount(); i++) {
            block.add(Linear.builder().setUnits(model.widths[i + 1]).build());
            if (model.reluAfter(i)) {
                block.add(Activation.reluBlock());
            }
        }
        network = Model.newInstance("mlp", "PyTorch");
        network.setBlock(block);
        DefaultTrainingConfig config = new DefaultTrainingConfig(Loss.l2Loss("mse", 1f))
                .optOptimizer(Optimizer.sgd().setLearningRateTracker(Tracker.fixed(TrainingModel.LEARNING_RATE)).build())
                .optDevices(new Device[] {Device.cpu()});
        trainer = network.newTrainer(config);
        batchSize = model.batch;
        int[] widths = model.widths;
        trainer.initialize(new Shape(batchSize, widths[0]));
        NDManager manager = trainer.getManager();
        input = manager.create(model.input, new Shape(batchSize, widths[0]));
        target = manager.create(model.target, new Shape(batchSize, widths[widths.length - 1]));
    }

    @Override
    public void run() {
        try (NDManager step = trainer.getManager().newSubManager()) {
            Batch batch = new Batch(step, new NDList(input.stopGradient()), new NDList(target.stopGradient()), batchSize,
                    Batchifier.STACK, Batchifier.STACK, 0, 1);
            EasyTrain.trainBatch(trainer, batch);
            trainer.step();
        }
    }

    @Override
    public void close() {
        trainer.close();
        network.close();
    }
}
