package io.github.panagrad.kernel;

import java.util.Arrays;
import java.util.Random;

/**
 * Test inputs for the kernel suite: the awkward sizes, seeded value sources (plain values,
 * and an adversarial mix of NaN, infinities, signed zeros, subnormals and extreme
 * magnitudes), scalar hyper-parameters and the sentinel bit patterns that fill everything
 * outside a kernel's windows.
 */
final class Inputs {

    /**
     * Sizes around every vector length (4, 8 and 16 float lanes) and unroll factor, primes
     * and a large odd size, as in Lucene's TestVectorUtilSupport plus the neighbours of each power of two.
     */
    static final int[] SIZES = {0, 1, 2, 3, 4, 6, 7, 8, 13, 15, 16, 17, 25, 31, 32, 33, 63, 64, 65, 100,
        127, 128, 129, 207, 256, 300, 702, 1021, 1024, 4099};

    /**
     * Scalars for factors such as axpy's alpha: ordinary values and every special class,
     * since a vector kernel broadcasts them into every lane.
     */
    private static final float[] SCALARS = {1f, -1f, 0.5f, 3.75f, -0.3f, 0f, -0f, 1.1754944e-38f, 1e-40f,
        6.5e29f, Float.NaN, Float.POSITIVE_INFINITY, Float.NEGATIVE_INFINITY, Float.MAX_VALUE};

    private Inputs() {
    }

    /** A generator of float values. */
    @FunctionalInterface
    interface FloatSource {
        float next(Random random);
    }

    /**
     * Finite values with random mantissas, random signs and magnitudes between 2^-20 and
     * 2^20, and about one exact zero in 32. Products and sums of thousands of them stay far
     * from overflow and underflow, which is where the classic γ(k) bound applies.
     */
    static final FloatSource REGULAR = Inputs::regular;

    /**
     * Finite values over most of float's range: random mantissas and signs, magnitudes
     * between 2^-120 and 2^120, so sums mix terms that absorb each other and products may
     * overflow or underflow.
     */
    static final FloatSource WIDE = Inputs::wide;

    /**
     * Half {@link #REGULAR} values, half special ones: NaN, ±Inf, ±0, subnormals (the
     * smallest included), the tiniest normals, huge finite values up to Float.MAX_VALUE and
     * values one ulp from 1.
     */
    static final FloatSource ADVERSARIAL = Inputs::adversarial;

    /**
     * A fixed seed derived from a test's coordinates (kernel name, size, repetition), the
     * same in every run: it hashes their text, never an identity hash code.
     */
    static long seed(Object... coordinates) {
        return 0x9E37_79B9_7F4A_7C15L * Arrays.toString(coordinates).hashCode() + 0x5EED;
    }

    /** An offset for a window: 0 half the time, else up to 37, so vector loads start unaligned. */
    static int offset(Random random) {
        return random.nextBoolean() ? 0 : 1 + random.nextInt(37);
    }

    /** One of the broadcast scalars, special values included. */
    static float scalar(Random random) {
        return SCALARS[random.nextInt(SCALARS.length)];
    }

    private static float regular(Random random) {
        if (random.nextInt(32) == 0) {
            return random.nextBoolean() ? 0f : -0f;
        }
        float mantissa = 1f + random.nextFloat();
        float magnitude = Math.scalb(mantissa, random.nextInt(41) - 20);
        return random.nextBoolean() ? magnitude : -magnitude;
    }

    private static float wide(Random random) {
        float magnitude = Math.scalb(1f + random.nextFloat(), random.nextInt(241) - 120);
        return random.nextBoolean() ? magnitude : -magnitude;
    }

    private static float adversarial(Random random) {
        if (random.nextBoolean()) {
            return regular(random);
        }
        float sign = random.nextBoolean() ? 1f : -1f;
        switch (random.nextInt(9)) {
            case 0:
                return Float.NaN;
            case 1:
                return sign * Float.POSITIVE_INFINITY;
            case 2:
                return sign * 0f;
            case 3:
                return sign * Float.intBitsToFloat(1 + random.nextInt(0x007f_ffff));
            case 4:
                return sign * Float.MIN_VALUE;
            case 5:
                return sign * Float.MIN_NORMAL * (1f + random.nextFloat());
            case 6:
                return sign * Math.scalb(1f + random.nextFloat(), 100 + random.nextInt(28));
            case 7:
                return sign * Float.MAX_VALUE;
            default:
                return sign * (random.nextBoolean() ? Math.nextUp(1f) : Math.nextDown(1f));
        }
    }

    /**
     * The sentinel stored at {@code index} of array number {@code arrayId} outside every
     * window: a quiet NaN whose payload encodes both (and differs from every NaN that
     * arithmetic or {@code Float.NaN} produces), so a stray write is visible in the raw bits.
     */
    static float sentinel(int arrayId, int index) {
        return Float.intBitsToFloat(0x7fe0_0000 | (arrayId & 0xf) << 17 | index & 0x1_ffff);
    }
}
