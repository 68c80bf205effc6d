package io.github.panagrad.contract;

import java.util.Random;

/**
 * Where the elements of a generated call come from. Every source serves every
 * {@link ValueClass}; {@link #boundApplies()} says whether reductions are also checked
 * against their γ(k) bound on its values, or only for identical bits (values that overflow or
 * underflow lie outside what the bound assumes, not outside the bit-exact contract).
 */
public enum Values {

    /**
     * Finite values with random mantissas and signs, magnitudes between 2^-20 and 2^20, and
     * one exact zero in 32: their sums cancel over a wide range, and products and sums of
     * thousands of them stay far from overflow and underflow.
     */
    REGULAR(true) {
        @Override
        float draw(ValueClass valueClass, Random random) {
            return regular(random);
        }
    },

    /**
     * {@link #REGULAR} values with special ones mixed in, as many as the bound allows: half
     * the elements of bit-exact kernels come from {@link #SPECIALS}; one in 32 terms of a sum
     * is NaN, an infinity, a signed zero or a subnormal; one in 32 factors NaN, an infinity or
     * a signed zero.
     */
    SPECIAL(true) {
        @Override
        float draw(ValueClass valueClass, Random random) {
            switch (valueClass) {
                case SUMMAND:
                    return random.nextInt(32) == 0 ? pick(random, SUMMAND_SPECIALS) : regular(random);
                case FACTOR:
                    return random.nextInt(32) == 0 ? pick(random, FACTOR_SPECIALS) : regular(random);
                default:
                    return random.nextBoolean() ? pick(random, SPECIALS) : regular(random);
            }
        }
    },

    /**
     * Any value for every class: half {@link #REGULAR}, a quarter from {@link #SPECIALS}, an
     * eighth random bit patterns (NaN payloads, every exponent) and an eighth random subnormals,
     * tiny normals or values near overflow. Reductions are checked for identical bits only.
     */
    ADVERSARIAL(false) {
        @Override
        float draw(ValueClass valueClass, Random random) {
            switch (random.nextInt(8)) {
                case 0:
                case 1:
                    return pick(random, SPECIALS);
                case 2:
                    return Float.intBitsToFloat(random.nextInt());
                case 3:
                    return signed(random, extreme(random));
                default:
                    return regular(random);
            }
        }
    },

    /**
     * Finite values over most of float's range, magnitudes between 2^-120 and 2^120: sums mix
     * terms that absorb each other, products overflow and underflow. Reductions are checked
     * for identical bits only.
     */
    WIDE(false) {
        @Override
        float draw(ValueClass valueClass, Random random) {
            return signed(random, Math.scalb(1f + random.nextFloat(), random.nextInt(241) - 120));
        }
    };

    /**
     * Special values: NaNs (with other payloads too), infinities, signed zeros, the smallest
     * subnormal and others, the smallest normal, huge finite values and the neighbours of 1.
     */
    static final float[] SPECIALS = {
        Float.NaN, Float.intBitsToFloat(0x7fc0_1234), Float.intBitsToFloat(0xffc0_0001),
        Float.POSITIVE_INFINITY, Float.NEGATIVE_INFINITY, 0f, -0f,
        Float.MIN_VALUE, -Float.MIN_VALUE, 1e-40f, -3e-39f, Float.MIN_NORMAL, -Float.MIN_NORMAL,
        0x1.8p100f, -0x1.4p127f, Float.MAX_VALUE, -Float.MAX_VALUE, 1f, -1f, Math.nextUp(1f), Math.nextDown(1f),
    };

    /** The special terms of a sum: none that another term could make underflow or overflow. */
    private static final float[] SUMMAND_SPECIALS = {
        Float.NaN, Float.POSITIVE_INFINITY, Float.NEGATIVE_INFINITY, 0f, -0f,
        Float.MIN_VALUE, -Float.MIN_VALUE, 0x1p-130f, -0x1.8p-127f,
    };

    /** The special factors of a sum of products: no subnormals. */
    private static final float[] FACTOR_SPECIALS = {
        Float.NaN, Float.POSITIVE_INFINITY, Float.NEGATIVE_INFINITY, 0f, -0f,
    };

    private final boolean boundApplies;

    Values(boolean boundApplies) {
        this.boundApplies = boundApplies;
    }

    /** @return whether the values keep reductions within the assumptions of their γ(k) bound */
    public boolean boundApplies() {
        return boundApplies;
    }

    /**
     * @param valueClass what the element may be
     * @param random the source of randomness
     * @return one element
     */
    public float next(ValueClass valueClass, Random random) {
        float value = draw(valueClass, random);
        return valueClass == ValueClass.NON_NEGATIVE ? Math.abs(value) : value;
    }

    abstract float draw(ValueClass valueClass, Random random);

    private static float regular(Random random) {
        if (random.nextInt(32) == 0) {
            return random.nextBoolean() ? 0f : -0f;
        }
        return signed(random, Math.scalb(1f + random.nextFloat(), random.nextInt(41) - 20));
    }

    private static float extreme(Random random) {
        switch (random.nextInt(3)) {
            case 0:
                return Float.intBitsToFloat(1 + random.nextInt(0x007f_ffff));
            case 1:
                return Float.MIN_NORMAL * (1f + random.nextFloat());
            default:
                return Math.scalb(1f + random.nextFloat(), 100 + random.nextInt(28));
        }
    }

    private static float signed(Random random, float magnitude) {
        return random.nextBoolean() ? magnitude : -magnitude;
    }

    private static float pick(Random random, float[] pool) {
        return pool[random.nextInt(pool.length)];
    }
}
