package io.github.panagrad.bench;

import io.github.panagrad.kernel.Backend;
import io.github.panagrad.kernel.Kernels;
import org.openjdk.jmh.annotations.Benchmark;
import org.openjdk.jmh.annotations.Level;
import org.openjdk.jmh.annotations.Setup;
import org.openjdk.jmh.infra.Blackhole;

/**
 * A scalar/vector benchmark pair: JMH measures {@link #scalar} and {@link #vector}, which
 * run the same {@link #run} body on the two backends' kernels, so the two scores differ by
 * the backend alone. Each subclass prepares its inputs in a {@code @Setup} method and hands
 * every result to the {@link Blackhole}, so no work can be optimised away.
 *
 * <p>The vector kernels are obtained with {@link Kernels#of(Backend)}: a JVM without the
 * Vector API fails the benchmark at once instead of measuring a silent scalar fallback. These
 * benchmarks measure the steady state, so before JMH's own warm-up each trial waits until the
 * vector backend's warm-up reports every kernel family ready (until then a family's calls run
 * on the scalar code); the cold start is {@code bench/coldstart.py}'s to measure.
 */
public abstract class PairedBenchmark extends MeasurementDefaults {

    private final Kernels scalarKernels = Kernels.of(Backend.SCALAR);
    private final Kernels vectorKernels = Kernels.of(Backend.VECTOR);

    /**
     * Starts the vector backend's warm-up with one call and waits, at most a minute, until it
     * reports every kernel family ready.
     *
     * @throws InterruptedException if the wait is interrupted
     */
    @Setup(Level.Trial)
    public void awaitVectorWarmup() throws InterruptedException {
        vectorKernels.relu(1, new float[1], 0, new float[1], 0);
        long deadline = System.nanoTime() + 60_000_000_000L;
        while (Kernels.warmupStatus().matches(".*(cold|warming).*") && System.nanoTime() < deadline) {
            Thread.sleep(10);
        }
    }

    /**
     * The measured body on the SCALAR backend.
     *
     * @param bh receives the result
     */
    @Benchmark
    public void scalar(Blackhole bh) {
        run(scalarKernels, bh);
    }

    /**
     * The measured body on the VECTOR backend.
     *
     * @param bh receives the result
     */
    @Benchmark
    public void vector(Blackhole bh) {
        run(vectorKernels, bh);
    }

    /**
     * One operation of the benchmark on the given kernels.
     *
     * @param kernels the backend under measurement
     * @param bh consumes the operation's result (an output array or a returned value)
     */
    protected abstract void run(Kernels kernels, Blackhole bh);
}
