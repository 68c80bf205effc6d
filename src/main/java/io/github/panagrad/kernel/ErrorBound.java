package io.github.panagrad.kernel;

import io.github.panagrad.internal.Checks;

/**
 * The error bound that every bounded (reduction) kernel promises, for checking results:
 * {@code |computed - exact| <= γ(k) · Σ|terms|}, where {@code γ(k) = k·u / (1 - k·u)},
 * {@code u = 2^-24} (float's unit roundoff), k is the number of roundings a term can go
 * through, and {@code exact} and {@code Σ|terms|} are computed in double from the same
 * float inputs. Each kernel's k is stated on its {@link Kernels} method.
 */
public final class ErrorBound {

    /** The unit roundoff of float, 2^-24. */
    public static final double UNIT_ROUNDOFF = 0x1p-24;

    private ErrorBound() {
    }

    /**
     * {@code γ(k) = k·u / (1 - k·u)}.
     *
     * @param k number of roundings, {@code 0 <= k < 2^24} (so that {@code k·u < 1})
     * @return γ(k)
     * @throws IllegalArgumentException when k is negative or at least {@code 2^24}
     */
    public static double gamma(long k) {
        Checks.atLeast("k", k, 0);
        Checks.atMost("k", k, (1L << 24) - 1);
        double ku = k * UNIT_ROUNDOFF;
        return ku / (1 - ku);
    }

    /**
     * The largest error allowed: {@code γ(k) · absSum}.
     *
     * @param k number of roundings
     * @param absSum {@code Σ|terms|}, computed in double
     * @return the bound
     */
    public static double allowed(long k, double absSum) {
        return gamma(k) * absSum;
    }

    /**
     * Whether a float result honours the bound. NaN and infinite results must match the
     * exact value's class: an exact infinity of the same sign, or a NaN where exact is NaN.
     *
     * @param computed the kernel's result
     * @param exact the double-precision reference
     * @param k number of roundings
     * @param absSum {@code Σ|terms|} in double
     * @return true when the result is within the bound
     */
    public static boolean holds(float computed, double exact, long k, double absSum) {
        if (Double.isNaN(exact) || Double.isNaN(computed)) {
            return Double.isNaN(exact) && Double.isNaN(computed);
        }
        if (Double.isInfinite(exact) || Float.isInfinite(computed)) {
            return computed == exact;
        }
        return Math.abs(computed - exact) <= allowed(k, absSum);
    }
}
