package io.github.panagrad.cli;

import java.util.List;

/**
 * The settings of a training run, as the {@code train} options give them.
 *
 * @param backend {@code auto}, {@code vector} or {@code scalar}
 * @param epochs passes over the data, {@code >= 1}
 * @param samples rows of synthetic data, {@code >= 1}
 * @param hidden width of the hidden layer; 0 for the seed model Linear(3, 1) → ReLU
 * @param lr learning rate, {@code > 0}
 * @param optimizer {@code sgd} or {@code adam}
 * @param momentum SGD momentum in {@code [0, 1)}; 0 for Adam
 * @param seed seed of the data and the initial weights
 * @param batch rows per micro-batch; 0 for the full batch
 * @param accumulate micro-batches whose gradients add up before each optimizer step, {@code >= 1}
 */
record TrainConfig(String backend, int epochs, int samples, int hidden, float lr, String optimizer,
                   float momentum, long seed, int batch, int accumulate) {

    /** The options of {@code train}, with the defaults of the demo. */
    static final List<Option> OPTIONS = List.of(
            new Option("backend", "auto|vector|scalar", "auto",
                    "kernel backend; auto follows the panagrad.backend property, else the fastest usable"),
            new Option("epochs", "N", "20", "passes over the data"),
            new Option("samples", "N", "1000", "rows of synthetic data"),
            new Option("hidden", "N", "0", "hidden width: 3->N->1 with ReLU; 0 is the seed model Linear(3,1)->ReLU"),
            new Option("lr", "X", "0.05", "learning rate"),
            new Option("optimizer", "sgd|adam", "sgd", "optimizer"),
            new Option("momentum", "X", "0", "SGD momentum, in [0, 1)"),
            new Option("seed", "N", "7", "seed of the data and the initial weights"),
            new Option("batch", "N", "0", "rows per mini-batch; 0 is the full batch"),
            new Option("accumulate", "K", "1", "micro-batches whose gradients add up before each step"));

    private static final int MAX_SAMPLES = 1_000_000;

    /**
     * @param options parsed with {@link #OPTIONS}
     * @return the settings
     * @throws UsageException when a value is malformed or out of range, naming the option and the value
     */
    static TrainConfig from(Options options) throws UsageException {
        String optimizer = options.choice("optimizer", List.of("sgd", "adam"));
        float momentum = options.decimal("momentum", v -> v >= 0 && v < 1, "in [0, 1)");
        if (momentum != 0f && optimizer.equals("adam")) {
            throw new UsageException("--momentum = " + momentum + " applies to --optimizer sgd only");
        }
        return new TrainConfig(
                options.choice("backend", List.of("auto", "vector", "scalar")),
                options.integer("epochs", 1, 100_000),
                options.integer("samples", 1, MAX_SAMPLES),
                options.integer("hidden", 0, 4096),
                options.decimal("lr", v -> v > 0 && v <= 10, "in (0, 10]"),
                optimizer,
                momentum,
                options.longInteger("seed"),
                options.integer("batch", 0, MAX_SAMPLES),
                options.integer("accumulate", 1, 10_000));
    }

    /** @return the settings of a plain {@code train} run */
    static TrainConfig defaults() {
        try {
            return from(Options.parse(OPTIONS, List.of()));
        } catch (UsageException e) {
            throw new IllegalStateException("the default options are invalid: " + e.getMessage(), e);
        }
    }

    /** @return rows per micro-batch: {@link #batch()}, or every sample for the full batch */
    int batchRows() {
        return batch == 0 ? samples : Math.min(batch, samples);
    }
}
