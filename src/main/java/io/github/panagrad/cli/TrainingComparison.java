package io.github.panagrad.cli;

import io.github.panagrad.contract.ContractOutcome;
import io.github.panagrad.kernel.Backend;
import io.github.panagrad.kernel.ErrorBound;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;

/**
 * Trains the same model from the same initial weights on the SCALAR and the VECTOR backend
 * and checks that the two runs give the same bits, every epoch's loss and every final
 * parameter; more generally, compares two runs that compute the same mathematics with
 * different roundings (full batches against accumulated micro-batches, say) within a bound.
 *
 * <p>The bound is a first-order model, not a proof, of how far a run may be from exact
 * arithmetic, and so how far two runs with different roundings may drift apart. Elementwise
 * kernels round each result once, so the runs differ only through reductions. Every optimizer step sums, per output, at most
 * {@code r + 2} rounded terms over a micro-batch of r rows (gemm's {@code k + 2}); with a
 * learning rate below {@code 2 / L} a gradient step is non-expansive, so each step's
 * rounding errors add to the earlier ones instead of growing. The whole run is then treated
 * as one reduction over {@code K = epochs · (n + 2 · microBatches)} rounded terms, and each
 * run stays within {@code γ(K) · S} of exact arithmetic, where S is the magnitude of what is
 * compared. Two runs differ by at most twice that:
 * <ul>
 *   <li>the loss of epoch e: {@code 2 · γ(K_e) · S_e} with {@code K_e = e · (n + 2 · microBatches)}
 *       and {@code S_e} the larger run's {@link EpochStats#lossSensitivity()} in that epoch: the
 *       loss's first-order change when every prediction is off by γ(K_e) relative to
 *       {@code |prediction| + |target|};</li>
 *   <li>each final parameter element: {@code 2 · γ(K) · S} with S the largest absolute element of
 *       that tensor in either run.</li>
 * </ul>
 * A ReLU that switches on in one run and off in the other would break the model; the
 * comparison then reports a violation, which is worth investigating rather than widening.
 */
final class TrainingComparison {

    /**
     * Two runs and the outcome of every compared quantity.
     *
     * @param labels what the two runs are (for example the backends)
     * @param runs the two runs
     * @param losses one outcome per epoch
     * @param parameters one outcome per parameter tensor
     */
    record Result(List<String> labels, List<TrainingResult> runs, List<ContractOutcome> losses,
                  List<ContractOutcome> parameters) {

        /** @return the number of quantities outside their bound */
        int violations() {
            return losses.stream().mapToInt(ContractOutcome::violations).sum()
                    + parameters.stream().mapToInt(ContractOutcome::violations).sum();
        }
    }

    private final double boundScale;

    /** @param boundScale factor applied to every bound: 1 is the model described above */
    TrainingComparison(double boundScale) {
        this.boundScale = boundScale;
    }

    /**
     * Trains on SCALAR and on VECTOR and compares the runs.
     *
     * @param config the run's settings (its backend option is ignored)
     * @return both runs and their comparison
     * @throws UnsupportedOperationException when the VECTOR backend is unusable
     */
    Result run(TrainConfig config) {
        SyntheticData data = SyntheticData.generate(config.samples(), config.seed());
        TrainingResult scalar = Training.run(config, data, Backend.SCALAR);
        TrainingResult vector = Training.run(config, data, Backend.VECTOR);
        return compare("SCALAR", scalar, "VECTOR", vector, data.samples(), true);
    }

    /**
     * Compares two runs that compute the same mathematics from the same initial weights.
     *
     * @param firstLabel what the first run is
     * @param first the first run
     * @param secondLabel what the second run is
     * @param second the second run, with as many epochs and parameters
     * @param samples the data set's size n
     * @return the comparison, K counted with the larger micro-batch count of the two; a
     *         quantity breaks it when the runs differ by more than the bound
     */
    Result compare(String firstLabel, TrainingResult first, String secondLabel, TrainingResult second, int samples) {
        return compare(firstLabel, first, secondLabel, second, samples, false);
    }

    /** As {@link #compare(String, TrainingResult, String, TrainingResult, int)}; with {@code sameBits} any differing bit breaks it. */
    private Result compare(String firstLabel, TrainingResult first, String secondLabel, TrainingResult second,
                           int samples, boolean sameBits) {
        long termsPerEpoch = samples + 2L * Math.max(first.microBatches(), second.microBatches());
        List<ContractOutcome> losses = new ArrayList<>();
        for (int e = 0; e < first.epochs().size(); e++) {
            EpochStats a = first.epochs().get(e);
            EpochStats b = second.epochs().get(e);
            losses.add(compare("loss of epoch " + (e + 1), a.loss(), b.loss(), (e + 1) * termsPerEpoch,
                    Math.max(a.lossSensitivity(), b.lossSensitivity()), sameBits));
        }
        long k = first.epochs().size() * termsPerEpoch;
        List<ContractOutcome> parameters = new ArrayList<>();
        for (int p = 0; p < first.parameters().size(); p++) {
            TensorSnapshot a = first.parameters().get(p);
            TensorSnapshot b = second.parameters().get(p);
            double magnitude = Math.max(a.maxAbs(), b.maxAbs());
            ContractOutcome outcome = ContractOutcome.NONE;
            for (int i = 0; i < a.values().length; i++) {
                outcome = outcome.merge(compare(a.name() + "[" + i + "]", a.values()[i], b.values()[i], k, magnitude,
                        sameBits));
            }
            parameters.add(outcome);
        }
        return new Result(List.of(firstLabel, secondLabel), List.of(first, second), losses, parameters);
    }

    private ContractOutcome compare(String what, float first, float second, long k, double magnitude,
                                    boolean sameBits) {
        long ulps = Math.abs(ContractOutcome.ordered(first) - ContractOutcome.ordered(second));
        double absSum = 2 * magnitude * boundScale;
        boolean holds = ErrorBound.holds(second, first, k, absSum);
        double diff = Math.abs((double) second - first);
        double bound = ErrorBound.allowed(k, absSum);
        String violation = sameBits
                ? ulps == 0 ? null : String.format(Locale.ROOT, "%s: %s and %s, %d ulps apart", what, first, second, ulps)
                : holds ? null : String.format(Locale.ROOT, "%s: %s and %s, |diff| %.3g > bound %.3g (K = %d)",
                        what, first, second, diff, bound, k);
        ContractOutcome bounded = ContractOutcome.of(Double.isNaN(diff) ? (holds ? 0 : Double.POSITIVE_INFINITY) : diff,
                bound, violation);
        return new ContractOutcome(ulps, bounded.diff(), bounded.bound(), bounded.ratio(), bounded.violations(),
                violation);
    }

    /** @return the loss table (epoch, both losses, ulps and difference, bound, verdict) and the parameter table */
    static String render(Result result) {
        TextTable losses = new TextTable("epoch", "loss " + result.labels().get(0), "loss " + result.labels().get(1),
                "apart", "|diff|", "bound", "verdict").rightAligned(0, 1, 2, 3, 4, 5);
        for (int e = 0; e < result.losses().size(); e++) {
            ContractOutcome o = result.losses().get(e);
            losses.row(e + 1, result.runs().get(0).epochs().get(e).loss(), result.runs().get(1).epochs().get(e).loss(),
                    o.ulps() + " ulp", Numbers.compact(o.diff(), 3), Numbers.compact(o.bound(), 3), o.verdict());
        }
        TextTable parameters = new TextTable("parameter", "shape", "apart", "max |diff|", "bound", "verdict")
                .rightAligned(2, 3, 4);
        for (int p = 0; p < result.parameters().size(); p++) {
            ContractOutcome o = result.parameters().get(p);
            TensorSnapshot s = result.runs().get(0).parameters().get(p);
            parameters.row(s.name(), Numbers.shape(s.shape()), o.ulps() + " ulp", Numbers.compact(o.diff(), 3),
                    Numbers.compact(o.bound(), 3), o.verdict());
        }
        return losses.render("  ") + "\n" + parameters.render("  ");
    }
}
