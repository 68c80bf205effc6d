package io.github.panagrad.bench;

import org.openjdk.jmh.annotations.Param;
import org.openjdk.jmh.annotations.Setup;

/**
 * A scalar/vector pair over one-dimensional arrays of {@link #n} elements, at the sizes of
 * {@link Sizes}: one resident in each cache level and one in main memory. Three arrays are
 * drawn for every trial; each kernel reads, writes or accumulates into the ones it needs.
 */
public abstract class StreamingBenchmark extends PairedBenchmark {

    /** Elements per array. */
    @Param({Sizes.L1, Sizes.L2, Sizes.L3, Sizes.DRAM})
    public int n;

    /** First array: n floats from [-1, 1). */
    protected float[] a;
    /** Second array: n floats from [-1, 1), drawn independently of {@link #a}. */
    protected float[] b;
    /** Third array, used as output or accumulator: n floats from [-1, 1). */
    protected float[] c;

    /** Draws the three arrays. */
    @Setup
    public void drawArrays() {
        a = Data.uniform(n, 1);
        b = Data.uniform(n, 2);
        c = Data.uniform(n, 3);
    }
}
