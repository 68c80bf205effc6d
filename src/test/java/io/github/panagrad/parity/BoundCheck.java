package io.github.panagrad.parity;

import static org.junit.jupiter.api.Assertions.fail;

/**
 * Checks float results against a {@link BoundedMatrix} element by element,
 * {@code |actual − value| ≤ radius}, and keeps figures for a summary: how many values were
 * checked, the worst ratio {@code |actual − value| / radius} (at most 1 when all pass), and
 * the largest difference from PyTorch's value when one is given.
 */
final class BoundCheck {

    private final String subject;
    private long checked;
    private double worstRatio;
    private double largestDifferenceFromTorch;
    private boolean comparedWithTorch;

    /**
     * @param subject what is being checked, for messages (e.g. fixture and backend)
     */
    BoundCheck(String subject) {
        this.subject = subject;
    }

    /**
     * @param what the quantity, for the message
     * @param actual the computed values, row-major
     * @param reference the bounded exact values, same size
     * @param torch PyTorch's values for the same quantity (for the message and summary), or null
     * @throws org.opentest4j.AssertionFailedError naming the worst element with its numbers when
     *         any element is outside its radius or the sizes differ
     */
    void within(String what, float[] actual, BoundedMatrix reference, float[] torch) {
        if (actual.length != reference.size()) {
            fail(subject + ": " + what + " has " + actual.length + " elements, the reference " + reference.size());
        }
        int violations = 0;
        int worst = -1;
        double worstHere = -1;
        for (int i = 0; i < actual.length; i++) {
            double diff = Math.abs(actual[i] - reference.value[i]);
            double ratio = diff / reference.error[i];
            boolean ok = Float.isFinite(actual[i]) && diff <= reference.error[i];
            if (!ok) {
                violations++;
                ratio = Double.POSITIVE_INFINITY;
            }
            if (Double.isNaN(ratio)) { // 0 / 0: an exact value computed exactly
                ratio = 0;
            }
            if (ratio > worstHere || worst < 0) {
                worstHere = ratio;
                worst = i;
            }
            if (torch != null) {
                comparedWithTorch = true;
                largestDifferenceFromTorch = Math.max(largestDifferenceFromTorch, Math.abs(actual[i] - torch[i]));
            }
        }
        checked += actual.length;
        if (violations > 0) {
            fail(String.format("%s: %s: %d of %d elements outside the bound; element %d is %s (PyTorch %s), the exact"
                            + " value %.9g ± %.3g, off by %.3g", subject, what, violations, actual.length, worst,
                    actual[worst], torch == null ? "-" : Float.toString(torch[worst]), reference.value[worst],
                    reference.error[worst], Math.abs(actual[worst] - reference.value[worst])));
        }
        worstRatio = Math.max(worstRatio, worstHere);
    }

    /**
     * @return true when {@link #within} would accept every element (for checks that must fail)
     */
    static boolean accepts(float[] actual, BoundedMatrix reference) {
        for (int i = 0; i < actual.length; i++) {
            if (!(Math.abs(actual[i] - reference.value[i]) <= reference.error[i])) {
                return false;
            }
        }
        return actual.length == reference.size();
    }

    /** @return values checked so far */
    long checked() {
        return checked;
    }

    @Override
    public String toString() {
        return String.format("%s: %d values within their bounds, worst |actual - exact| / bound = %.3g%s", subject,
                checked, worstRatio, comparedWithTorch
                        ? String.format(", largest |difference from PyTorch| = %.3g", largestDifferenceFromTorch) : "");
    }
}
