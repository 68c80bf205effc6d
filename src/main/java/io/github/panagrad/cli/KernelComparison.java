package io.github.panagrad.cli;

import static io.github.panagrad.cli.KernelCase.OFFSET;

import io.github.panagrad.kernel.ErrorBound;
import io.github.panagrad.kernel.Kernels;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Random;

/**
 * Runs every kernel case on the SCALAR and the VECTOR backend and judges the results by the
 * numerical contract: every kernel's outputs must have identical bits on both (compared with
 * {@link Float#floatToIntBits}, so NaN payloads do not count); a reduction's outputs must
 * also stay within {@code γ(k)·Σ|terms|} of the exact value computed in double, on both
 * backends ({@link ErrorBound#holds}). On both backends, no cell outside an output window
 * may change, and no input may change.
 *
 * <p>The bound can be scaled for testing the checker itself; the contract is scale 1.
 */
final class KernelComparison {

    /** The sizes every kernel runs at: tails around the vector widths, a prime and a size past 4096. */
    static final int[] SIZES = {1, 7, 17, 33, 1021, 4099};

    /**
     * The outcome of one kernel at one size.
     *
     * @param kernel the {@link Kernels} method
     * @param size the size
     * @param bounded whether the kernel is a reduction, also checked against its γ(k) bound
     * @param cases how many calls were checked
     * @param outcome the worst result and the violations
     */
    record Row(String kernel, int size, boolean bounded, int cases, ContractOutcome outcome) {
    }

    private final Kernels scalar;
    private final Kernels vector;
    private final double boundScale;

    /**
     * @param scalar the reference backend
     * @param vector the backend under test
     * @param boundScale factor applied to every reduction's bound: 1 is the contract
     */
    KernelComparison(Kernels scalar, Kernels vector, double boundScale) {
        this.scalar = scalar;
        this.vector = vector;
        this.boundScale = boundScale;
    }

    /**
     * @param seed seed of the input values
     * @return one row per kernel and size, kernels in a fixed order
     */
    List<Row> run(long seed) {
        Map<String, List<Row>> byKernel = new LinkedHashMap<>();
        for (int size : SIZES) {
            InputValues in = new InputValues(new Random(seed * 1_000_003L + size));
            List<KernelCase> cases = new ArrayList<>(ElementwiseCases.cases(size, in));
            cases.addAll(ReductionCases.cases(size, in));
            Map<String, Row> rows = new LinkedHashMap<>();
            for (KernelCase kernelCase : cases) {
                ContractOutcome outcome = check(kernelCase);
                rows.merge(kernelCase.kernel(), new Row(kernelCase.kernel(), size, kernelCase.bounded(), 1, outcome),
                        (a, b) -> new Row(a.kernel(), size, a.bounded(), a.cases() + 1, a.outcome().merge(b.outcome())));
            }
            rows.forEach((kernel, row) -> byKernel.computeIfAbsent(kernel, k -> new ArrayList<>()).add(row));
        }
        List<Row> all = new ArrayList<>();
        byKernel.values().forEach(all::addAll);
        return all;
    }

    /** @return the outcome of running {@code kernelCase} on both backends */
    ContractOutcome check(KernelCase kernelCase) {
        float[][] scalarResult = kernelCase.runOn(scalar);
        float[][] vectorResult = kernelCase.runOn(vector);
        String stray = strayWrite(kernelCase, scalarResult, "SCALAR");
        if (stray == null) {
            stray = strayWrite(kernelCase, vectorResult, "VECTOR");
        }
        ContractOutcome outcome = bitIdentical(kernelCase, scalarResult, vectorResult);
        if (kernelCase.bounded()) {
            outcome = outcome.merge(withinBound(kernelCase, scalarResult, "SCALAR"))
                    .merge(withinBound(kernelCase, vectorResult, "VECTOR"));
        }
        return stray == null ? outcome : outcome.merge(ContractOutcome.of(0, 0, stray));
    }

    /** @return a description of the first cell changed outside an output window, or null */
    private static String strayWrite(KernelCase kernelCase, float[][] result, String backend) {
        for (int a = 0; a < kernelCase.arrayCount(); a++) {
            float[] before = kernelCase.initial(a);
            for (int i = 0; i < before.length; i++) {
                boolean inWindow = i >= OFFSET && i < OFFSET + kernelCase.length(a);
                if ((!inWindow || !kernelCase.isOutput(a))
                        && Float.floatToRawIntBits(before[i]) != Float.floatToRawIntBits(result[a][i])) {
                    return String.format(Locale.ROOT, "%s %s changed %s array %d at index %d (%s -> %s)",
                            kernelCase.kernel(), backend, inWindow ? "input" : "outside the window of",
                            a, i, before[i], result[a][i]);
                }
            }
        }
        return null;
    }

    private static ContractOutcome bitIdentical(KernelCase kernelCase, float[][] scalarResult, float[][] vectorResult) {
        ContractOutcome outcome = ContractOutcome.NONE;
        for (int a = 0; a < kernelCase.arrayCount(); a++) {
            if (!kernelCase.isOutput(a)) {
                continue;
            }
            for (int i = OFFSET; i < OFFSET + kernelCase.length(a); i++) {
                float s = scalarResult[a][i];
                float v = vectorResult[a][i];
                long ulps = Math.abs(ContractOutcome.ordered(s) - ContractOutcome.ordered(v));
                outcome = outcome.merge(ContractOutcome.ofBits(ulps, ulps == 0 ? null : String.format(Locale.ROOT,
                        "%s array %d element %d: SCALAR %s, VECTOR %s (%d ulps apart)",
                        kernelCase.kernel(), a, i - OFFSET, s, v, ulps)));
            }
        }
        return outcome;
    }

    private ContractOutcome withinBound(KernelCase kernelCase, float[][] result, String backend) {
        KernelCase.Expected expected = kernelCase.expected();
        double worstRatio = -1;
        double worstError = 0;
        double worstBound = 0;
        int violations = 0;
        String first = null;
        for (int i = 0; i < expected.exact().length; i++) {
            float computed = result[expected.array()][OFFSET + i];
            double exact = expected.exact()[i];
            double absSum = expected.absSum()[i] * boundScale;
            boolean holds = ErrorBound.holds(computed, exact, expected.k(), absSum);
            boolean finite = Float.isFinite(computed) && Double.isFinite(exact);
            double error = finite ? Math.abs(computed - exact) : holds ? 0 : Double.POSITIVE_INFINITY;
            double bound = finite ? ErrorBound.allowed(expected.k(), absSum) : 0;
            double ratio = error == 0 ? 0 : error / bound;
            if (ratio > worstRatio) {
                worstRatio = ratio;
                worstError = error;
                worstBound = bound;
            }
            if (!holds && violations++ == 0) {
                first = String.format(Locale.ROOT, "%s %s element %d: computed %s, exact %s, error %.3g > bound %.3g"
                        + " (k = %d)", kernelCase.kernel(), backend, i, computed, exact, error, bound, expected.k());
            }
        }
        return new ContractOutcome(0, worstError, worstBound, Math.max(worstRatio, 0), violations, first);
    }

    /**
     * @param rows the comparison's rows
     * @return the table: kernel, size, cases, ulps between the backends, and for reductions the
     *         worst error against exact arithmetic, its γ(k) bound and the share used; verdict
     */
    static String render(List<Row> rows) {
        TextTable table = new TextTable("kernel", "size", "cases", "SCALAR vs VECTOR", "max error", "γ(k) bound",
                "used", "verdict").rightAligned(1, 2, 3, 4, 5, 6);
        for (Row row : rows) {
            ContractOutcome o = row.outcome();
            table.row(row.kernel(), row.size(), row.cases(), o.ulps() + " ulp",
                    row.bounded() ? number(o.diff()) : "-", row.bounded() ? number(o.bound()) : "-", o.used(),
                    o.verdict());
        }
        return table.render("  ");
    }

    private static String number(double value) {
        return value == 0 ? "0" : String.format(Locale.ROOT, "%.3g", value);
    }
}
