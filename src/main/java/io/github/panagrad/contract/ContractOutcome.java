package io.github.panagrad.contract;

import java.util.Locale;

/**
 * How one or more results met the contract: how far apart the two runs' bits were, the
 * worst error against its bound (for results that have one), and how many results broke
 * the contract (with the first such failure described).
 *
 * @param ulps the most units in the last place between the two runs' results (0: identical bits)
 * @param diff the worst error against the exact value, {@code |computed - exact|}
 * @param bound the bound at that result (0 when no bound applies)
 * @param ratio {@code diff / bound}: 0 for no error, infinite when a zero bound is exceeded
 * @param violations how many results broke the contract
 * @param firstViolation a description of the first of them, or null
 */
public record ContractOutcome(long ulps, double diff, double bound, double ratio, int violations, String firstViolation) {

    /** The outcome of no results at all; merging it with an outcome gives that outcome. */
    public static final ContractOutcome NONE = new ContractOutcome(0, 0, 0, 0, 0, null);

    /**
     * @param diff the error found
     * @param bound the bound for it
     * @param violation a description when the contract is broken, else null
     * @return the outcome of one result checked against a bound
     */
    public static ContractOutcome of(double diff, double bound, String violation) {
        double ratio = diff == 0 ? 0 : diff / bound;
        return new ContractOutcome(0, diff, bound, Double.isNaN(ratio) ? Double.POSITIVE_INFINITY : ratio,
                violation == null ? 0 : 1, violation);
    }

    /**
     * @param other another outcome
     * @return the larger ulp distance, the worse error of the two (by ratio, then by error),
     *         and the violations added up
     */
    public ContractOutcome merge(ContractOutcome other) {
        if (this == NONE) {
            return other;
        }
        boolean otherWorse = other.ratio > ratio || (other.ratio == ratio && other.diff > diff);
        ContractOutcome worst = otherWorse ? other : this;
        return new ContractOutcome(Math.max(ulps, other.ulps), worst.diff, worst.bound, worst.ratio,
                violations + other.violations, firstViolation != null ? firstViolation : other.firstViolation);
    }

    /** @return true when no result broke the contract */
    public boolean holds() {
        return violations == 0;
    }

    /** @return the ratio as a percentage of the bound, {@code "-"} when there is no error */
    public String used() {
        if (ratio == 0) {
            return "-";
        }
        return Double.isInfinite(ratio) ? "inf" : String.format(Locale.ROOT, "%.2g%%", 100 * ratio);
    }

    /** @return "identical" (same bits, within any bound), "within bound" (bits differ, allowed), or "VIOLATION" with the count */
    public String verdict() {
        if (!holds()) {
            return "VIOLATION (" + violations + ")";
        }
        return ulps == 0 ? "identical" : "within bound";
    }

    /**
     * Float bits as a position on the number line: adjacent floats are 1 apart, −0 and +0
     * too, so {@code |ordered(a) - ordered(b)|} counts the ulps between a and b.
     *
     * @param value a float (every NaN maps to the same position)
     * @return its position
     */
    public static long ordered(float value) {
        int bits = Float.floatToIntBits(value);
        return bits >= 0 ? bits : -(long) (bits & 0x7fffffff) - 1;
    }
}
