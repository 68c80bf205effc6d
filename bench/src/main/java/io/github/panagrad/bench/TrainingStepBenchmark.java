package io.github.panagrad.bench;

import io.github.panagrad.Tensor;
import io.github.panagrad.kernel.Backend;
import io.github.panagrad.kernel.Kernels;
import java.util.Locale;
import org.openjdk.jmh.annotations.Param;
import org.openjdk.jmh.annotations.Setup;
import org.openjdk.jmh.infra.BenchmarkParams;
import org.openjdk.jmh.infra.Blackhole;

/**
 * One training step of a small network through the autograd layer: {@code zeroGrad},
 * forward, MSE loss, {@code backward()}, SGD step, with every kernel on the backend under
 * measurement (a {@link Kernels#use} scope around the step). Run it with {@code -prof gc}:
 * {@code gc.alloc.rate.norm} is the memory one step allocates.
 *
 * <p>The models are {@link TrainingModel}s, written {@code BATCHxIN-...-OUT}: the batch,
 * then the layer widths. {@code bench/peers.py} times the same steps in PyTorch.
 *
 * <p>A step runs through dozens of small methods that C2 compiles one after another, which
 * takes longer than the short warm-up iterations of a full-suite run: each trial therefore
 * first runs at least {@link #TRIAL_WARMUP_STEPS} steps and at least
 * {@link #TRIAL_WARMUP_NANOS} on the measured backend, stopping after
 * {@link #TRIAL_WARMUP_MAX_NANOS}. The step count matters for the larger models: until
 * C2 has compiled the Vector API code of every kernel, the interpreted and C1 versions
 * box vectors. Counted outside JMH with {@code ThreadMXBean}, a 784→512→512→10 step
 * allocated 69 MB at steps 2–4, 150–200 KB at steps 100–400, and 12 KB from step 500 on.
 */
public class TrainingStepBenchmark extends PairedBenchmark {

    /** Fewest steps each trial runs before JMH's own warm-up. */
    private static final int TRIAL_WARMUP_STEPS = 1000;
    /** Shortest time each trial runs steps before JMH's own warm-up: 2 s. */
    private static final long TRIAL_WARMUP_NANOS = 2_000_000_000L;
    /** Longest time each trial runs steps before JMH's own warm-up, whatever the step count: 20 s. */
    private static final long TRIAL_WARMUP_MAX_NANOS = 20_000_000_000L;

    /** The network and batch: the seed model, a small MLP, and two MNIST-sized MLPs. */
    @Param({"1000x3-1", "1000x3-8-1", "128x784-256-10", "256x784-512-512-10"})
    public String model;

    private TrainingModel training;

    /** The loss of the last warm-up step, kept so that the warm-up cannot be optimised away. */
    public Tensor warmUpLoss;

    /**
     * Builds the network with a fixed seed, draws one batch of inputs and targets, and runs
     * the trial's warm-up steps on the backend of the measured method.
     *
     * @param params tells which benchmark method, scalar or vector, is measured
     */
    @Setup
    public void setUp(BenchmarkParams params) {
        training = new TrainingModel(model);
        String method = params.getBenchmark().substring(params.getBenchmark().lastIndexOf('.') + 1);
        Backend backend = Backend.valueOf(method.toUpperCase(Locale.ROOT));
        long start = System.nanoTime();
        for (int steps = 0; ; steps++) {
            long elapsed = System.nanoTime() - start;
            if (elapsed >= TRIAL_WARMUP_MAX_NANOS || steps >= TRIAL_WARMUP_STEPS && elapsed >= TRIAL_WARMUP_NANOS) {
                break;
            }
            warmUpLoss = training.step(backend);
        }
    }

    @Override
    protected void run(Kernels kernels, Blackhole bh) {
        bh.consume(training.step(kernels.backend()));
    }
}
