package io.github.panagrad.consumer;

import io.github.panagrad.Tensor;
import io.github.panagrad.nn.Linear;
import io.github.panagrad.nn.Loss;
import io.github.panagrad.nn.ReLU;
import io.github.panagrad.nn.Sequential;
import io.github.panagrad.optim.Adam;
import io.github.panagrad.optim.Optimizer;

import java.util.Random;

/**
 * Trains a two-layer model, {@code Linear(3, 16) → ReLU → Linear(16, 1)}, with MSE and Adam
 * on a fixed synthetic regression {@code y = x0² + 0.5·x1 − x2}, and checks that the loss
 * stays finite and ends far below where it started.
 */
final class TrainingCheck {

    private static final int SAMPLES = 256;
    private static final int FEATURES = 3;
    private static final int HIDDEN = 16;
    private static final int EPOCHS = 200;
    /** The final loss must be below this fraction of the first one. */
    private static final double REQUIRED_REDUCTION = 0.25;

    /** The loss before the first update and after the last one. */
    record Result(float firstLoss, float lastLoss, int epochs) {
    }

    private TrainingCheck() {
    }

    static Result run() {
        Random random = new Random(42L);
        float[] x = new float[SAMPLES * FEATURES];
        float[] y = new float[SAMPLES];
        for (int i = 0; i < SAMPLES; i++) {
            float x0 = random.nextFloat() * 2f - 1f;
            float x1 = random.nextFloat() * 2f - 1f;
            float x2 = random.nextFloat() * 2f - 1f;
            x[i * FEATURES] = x0;
            x[i * FEATURES + 1] = x1;
            x[i * FEATURES + 2] = x2;
            y[i] = x0 * x0 + 0.5f * x1 - x2;
        }
        Tensor inputs = Tensor.of(x, SAMPLES, FEATURES);
        Tensor targets = Tensor.of(y, SAMPLES, 1);
        Sequential model = new Sequential(new Linear(FEATURES, HIDDEN, random), new ReLU(), new Linear(HIDDEN, 1, random));
        Optimizer optimizer = new Adam(model.parameters(), 0.02f);
        float first = Float.NaN;
        float last = Float.NaN;
        for (int epoch = 0; epoch < EPOCHS; epoch++) {
            optimizer.zeroGrad();
            Tensor loss = Loss.mse(model.forward(inputs), targets);
            loss.backward();
            optimizer.step();
            last = loss.item();
            CheckFailure.unless(Float.isFinite(last), "training loss at epoch " + epoch + " is " + last);
            if (epoch == 0) {
                first = last;
            }
        }
        CheckFailure.unless(last < REQUIRED_REDUCTION * first,
                "training loss went from " + first + " to " + last + ", not below " + REQUIRED_REDUCTION + " of the start");
        return new Result(first, last, EPOCHS);
    }
}
