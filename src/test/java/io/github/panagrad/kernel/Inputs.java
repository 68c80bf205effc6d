package io.github.panagrad.kernel;

import java.util.Arrays;

/** The awkward sizes of the kernel tests, and the fixed seeds they derive from their coordinates. */
final class Inputs {

    /**
     * Sizes around every vector length (4, 8 and 16 float lanes) and unroll factor, primes
     * and a large odd size, as in Lucene's TestVectorUtilSupport plus the neighbours of each power of two.
     */
    static final int[] SIZES = {0, 1, 2, 3, 4, 6, 7, 8, 13, 15, 16, 17, 25, 31, 32, 33, 63, 64, 65, 100,
        127, 128, 129, 207, 256, 300, 702, 1021, 1024, 4099};

    private Inputs() {
    }

    /**
     * A fixed seed derived from a test's coordinates (kernel name, size, repetition), the
     * same in every run: it hashes their text, never an identity hash code.
     */
    static long seed(Object... coordinates) {
        return 0x9E37_79B9_7F4A_7C15L * Arrays.toString(coordinates).hashCode() + 0x5EED;
    }
}
