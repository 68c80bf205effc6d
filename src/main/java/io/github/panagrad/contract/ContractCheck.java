package io.github.panagrad.contract;

import io.github.panagrad.contract.KernelEntry.Bound;
import io.github.panagrad.contract.Parameter.Operand;
import io.github.panagrad.kernel.ErrorBound;
import io.github.panagrad.kernel.Kernels;

import java.util.IdentityHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.function.Supplier;

/**
 * One valid call of a catalogued kernel checked against the numerical contract, on any
 * number of backends:
 * <ul>
 *   <li>every backend leaves every array (every element, windows or not) and the returned value
 *       with the same bits as the first backend ({@link Float#floatToIntBits}: NaN payloads
 *       aside);</li>
 *   <li>no backend changes an element outside the windows it writes, inputs included (raw bits);</li>
 *   <li>an elementwise kernel gives the bits of its javadoc formula;</li>
 *   <li>a reduction's every output is within {@code γ(k)·Σ|terms|} of the exact value in double
 *       ({@link ErrorBound#holds}), when the call's values meet the bound's assumptions.</li>
 * </ul>
 * The result is a {@link ContractOutcome}: the largest ulp distance between backends, the
 * worst error against its bound, and the violations with the first one described.
 */
public final class ContractCheck {

    /**
     * One run of the call.
     *
     * @param kernels the backend it ran on
     * @param call the call's copy it ran on, with the arrays as the kernel left them
     * @param value what the kernel returned, NaN for none
     * @param failure the exception a valid call threw (a violation), or null
     */
    public record Run(Kernels kernels, Call call, float value, RuntimeException failure) {
    }

    private final KernelEntry entry;
    private final Call call;
    private final boolean boundApplies;
    private final double boundScale;
    /** The reduction's exact outputs, computed once for all runs. */
    private List<Bound> exact;

    /**
     * @param entry the kernel
     * @param call a valid call of it, which runs never change (each run works on a copy)
     * @param values where the call's values came from: whether the γ(k) bound applies to them
     */
    public ContractCheck(KernelEntry entry, Call call, Values values) {
        this(entry, call, values.boundApplies(), 1.0);
    }

    /**
     * @param entry the kernel
     * @param call a valid call of it
     * @param boundApplies whether a reduction's outputs are checked against their γ(k) bound
     * @param boundScale factor applied to every Σ|terms|: 1 is the contract, other values
     *        exist to show that the check can fail
     */
    public ContractCheck(KernelEntry entry, Call call, boolean boundApplies, double boundScale) {
        this.entry = entry;
        this.call = call;
        this.boundApplies = boundApplies;
        this.boundScale = boundScale;
    }

    /** @return the kernel and the call's arguments, for messages */
    public String describe() {
        return entry.name() + call;
    }

    /**
     * @param kernels a backend
     * @return the call run on a copy of its arrays
     */
    public Run run(Kernels kernels) {
        Call copy = call.copy();
        try {
            return new Run(kernels, copy, entry.invoke(kernels, copy), null);
        } catch (RuntimeException e) {
            return new Run(kernels, copy, Float.NaN, e);
        }
    }

    /**
     * @param backends the backends to run on; the first is the one the others must match
     * @return every check on every backend
     */
    public ContractOutcome check(List<Kernels> backends) {
        return checkRuns(backends.stream().map(this::run).toList());
    }

    /**
     * @param runs runs of this call; the first is the one the others must match
     * @return every check of every run, and the others' bits against the first's
     */
    public ContractOutcome checkRuns(List<Run> runs) {
        ContractOutcome outcome = ContractOutcome.NONE;
        for (Run run : runs) {
            if (run.failure() != null) {
                outcome = outcome.merge(ContractOutcome.of(0, 0, describe() + " on " + run.kernels().backend()
                        + ": a valid call threw " + run.failure()));
            } else {
                outcome = outcome.merge(strayWrites(run)).merge(formula(run)).merge(bounds(run));
            }
        }
        for (Run run : runs.subList(1, runs.size())) {
            outcome = outcome.merge(sameBits(runs.get(0), run));
        }
        return outcome;
    }

    /**
     * @param run a run
     * @return a violation for each element outside the written windows whose raw bits changed
     */
    public ContractOutcome strayWrites(Run run) {
        Map<float[], boolean[]> writable = new IdentityHashMap<>();
        for (Operand operand : entry.operands()) {
            float[] array = call.a(operand.name());
            if (array != null && operand.written() && entry.used(operand, call)) {
                Window window = operand.window(call);
                boolean[] mask = writable.computeIfAbsent(array, a -> new boolean[a.length]);
                for (int i = window.off(); i < window.end(); i++) {
                    mask[i] |= window.contains(i);
                }
            }
        }
        Tally tally = new Tally();
        for (Operand operand : entry.operands()) {
            float[] before = call.a(operand.name());
            if (before == null) {
                continue;
            }
            float[] after = run.call().a(operand.name());
            boolean[] mask = writable.get(before);
            for (int i = 0; i < before.length; i++) {
                if ((mask == null || !mask[i]) && Float.floatToRawIntBits(before[i]) != Float.floatToRawIntBits(after[i])) {
                    int index = i;
                    tally.add(0, () -> String.format(Locale.ROOT, "%s on %s: %s outside every written window changed"
                            + " from %s to %s", describe(), run.kernels().backend(), element(operand, index),
                            hex(before[index]), hex(after[index])));
                }
            }
        }
        return tally.outcome();
    }

    /**
     * @param run a run
     * @return a violation for each element of an elementwise kernel whose bits differ from its
     *         formula's (none when the entry has no formula)
     */
    public ContractOutcome formula(Run run) {
        if (!entry.hasFormula()) {
            return ContractOutcome.NONE;
        }
        Call expected = call.copy();
        entry.applyFormula(expected);
        return compare(new Run(null, expected, run.value(), null), run, "the javadoc formula");
    }

    /**
     * @param run a run
     * @return a reduction's outputs against their γ(k) bound: the worst error and its bound,
     *         and a violation for each output outside it (none for elementwise kernels, or when
     *         the bound does not apply to the call's values)
     */
    public ContractOutcome bounds(Run run) {
        if (!entry.bounded() || !boundApplies) {
            return ContractOutcome.NONE;
        }
        long k = entry.k(call);
        double worstRatio = -1;
        double worstError = 0;
        double worstBound = 0;
        int violations = 0;
        String first = null;
        if (exact == null) {
            exact = entry.exact(call);
        }
        for (Bound bound : exact) {
            float computed = bound.operand() == null ? run.value() : run.call().a(bound.operand())[bound.index()];
            double absSum = bound.absSum() * boundScale;
            boolean holds = ErrorBound.holds(computed, bound.exact(), k, absSum);
            boolean finite = Float.isFinite(computed) && Double.isFinite(bound.exact());
            double error = finite ? Math.abs(computed - bound.exact()) : holds ? 0 : Double.POSITIVE_INFINITY;
            double allowed = finite ? ErrorBound.allowed(k, absSum) : 0;
            double ratio = error == 0 ? 0 : error / allowed;
            if (ratio > worstRatio) {
                worstRatio = ratio;
                worstError = error;
                worstBound = allowed;
            }
            if (!holds && violations++ == 0) {
                first = String.format(Locale.ROOT, "%s on %s: %s = %s, exact %s, |error| %.3g exceeds γ(%d)·Σ|terms|"
                        + " = %.3g (Σ|terms| = %s)", describe(), run.kernels().backend(),
                        bound.operand() == null ? "the result" : bound.operand() + "[" + bound.index() + "]",
                        computed, bound.exact(), error, k, allowed, absSum);
            }
        }
        return new ContractOutcome(0, worstError, worstBound, Math.max(worstRatio, 0), violations, first);
    }

    /**
     * @param expected the run to match
     * @param actual another run
     * @return the largest ulp distance between their elements and returned values, and a
     *         violation for each that differs in its bits
     */
    public ContractOutcome sameBits(Run expected, Run actual) {
        return compare(expected, actual, expected.kernels().backend().toString());
    }

    private ContractOutcome compare(Run expected, Run actual, String expectedName) {
        Tally tally = new Tally();
        for (Operand operand : entry.operands()) {
            float[] want = expected.call().a(operand.name());
            float[] got = actual.call().a(operand.name());
            if (want == null) {
                continue;
            }
            for (int i = 0; i < want.length; i++) {
                if (Float.floatToIntBits(want[i]) != Float.floatToIntBits(got[i])) {
                    int index = i;
                    tally.add(ulps(want[i], got[i]), () -> differs(expectedName, want[index], actual, got[index],
                            element(operand, index)));
                }
            }
        }
        if (Float.floatToIntBits(expected.value()) != Float.floatToIntBits(actual.value())) {
            tally.add(ulps(expected.value(), actual.value()),
                    () -> differs(expectedName, expected.value(), actual, actual.value(), "the result"));
        }
        return tally.outcome();
    }

    private String differs(String expectedName, float want, Run actual, float got, String where) {
        return String.format(Locale.ROOT, "%s: %s gives %s (%s), %s gives %s (%s) at %s (%d ulps apart)", describe(),
                expectedName, want, hex(want), actual.kernels().backend(), got, hex(got), where, ulps(want, got));
    }

    /** @return {@code name[index]}, and its place in the window when it is in it */
    private String element(Operand operand, int index) {
        Window window = operand.window(call);
        String place = window.contains(index) ? ", element " + (index - window.off()) + " of the window" : "";
        return operand.name() + "[" + index + "]" + place;
    }

    private static long ulps(float a, float b) {
        return Math.abs(ContractOutcome.ordered(a) - ContractOutcome.ordered(b));
    }

    private static String hex(float value) {
        return String.format("0x%08x", Float.floatToRawIntBits(value));
    }

    /** Counts violations and keeps the largest ulp distance and the first description. */
    private static final class Tally {
        private long ulps;
        private int violations;
        private String first;

        void add(long distance, Supplier<String> description) {
            ulps = Math.max(ulps, distance);
            if (violations++ == 0) {
                first = description.get();
            }
        }

        ContractOutcome outcome() {
            return new ContractOutcome(ulps, 0, 0, 0, violations, first);
        }
    }
}
