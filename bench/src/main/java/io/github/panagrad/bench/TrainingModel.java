package io.github.panagrad.bench;

import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.openjdk.jmh.annotations.Param;
import org.openjdk.jmh.annotations.Scope;
import org.openjdk.jmh.annotations.Setup;
import org.openjdk.jmh.annotations.State;

/**
 * The network and batch of one training-step case, shared by every program that times a
 * training step of it: Panagrad's {@link TrainingStepBenchmark} ({@link PanagradStep}), the
 * native peers' DJL steps and the cold-start harness ({@link ColdStart}). A benchmark takes
 * this state as an argument of its {@code @Setup} method, a program outside JMH gets it from
 * {@link #of}, so all of them train the same layer widths on the same inputs and targets; the
 * benchmarks also warm up alike ({@link #warmUp}). {@code bench/peers.py} builds the same
 * networks in PyTorch.
 *
 * <p>A model is written {@code BATCHxIN-...-OUT}: the batch, then the layer widths. Each
 * Linear layer is followed by a ReLU except the last, but the one-layer seed model keeps
 * the ReLU of the demo (Linear → ReLU → MSE).
 *
 * <p>A step runs through dozens of small methods that C2 compiles one after another, which
 * takes longer than the short warm-up iterations of a full-suite run: each trial therefore
 * first runs at least {@link #TRIAL_WARMUP_STEPS} steps and at least
 * {@link #TRIAL_WARMUP_NANOS} on the measured implementation, stopping after
 * {@link #TRIAL_WARMUP_MAX_NANOS}. The step count matters for Panagrad's larger models:
 * until C2 has compiled the Vector API code of every kernel, the interpreted and C1
 * versions box vectors. Counted outside JMH with {@code ThreadMXBean}, a 784→512→512→10
 * step allocated 69 MB at steps 2–4, 150–200 KB at steps 100–400, and 12 KB from step 500 on.
 */
@State(Scope.Thread)
public class TrainingModel {

    /** Learning rate of the plain SGD step every implementation takes. */
    static final float LEARNING_RATE = 0.01f;
    /** Fewest steps each trial runs before JMH's own warm-up. */
    private static final int TRIAL_WARMUP_STEPS = 1000;
    /** Shortest time each trial runs steps before JMH's own warm-up: 2 s. */
    private static final long TRIAL_WARMUP_NANOS = 2_000_000_000L;
    /** Longest time each trial runs steps before JMH's own warm-up, whatever the step count: 20 s. */
    private static final long TRIAL_WARMUP_MAX_NANOS = 20_000_000_000L;
    private static final Pattern MODEL = Pattern.compile("([1-9][0-9]*)x([1-9][0-9]*(?:-[1-9][0-9]*)+)");

    /** The network and batch: the seed model, a small MLP, and two MNIST-sized MLPs. */
    @Param({"1000x3-1", "1000x3-8-1", "128x784-256-10", "256x784-512-512-10"})
    public String model;

    /** Rows of the input and target. */
    int batch;
    /** Layer widths, input first: Linear layer i maps widths[i] to widths[i + 1]. */
    int[] widths;
    /** The input, batch × widths[0] row-major floats from [-1, 1). */
    float[] input;
    /** The target, batch × widths[last] row-major floats from [-1, 1). */
    float[] target;

    /**
     * The case outside JMH.
     *
     * @param model {@code BATCHxIN-...-OUT}, such as {@code 128x784-256-10}
     * @return the case, its batch drawn
     * @throws IllegalArgumentException when the text is not of that form
     */
    static TrainingModel of(String model) {
        TrainingModel training = new TrainingModel();
        training.model = model;
        training.draw();
        return training;
    }

    /** Parses the model and draws one batch of inputs and targets. */
    @Setup
    public void draw() {
        Matcher parts = MODEL.matcher(model);
        if (!parts.matches()) {
            throw new IllegalArgumentException("model = '" + model + "' must be BATCHxIN-...-OUT");
        }
        batch = Integer.parseInt(parts.group(1));
        widths = Data.numbers(parts.group(2), "-");
        input = Data.uniform(batch * widths[0], 1);
        target = Data.uniform(batch * widths[widths.length - 1], 2);
    }

    /** @return how many Linear layers the network has */
    int linearCount() {
        return widths.length - 1;
    }

    /**
     * @param layer a Linear layer's index
     * @return whether a ReLU follows it: after every hidden layer, and after the seed model's only one
     */
    boolean reluAfter(int layer) {
        return layer < linearCount() - 1 || linearCount() == 1;
    }

    /**
     * Runs the trial's warm-up: steps until at least {@link #TRIAL_WARMUP_STEPS} steps and
     * {@link #TRIAL_WARMUP_NANOS} have passed, or {@link #TRIAL_WARMUP_MAX_NANOS}.
     *
     * @param step one training step of the measured implementation
     */
    static void warmUp(Runnable step) {
        long start = System.nanoTime();
        for (int steps = 0; ; steps++) {
            long elapsed = System.nanoTime() - start;
            if (elapsed >= TRIAL_WARMUP_MAX_NANOS || steps >= TRIAL_WARMUP_STEPS && elapsed >= TRIAL_WARMUP_NANOS) {
                return;
            }
            step.run();
        }
    }
}
