package io.github.panagrad.cli;

import java.util.Arrays;
import java.util.Random;

/**
 * Input arrays for the kernel comparison, drawn from a seeded {@link Random}: plain random
 * values, values with heavy cancellation, and values sprinkled with special floats.
 *
 * <p>The special pools differ by kernel class. Elementwise kernels are bit-exact for every
 * input, so they get everything: NaN, ±Inf, ±0, subnormals and ±MAX_VALUE. The γ(k) bound
 * of a reduction assumes no underflow or overflow, so sums get NaN, ±Inf, ±0 and
 * subnormals (adding subnormals is exact), and products (gemm, dot, mse) get NaN, ±Inf and
 * ±0 only: a product of subnormals underflows, which no relative bound covers.
 */
final class InputValues {

    /** Special values for elementwise kernels. */
    static final float[] ELEMENTWISE_SPECIALS = {
        Float.NaN, Float.POSITIVE_INFINITY, Float.NEGATIVE_INFINITY, 0f, -0f,
        Float.MIN_VALUE, -Float.MIN_VALUE, 0x1p-130f, -0x1.8p-127f, Float.MIN_NORMAL,
        Float.MAX_VALUE, -Float.MAX_VALUE, 1f, -1f,
    };

    /** Special values for sums: no value whose sum with another can underflow or overflow. */
    static final float[] SUM_SPECIALS = {
        Float.NaN, Float.POSITIVE_INFINITY, Float.NEGATIVE_INFINITY, 0f, -0f,
        Float.MIN_VALUE, -Float.MIN_VALUE, 0x1p-130f, -0x1.8p-127f,
    };

    /** Special values for sums of products: no subnormals, whose products underflow. */
    static final float[] PRODUCT_SPECIALS = {
        Float.NaN, Float.POSITIVE_INFINITY, Float.NEGATIVE_INFINITY, 0f, -0f,
    };

    private final Random rng;

    InputValues(Random rng) {
        this.rng = rng;
    }

    /** @return n values uniform in [-2, 2) */
    float[] random(int n) {
        float[] values = new float[n];
        for (int i = 0; i < n; i++) {
            values[i] = uniform();
        }
        return values;
    }

    /**
     * @return n values {@code ±f · 2^e}, f uniform in [1, 2) and e in [-12, 12], random signs:
     *         their sums cancel heavily over a wide dynamic range
     */
    float[] cancelling(int n) {
        float[] values = new float[n];
        for (int i = 0; i < n; i++) {
            float magnitude = Math.scalb(1f + rng.nextFloat(), rng.nextInt(25) - 12);
            values[i] = rng.nextBoolean() ? magnitude : -magnitude;
        }
        return values;
    }

    /**
     * @param n how many values
     * @param pool the special values to draw from
     * @param oneIn each value is special with probability 1/oneIn, otherwise random
     * @return the values
     */
    float[] special(int n, float[] pool, int oneIn) {
        float[] values = random(n);
        for (int i = 0; i < n; i++) {
            if (rng.nextInt(oneIn) == 0) {
                values[i] = pool[rng.nextInt(pool.length)];
            }
        }
        return values;
    }

    /** @return n copies of NaN, for outputs that must not be read */
    static float[] nans(int n) {
        float[] values = new float[n];
        Arrays.fill(values, Float.NaN);
        return values;
    }

    /** @return one value uniform in [-2, 2) */
    float uniform() {
        return 4f * rng.nextFloat() - 2f;
    }

    /** @return a value uniform in [lo, hi) */
    float between(float lo, float hi) {
        return lo + (hi - lo) * rng.nextFloat();
    }

    /** @return one value of {@code pool} */
    float pick(float[] pool) {
        return pool[rng.nextInt(pool.length)];
    }
}
