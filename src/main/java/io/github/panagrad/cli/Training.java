package io.github.panagrad.cli;

import io.github.panagrad.Tensor;
import io.github.panagrad.kernel.Backend;
import io.github.panagrad.kernel.BackendScope;
import io.github.panagrad.kernel.Kernels;
import io.github.panagrad.nn.Layer;
import io.github.panagrad.nn.Linear;
import io.github.panagrad.nn.Loss;
import io.github.panagrad.nn.ReLU;
import io.github.panagrad.nn.Sequential;
import io.github.panagrad.optim.Adam;
import io.github.panagrad.optim.Optimizer;
import io.github.panagrad.optim.SGD;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Random;

/**
 * The seed pipeline's training loop, PyTorch style, on one backend: for every micro-batch
 * {@code prediction = model.forward(x)}, {@code loss = Loss.mse(prediction, y)},
 * {@code loss.backward()}, and every {@code accumulate} micro-batches an optimizer step.
 * All training arithmetic happens in the autograd layer; this class drives it and records
 * what the report needs (the epoch loss, accuracy and loss sensitivity).
 *
 * <p>The model is {@code Sequential(Linear(3, 1), ReLU)}, or with a hidden width h
 * {@code Sequential(Linear(3, h), ReLU, Linear(h, 1), ReLU)}, initialised from
 * {@code new Random(seed)}. Micro-batches are consecutive rows, in the same order every
 * epoch. With gradient accumulation over K micro-batches, gradients are zeroed only before
 * the first of every K, each loss is scaled by 1/K before its backward (as is usual in
 * PyTorch), and the step comes after the K-th or the epoch's last micro-batch.
 */
final class Training {

    private Training() {
    }

    /**
     * @param config the settings ({@link TrainConfig#backend()} is ignored: {@code backend} decides)
     * @param data the data set
     * @param backend the backend every kernel of the run uses
     * @return what the run measured
     * @throws UnsupportedOperationException when {@code backend} is VECTOR and unusable
     */
    static TrainingResult run(TrainConfig config, SyntheticData data, Backend backend) {
        try (BackendScope scope = Kernels.use(backend)) {
            Sequential model = model(config);
            List<Tensor> parameters = model.parameters();
            Optimizer optimizer = config.optimizer().equals("adam")
                    ? new Adam(parameters, config.lr())
                    : new SGD(parameters, config.lr(), config.momentum(), 0f, false);
            return loop(config, data, model, optimizer);
        }
    }

    private static Sequential model(TrainConfig config) {
        Random rng = new Random(config.seed());
        int features = SyntheticData.FEATURES;
        Layer[] layers = config.hidden() == 0
                ? new Layer[] {new Linear(features, 1, rng), new ReLU()}
                : new Layer[] {new Linear(features, config.hidden(), rng), new ReLU(),
                               new Linear(config.hidden(), 1, rng), new ReLU()};
        return new Sequential(layers);
    }

    private static TrainingResult loop(TrainConfig config, SyntheticData data, Sequential model, Optimizer optimizer) {
        List<Tensor[]> batches = microBatches(data, config.batchRows());
        int accumulate = config.accumulate();
        Tensor scale = Tensor.scalar(1f / accumulate);
        Tensor firstWeight = ((Linear) model.layers().get(0)).weight();
        String weightName = "model[0].weight";
        TensorSnapshot before = TensorSnapshot.of(weightName, firstWeight);
        TensorSnapshot input = null;
        TensorSnapshot output = null;
        TensorSnapshot grad = null;
        TensorSnapshot after = null;
        float firstLoss = Float.NaN;
        List<EpochStats> epochs = new ArrayList<>();
        int steps = 0;
        long start = System.nanoTime();
        for (int epoch = 1; epoch <= config.epochs(); epoch++) {
            float[] predictions = new float[data.samples()];
            double weightedLoss = 0;
            int row = 0;
            steps = 0;
            for (int b = 0; b < batches.size(); b++) {
                if (b % accumulate == 0) {
                    optimizer.zeroGrad();
                }
                Tensor x = batches.get(b)[0];
                Tensor prediction = model.forward(x);
                Tensor loss = Loss.mse(prediction, batches.get(b)[1]);
                float[] values = prediction.toArray();
                System.arraycopy(values, 0, predictions, row, values.length);
                row += values.length;
                weightedLoss += (double) loss.item() * values.length;
                (accumulate == 1 ? loss : loss.mul(scale)).backward();
                if (input == null) {
                    input = TensorSnapshot.of("x", x);
                    output = TensorSnapshot.of("prediction", prediction);
                    firstLoss = loss.item();
                    grad = TensorSnapshot.of(weightName + ".grad", firstWeight.grad());
                }
                if ((b + 1) % accumulate == 0 || b == batches.size() - 1) {
                    optimizer.step();
                    steps++;
                    if (after == null) {
                        after = TensorSnapshot.of(weightName, firstWeight);
                    }
                }
            }
            epochs.add(new EpochStats(epoch, (float) (weightedLoss / data.samples()), data.accuracy(predictions),
                    lossSensitivity(predictions, data.targets())));
        }
        long nanos = System.nanoTime() - start;
        return new TrainingResult(Kernels.current().toString(), model.toString(), optimizer.toString(),
                batches.size(), steps, new FirstStep(input, output, firstLoss, grad, before, after),
                epochs, snapshots(model), nanos);
    }

    /** @return consecutive {x [rows, 3], y [rows, 1]} pairs covering the data in order */
    private static List<Tensor[]> microBatches(SyntheticData data, int rows) {
        List<Tensor[]> batches = new ArrayList<>();
        int features = SyntheticData.FEATURES;
        for (int start = 0; start < data.samples(); start += rows) {
            int end = Math.min(data.samples(), start + rows);
            batches.add(new Tensor[] {
                Tensor.of(Arrays.copyOfRange(data.features(), start * features, end * features), end - start, features),
                Tensor.of(Arrays.copyOfRange(data.targets(), start, end), end - start, 1)});
        }
        return batches;
    }

    private static double lossSensitivity(float[] predictions, float[] targets) {
        double sum = 0;
        for (int i = 0; i < targets.length; i++) {
            double p = predictions[i];
            double t = targets[i];
            sum += 2 * Math.abs(p - t) * (Math.abs(p) + Math.abs(t));
        }
        return sum / targets.length;
    }

    /** @return the parameters, named as PyTorch names those of a Sequential ({@code 0.weight}, {@code 0.bias}, ...) */
    private static List<TensorSnapshot> snapshots(Sequential model) {
        List<TensorSnapshot> snapshots = new ArrayList<>();
        for (int i = 0; i < model.layers().size(); i++) {
            if (model.layers().get(i) instanceof Linear) {
                Linear linear = (Linear) model.layers().get(i);
                snapshots.add(TensorSnapshot.of(i + ".weight", linear.weight()));
                snapshots.add(TensorSnapshot.of(i + ".bias", linear.bias()));
            }
        }
        return snapshots;
    }
}
