package io.github.panagrad.cli;

/**
 * What one epoch of training measured, over the predictions made during the epoch.
 *
 * @param epoch the epoch number, from 1
 * @param loss the mean squared error over all samples (the sample-weighted mean of the
 *             micro-batch losses; for the full batch, the loss before the epoch's update)
 * @param accuracy the share of samples whose predicted label agrees with the target's label
 *                 (see {@link SyntheticData})
 * @param lossSensitivity the mean over samples of {@code 2·|prediction − target|·(|prediction| + |target|)}:
 *                        to first order, how much the loss moves when every prediction moves by
 *                        the same small fraction of {@code |prediction| + |target|}
 */
record EpochStats(int epoch, float loss, float accuracy, double lossSensitivity) {
}
