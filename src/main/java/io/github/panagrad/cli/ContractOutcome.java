package io.github.panagrad.cli;

import java.util.Locale;

/**
 * How close one or more results came to their contract: the worst difference found, the
 * bound that applied to it, their ratio, and how many results broke the contract (with
 * the first such failure described).
 *
 * @param diff the worst difference: ulps between the backends for a bit-exact result,
 *             {@code |computed - exact|} for a bounded one
 * @param bound the bound at that result (0 for bit-exact results)
 * @param ratio {@code diff / bound}: 0 for no difference, infinite when a zero bound is exceeded
 * @param violations how many results broke the contract
 * @param firstViolation a description of the first of them, or null
 */
record ContractOutcome(double diff, double bound, double ratio, int violations, String firstViolation) {

    /** The outcome of no results at all; merging it with an outcome gives that outcome. */
    static final ContractOutcome NONE = new ContractOutcome(0, 0, 0, 0, null);

    /**
     * @param diff the difference found
     * @param bound the bound for it
     * @param violation a description when the contract is broken, else null
     * @return the outcome of one result
     */
    static ContractOutcome of(double diff, double bound, String violation) {
        double ratio = diff == 0 ? 0 : diff / bound;
        return new ContractOutcome(diff, bound, Double.isNaN(ratio) ? Double.POSITIVE_INFINITY : ratio,
                violation == null ? 0 : 1, violation);
    }

    /** @return the worse difference of the two (by ratio, then by difference), with violations added up */
    ContractOutcome merge(ContractOutcome other) {
        if (this == NONE) {
            return other;
        }
        boolean otherWorse = other.ratio > ratio || (other.ratio == ratio && other.diff > diff);
        ContractOutcome worst = otherWorse ? other : this;
        return new ContractOutcome(worst.diff, worst.bound, worst.ratio, violations + other.violations,
                firstViolation != null ? firstViolation : other.firstViolation);
    }

    /** @return true when no result broke the contract */
    boolean holds() {
        return violations == 0;
    }

    /** @return the ratio as a percentage of the bound, {@code "-"} when there is no difference */
    String used() {
        if (ratio == 0) {
            return "-";
        }
        return Double.isInfinite(ratio) ? "inf" : String.format(Locale.ROOT, "%.2g%%", 100 * ratio);
    }

    /** @return "ok", or "VIOLATION" with the count */
    String verdict() {
        return holds() ? "ok" : "VIOLATION (" + violations + ")";
    }
}
