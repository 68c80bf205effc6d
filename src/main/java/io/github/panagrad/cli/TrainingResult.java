package io.github.panagrad.cli;

import java.util.List;

/**
 * Everything a training run reports.
 *
 * @param kernels the backend the run used, with its description
 * @param model the model's description
 * @param optimizer the optimizer's description
 * @param microBatches micro-batches per epoch
 * @param stepsPerEpoch optimizer steps per epoch
 * @param firstStep the data flow of the first step
 * @param epochs one entry per epoch, in order
 * @param parameters every parameter's values after the last epoch
 * @param nanos wall time of the training loop
 */
record TrainingResult(String kernels, String model, String optimizer, int microBatches, int stepsPerEpoch,
                      FirstStep firstStep, List<EpochStats> epochs, List<TensorSnapshot> parameters, long nanos) {

    /** @return the first epoch's loss */
    float firstLoss() {
        return epochs.get(0).loss();
    }

    /** @return the last epoch's loss */
    float lastLoss() {
        return epochs.get(epochs.size() - 1).loss();
    }
}
