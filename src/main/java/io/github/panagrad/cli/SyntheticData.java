package io.github.panagrad.cli;

import java.util.Arrays;
import java.util.Random;

/**
 * The seed pipeline's data set: {@code n × 3} positive features and one target per row from
 * a known linear rule, plus the label threshold that defines accuracy.
 *
 * <p>Features are drawn uniformly from {0.1, 0.2, ..., 4.0}, so rows read like
 * {@code [0.5, 1.2, 3.3]}; the target is {@link #RULE}. The noiseless rule is at least 0.27
 * and few rows come near that corner, so targets are positive in practice (the smallest of
 * 200 seeds × 1000 rows is 0.093), which suits a Linear → ReLU model. A sample's label is "target above the targets'
 * median" ({@link #threshold()}), so the labels are balanced; a prediction's label is
 * "prediction above the same threshold", and accuracy is the share of samples whose two
 * labels agree.
 *
 * @param features row-major {@code [samples, 3]}
 * @param targets {@code [samples]}
 * @param threshold the median of the targets
 */
record SyntheticData(float[] features, float[] targets, float threshold) {

    /** The number of features per sample. */
    static final int FEATURES = 3;

    /** The rule that makes the targets. */
    static final String RULE = "y = 0.4·x1 + 0.3·x2 - 0.2·x3 + 1.0 + noise, x_j uniform on {0.1, 0.2, ..., 4.0},"
            + " noise ~ N(0, 0.1²)";

    /**
     * @param samples number of rows, {@code >= 1}
     * @param seed the run's seed; the data come from {@code new Random(~seed)}, a different
     *             stream from the initial weights' {@code new Random(seed)}
     * @return the data set
     */
    static SyntheticData generate(int samples, long seed) {
        Random rng = new Random(~seed);
        float[] features = new float[samples * FEATURES];
        float[] targets = new float[samples];
        for (int i = 0; i < samples; i++) {
            for (int j = 0; j < FEATURES; j++) {
                features[i * FEATURES + j] = (1 + rng.nextInt(40)) / 10f;
            }
            double x1 = features[i * FEATURES];
            double x2 = features[i * FEATURES + 1];
            double x3 = features[i * FEATURES + 2];
            targets[i] = (float) (0.4 * x1 + 0.3 * x2 - 0.2 * x3 + 1.0 + 0.1 * rng.nextGaussian());
        }
        float[] sorted = targets.clone();
        Arrays.sort(sorted);
        float median = samples % 2 == 1 ? sorted[samples / 2]
                : (float) (((double) sorted[samples / 2 - 1] + sorted[samples / 2]) / 2);
        return new SyntheticData(features, targets, median);
    }

    /** @return the number of samples */
    int samples() {
        return targets.length;
    }

    /**
     * @param predictions one per sample
     * @return the share of samples where {@code prediction > threshold} equals {@code target > threshold}
     */
    float accuracy(float[] predictions) {
        int agree = 0;
        for (int i = 0; i < targets.length; i++) {
            if ((predictions[i] > threshold) == (targets[i] > threshold)) {
                agree++;
            }
        }
        return (float) agree / targets.length;
    }
}
