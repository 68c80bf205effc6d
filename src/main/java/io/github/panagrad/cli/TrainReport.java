package io.github.panagrad.cli;

import java.io.PrintStream;
import java.util.List;
import java.util.Locale;

/**
 * Prints a training run the way the seed trace shows it: the set-up, the five-stage data
 * flow of the first step (with {@code weight.grad} and the weight before and after the
 * first update), the epoch table and the loss chart.
 */
final class TrainReport {

    private TrainReport() {
    }

    /**
     * @param config the run's settings
     * @param data its data set
     * @param result what it measured
     * @param out where to print
     */
    static void print(TrainConfig config, SyntheticData data, TrainingResult result, PrintStream out) {
        String threshold = Numbers.compact(data.threshold(), 4);
        out.println("panagrad train: the seed pipeline, Linear -> ReLU -> MSE -> backward() -> optimizer step");
        out.print(new TextTable("", "")
                .row("backend", result.kernels())
                .row("model", result.model())
                .row("optimizer", result.optimizer())
                .row("batches", batching(config, result))
                .row("data", data.samples() + " samples, seed " + config.seed() + ": " + SyntheticData.RULE)
                .row("accuracy", "share of samples where (prediction > " + threshold + ") == (target > " + threshold
                        + "); " + threshold + " is the targets' median")
                .render(""));
        out.println();
        printDataFlow(config, data, result, out);
        out.println();
        out.println("Training");
        out.print(epochTable(result.epochs()));
        out.println();
        out.print(LossChart.render(result.epochs()));
        out.println();
        out.printf(Locale.ROOT, "loss %s -> %s, accuracy %s -> %s, %s in %d ms%n",
                Numbers.compact(result.firstLoss(), 4), Numbers.compact(result.lastLoss(), 4),
                accuracy(result.epochs().get(0)), accuracy(result.epochs().get(result.epochs().size() - 1)),
                count(result.epochs().size(), "epoch", "epochs"), result.nanos() / 1_000_000);
    }

    private static String batching(TrainConfig config, TrainingResult result) {
        String size = config.batch() == 0 ? "full batch" : "mini-batches of " + config.batchRows() + " rows";
        String accumulation = config.accumulate() == 1 ? ""
                : ", gradients accumulated over " + config.accumulate() + " micro-batches (loss scaled by 1/"
                        + config.accumulate() + ")";
        return size + accumulation + ": " + count(result.microBatches(), "micro-batch", "micro-batches") + " and "
                + count(result.stepsPerEpoch(), "optimizer step", "optimizer steps") + " per epoch";
    }

    private static String count(int n, String one, String many) {
        return n + " " + (n == 1 ? one : many);
    }

    private static void printDataFlow(TrainConfig config, SyntheticData data, TrainingResult result, PrintStream out) {
        FirstStep first = result.firstStep();
        String all = data.samples() + " x " + SyntheticData.FEATURES;
        String in = Numbers.shape(first.input().shape());
        String predicted = Numbers.shape(first.output().shape());
        String backward = config.accumulate() == 1 ? "loss.backward()" : "(loss / " + config.accumulate() + ").backward()";
        String gradNote = allZero(first.grad()) ? "  (all 0: the ReLU outputs 0 for every sample, a dead unit;"
                + " nothing can learn, try another --seed)" : "";
        out.println("Data flow (first step)");
        stage(out, "1 Data input", all, "synthetic features, 3 measurements per sample", all,
                Numbers.tensor(first.input(), 2));
        stage(out, "2 Forward pass", in, "prediction = model.forward(x)", predicted,
                Numbers.tensor(first.output(), 2));
        stage(out, "3 Loss calculation", predicted + " (predictions) and " + predicted + " (targets)",
                "loss = Loss.mse(prediction, target)", "scalar", "loss = " + Numbers.compact(first.loss(), 4));
        stage(out, "4 Backward pass", "scalar loss", backward, "gradients in the parameters' .grad",
                first.grad().name() + " = " + Numbers.tensor(first.grad(), 2) + gradNote);
        stage(out, "5 Parameter update", "parameters and their gradients", "optimizer.step()", "updated parameters",
                first.before().name() + " from " + Numbers.tensor(first.before(), 2) + " to "
                        + Numbers.tensor(first.after(), 2));
    }

    private static void stage(PrintStream out, String name, String shapeIn, String operation, String shapeOut,
                              String sample) {
        out.println("  " + name);
        out.print(new TextTable("", "")
                .row("shape in", shapeIn)
                .row("operation", operation)
                .row("shape out", shapeOut)
                .row("sample", sample)
                .render("      "));
    }

    private static String epochTable(List<EpochStats> epochs) {
        TextTable table = new TextTable("epoch", "loss", "accuracy", "observation").rightAligned(0, 1, 2);
        EpochStats previous = null;
        for (EpochStats epoch : epochs) {
            table.row(epoch.epoch(), Numbers.compact(epoch.loss(), 4), accuracy(epoch), observation(previous, epoch));
            previous = epoch;
        }
        return table.render("  ");
    }

    private static String observation(EpochStats previous, EpochStats epoch) {
        if (previous == null) {
            return "starting point";
        }
        double change = 100.0 * (epoch.loss() - previous.loss()) / previous.loss();
        String loss = Double.isFinite(change)
                ? String.format(Locale.ROOT, "loss %+.1f%%", change)
                : "loss " + Numbers.compact(previous.loss(), 4) + " -> " + Numbers.compact(epoch.loss(), 4);
        float gained = epoch.accuracy() - previous.accuracy();
        String accuracy = gained == 0 ? "accuracy unchanged" : String.format(Locale.ROOT, "accuracy %+.3f", gained);
        return loss + ", " + accuracy;
    }

    private static String accuracy(EpochStats epoch) {
        return String.format(Locale.ROOT, "%.3f", epoch.accuracy());
    }

    private static boolean allZero(TensorSnapshot snapshot) {
        for (float value : snapshot.values()) {
            if (value != 0f) {
                return false;
            }
        }
        return true;
    }
}
