package io.github.panagrad.bench;

/**
 * Element counts of the streaming benchmarks, chosen so that the arrays of one call (up to
 * four float arrays) sit in one level of the memory hierarchy of the reference machine
 * (L1d 32 KiB and L2 1 MiB per core, L3 32 MiB). None is a power of two: 1 000 leaves a
 * vector tail at 16 lanes, the others at every width.
 */
final class Sizes {

    /** 1 000 floats, 4 KB per array: L1-resident. */
    static final String L1 = "1000";
    /** 30 011 floats, 120 KB per array: L2-resident. */
    static final String L2 = "30011";
    /** 1 000 003 floats, 4 MB per array: L3-resident. */
    static final String L3 = "1000003";
    /** 30 000 001 floats, 120 MB per array: streamed from main memory. */
    static final String DRAM = "30000001";

    private Sizes() {
    }
}
