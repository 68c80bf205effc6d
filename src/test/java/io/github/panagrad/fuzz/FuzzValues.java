package io.github.panagrad.fuzz;

import java.util.Random;

/**
 * Random floats, sizes and offsets for the fuzzers.
 *
 * <p>Bit-exact kernels get {@link #anyFloat}: every class of value, NaN with several payloads,
 * ±Inf, ±0, subnormals, extreme magnitudes. Bounded kernels get {@link #boundedInput}: the
 * classic bound {@code γ(k)·Σ|terms|} assumes no overflow and no underflow, so values stay
 * between 2^-20 and 2^20 in magnitude (products and sums of a few thousand of them are far
 * from both), plus exact zeros and, now and then, NaN or an infinity, whose propagation the
 * bound also covers.
 */
final class FuzzValues {

    private static final float[] SPECIAL = {
        Float.NaN, Float.intBitsToFloat(0x7fc0_1234), Float.intBitsToFloat(0xffc0_0001),
        Float.POSITIVE_INFINITY, Float.NEGATIVE_INFINITY, 0f, -0f,
        Float.MIN_VALUE, -Float.MIN_VALUE, 1e-40f, -3e-39f, Float.MIN_NORMAL, -Float.MIN_NORMAL,
        Float.MAX_VALUE, -Float.MAX_VALUE, 1f, -1f, Math.nextUp(1f), Math.nextDown(1f), 0.5f, 6.5e29f,
    };

    private FuzzValues() {
    }

    /** A value of any class: a special one a quarter of the time, else any finite bit pattern or an ordinary number. */
    static float anyFloat(Random random) {
        switch (random.nextInt(4)) {
            case 0:
                return SPECIAL[random.nextInt(SPECIAL.length)];
            case 1:
                return randomBits(random);
            default:
                return ordinary(random);
        }
    }

    /** A value for a bounded kernel: mostly 2^-20..2^20 in magnitude, 1 in 32 an exact zero, 1 in 512 NaN or ±Inf. */
    static float boundedInput(Random random, boolean specials) {
        int pick = random.nextInt(512);
        if (specials && pick == 0) {
            return random.nextBoolean() ? Float.NaN : (random.nextBoolean() ? Float.POSITIVE_INFINITY : Float.NEGATIVE_INFINITY);
        }
        if (pick < 16) {
            return random.nextBoolean() ? 0f : -0f;
        }
        float magnitude = Math.scalb(1f + random.nextFloat(), random.nextInt(41) - 20);
        return random.nextBoolean() ? magnitude : -magnitude;
    }

    /** A finite value of moderate size, as data usually is: uniform in (-4, 4). */
    static float ordinary(Random random) {
        return (random.nextFloat() * 2f - 1f) * 4f;
    }

    /** Any bit pattern: NaNs with arbitrary payloads, infinities, subnormals, every exponent. */
    static float randomBits(Random random) {
        return Float.intBitsToFloat(random.nextInt());
    }

    /**
     * A count for a vector kernel: 0..70 most of the time (every vector width's tails), up
     * to 1100 now and then (the unrolled main loops), sometimes exactly around a multiple of 64.
     */
    static int count(Random random) {
        int pick = random.nextInt(16);
        if (pick < 11) {
            return random.nextInt(71);
        }
        if (pick < 14) {
            return 64 * (1 + random.nextInt(8)) + random.nextInt(3) - 1;
        }
        return random.nextInt(1101);
    }

    /** A matrix dimension: mostly 0..40, sometimes up to 300 (past one gemm block in each direction). */
    static int dimension(Random random) {
        return random.nextInt(8) == 0 ? random.nextInt(301) : random.nextInt(41);
    }

    /** An offset: 0 half the time, else 1..40, so vector loads start unaligned. */
    static int offset(Random random) {
        return random.nextBoolean() ? 0 : 1 + random.nextInt(40);
    }

    /** Extra elements after a window or between matrix rows: 0 half the time, else 1..9. */
    static int slack(Random random) {
        return random.nextBoolean() ? 0 : 1 + random.nextInt(9);
    }

    /** A scale factor for a bounded kernel (gemm's alpha and beta, columnSums' beta): common and random values. */
    static float factor(Random random) {
        float[] common = {0f, -0f, 1f, -1f, 0.5f, 2f};
        return random.nextBoolean() ? common[random.nextInt(common.length)] : ordinary(random);
    }

    /** A broadcast scalar for a bit-exact kernel: specials included. */
    static float broadcast(Random random) {
        return random.nextInt(3) == 0 ? SPECIAL[random.nextInt(SPECIAL.length)] : ordinary(random);
    }
}
