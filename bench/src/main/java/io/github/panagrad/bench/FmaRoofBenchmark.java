package io.github.panagrad.bench;

import jdk.incubator.vector.FloatVector;
import jdk.incubator.vector.VectorSpecies;
import org.openjdk.jmh.annotations.AuxCounters;
import org.openjdk.jmh.annotations.Benchmark;
import org.openjdk.jmh.annotations.BenchmarkMode;
import org.openjdk.jmh.annotations.Level;
import org.openjdk.jmh.annotations.Mode;
import org.openjdk.jmh.annotations.Scope;
import org.openjdk.jmh.annotations.Setup;
import org.openjdk.jmh.annotations.State;

/**
 * The machine's single-thread FMA roof, the ceiling gemm's GFLOP/s are measured against:
 * {@code FloatVector.fma} at the preferred species, in {@link #CHAINS} independent
 * accumulator chains so that the loop is bound by FMA throughput, not by its latency (a
 * core with two FMA pipes of 4 cycles' latency needs 8 chains in flight). Nothing is loaded
 * or stored in the loop, and the chains are twelve named locals rather than an array: C2
 * keeps locals of a known species in registers, while an array of vectors would box them.
 * One operation is {@link #ROUNDS} rounds of {@link #CHAINS} FMAs;
 * the benchmark runs in throughput mode, so JMH reports its {@code flops} counter (2 flops
 * per lane of every FMA) as a rate in flops per µs: divide by 1000 for GFLOP/s.
 */
public class FmaRoofBenchmark extends MeasurementDefaults {

    private static final VectorSpecies<Float> SPECIES = FloatVector.SPECIES_PREFERRED;
    /** Independent accumulators; 12 of the 32 vector registers of an AVX-512 core. */
    static final int CHAINS = 12;
    /** FMA rounds per operation, each one FMA per chain. */
    static final int ROUNDS = 1000;
    /** How long each trial runs the loop before JMH's own warm-up: 1 s. */
    private static final long COMPILE_NANOS = 1_000_000_000L;

    /**
     * Multiplier and addend: 1 and a small step, so the accumulators grow slowly and stay
     * normal. Fields, not constants, so that the compiler cannot fold the FMAs away.
     */
    private float multiplier = 1f;
    private float addend = 1e-3f;

    /** The result of the last trial warm-up call, kept so that the warm-up cannot be optimised away. */
    public FloatVector warmUpResult;

    /** The flops performed, which JMH divides by the measured time. */
    @State(Scope.Thread)
    @AuxCounters(AuxCounters.Type.OPERATIONS)
    public static class Flops {

        /** Floating-point operations of the iteration so far: 2 per lane of every FMA. */
        public long flops;

        /** Starts every iteration at zero. */
        @Setup(Level.Iteration)
        public void reset() {
            flops = 0;
        }
    }

    /**
     * Runs the loop for {@link #COMPILE_NANOS} before JMH's own warm-up: until C2 has compiled
     * it, every FMA boxes a vector and takes a hundred times longer, which a short warm-up
     * would measure.
     */
    @Setup(Level.Trial)
    public void compile() {
        Flops scratch = new Flops();
        long start = System.nanoTime();
        while (System.nanoTime() - start < COMPILE_NANOS) {
            warmUpResult = fma(scratch);
        }
    }

    /**
     * {@link #ROUNDS} rounds of {@link #CHAINS} independent FMAs.
     *
     * @param counter receives the flops performed
     * @return the sum of the accumulators, so that no chain can be dropped
     */
    @Benchmark
    @BenchmarkMode(Mode.Throughput)
    public FloatVector fma(Flops counter) {
        FloatVector x = FloatVector.broadcast(SPECIES, multiplier);
        FloatVector y = FloatVector.broadcast(SPECIES, addend);
        FloatVector c0 = y;
        FloatVector c1 = y;
        FloatVector c2 = y;
        FloatVector c3 = y;
        FloatVector c4 = y;
        FloatVector c5 = y;
        FloatVector c6 = y;
        FloatVector c7 = y;
        FloatVector c8 = y;
        FloatVector c9 = y;
        FloatVector c10 = y;
        FloatVector c11 = y;
        for (int r = 0; r < ROUNDS; r++) {
            c0 = x.fma(y, c0);
            c1 = x.fma(y, c1);
            c2 = x.fma(y, c2);
            c3 = x.fma(y, c3);
            c4 = x.fma(y, c4);
            c5 = x.fma(y, c5);
            c6 = x.fma(y, c6);
            c7 = x.fma(y, c7);
            c8 = x.fma(y, c8);
            c9 = x.fma(y, c9);
            c10 = x.fma(y, c10);
            c11 = x.fma(y, c11);
        }
        counter.flops += 2L * CHAINS * ROUNDS * SPECIES.length();
        return c0.add(c1).add(c2).add(c3).add(c4).add(c5).add(c6).add(c7).add(c8).add(c9).add(c10).add(c11);
    }
}
