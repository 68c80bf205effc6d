package io.github.panagrad.bench;

import org.openjdk.jmh.annotations.Benchmark;
import org.openjdk.jmh.annotations.Param;
import org.openjdk.jmh.annotations.Setup;

/**
 * The bandwidth yardstick: {@link System#arraycopy} of {@link #n} floats at the sizes of the
 * streaming benchmarks, reading one array and writing another (8 bytes per element). A
 * streaming kernel's time over the copy's at the same size says how far it stays from the
 * speed of the memory level its arrays sit in (relu moves the same bytes as the copy, a
 * binary kernel 12 per element, sum 4).
 */
public class ArraycopyBenchmark extends MeasurementDefaults {

    /** Elements copied. */
    @Param({Sizes.L1, Sizes.L2, Sizes.L3, Sizes.DRAM})
    public int n;

    private float[] source;
    private float[] target;

    /** Draws the source and allocates the target. */
    @Setup
    public void setUp() {
        source = Data.uniform(n, 1);
        target = new float[n];
    }

    /** @return the target, after copying the source into it */
    @Benchmark
    public float[] copy() {
        System.arraycopy(source, 0, target, 0, n);
        return target;
    }
}
