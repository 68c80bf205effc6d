package io.github.panagrad.cli;

import io.github.panagrad.contract.Call;
import io.github.panagrad.contract.ContractCheck;
import io.github.panagrad.contract.ContractOutcome;
import io.github.panagrad.contract.KernelCatalogue;
import io.github.panagrad.contract.KernelEntry;
import io.github.panagrad.contract.Values;
import io.github.panagrad.contract.Variant;
import io.github.panagrad.kernel.Kernels;

import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.Objects;
import java.util.Random;

/**
 * The kernels part of {@code compare}: every kernel of the {@link KernelCatalogue}, in every
 * variant, at every size of {@link #SIZES}, on regular values and on values with special ones
 * mixed in, run on the SCALAR and the VECTOR backend and judged by {@link ContractCheck}:
 * identical bits on both, nothing written outside the output windows, elementwise kernels equal
 * to their formula, reductions within {@code γ(k)·Σ|terms|} of the exact value on both.
 *
 * <p>The bound can be scaled for testing the checker itself; the contract is scale 1.
 */
final class KernelComparison {

    /** The sizes every kernel runs at: tails around the vector widths, a prime and a size past 4096. */
    static final int[] SIZES = {1, 7, 17, 33, 1021, 4099};

    private static final List<Values> VALUES = List.of(Values.REGULAR, Values.SPECIAL);

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

    private final List<Kernels> backends;
    private final double boundScale;

    /**
     * @param scalar the reference backend
     * @param vector the backend under test
     * @param boundScale factor applied to every reduction's bound: 1 is the contract
     */
    KernelComparison(Kernels scalar, Kernels vector, double boundScale) {
        this.backends = List.of(scalar, vector);
        this.boundScale = boundScale;
    }

    /**
     * @param seed seed of the input values
     * @return one row per kernel and size, kernels in the catalogue's order
     */
    List<Row> run(long seed) {
        List<Row> rows = new ArrayList<>();
        for (KernelEntry entry : KernelCatalogue.all()) {
            List<Variant> variants = entry.variants();
            for (int size : SIZES) {
                ContractOutcome outcome = ContractOutcome.NONE;
                for (int v = 0; v < variants.size(); v++) {
                    for (Values values : VALUES) {
                        Random random = new Random(seed * 1_000_003L + Objects.hash(entry.name(), size, v, values.name()));
                        Call call = entry.generate(random, size, values, variants.get(v));
                        outcome = outcome.merge(new ContractCheck(entry, call, values.boundApplies(), boundScale)
                                .check(backends));
                    }
                }
                rows.add(new Row(entry.name(), size, entry.bounded(), variants.size() * VALUES.size(), outcome));
            }
        }
        return rows;
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
