package io.github.panagrad.cli;

import io.github.panagrad.contract.KernelCatalogue;
import io.github.panagrad.contract.KernelEntry;
import io.github.panagrad.kernel.Backend;
import io.github.panagrad.kernel.Kernels;
import java.io.PrintStream;
import java.util.List;
import java.util.stream.Collectors;

/**
 * {@code compare}: checks the numerical contract between the two backends in this JVM.
 * First every kernel of the catalogue in every variant, on regular and special inputs, at every
 * size of {@link KernelComparison#SIZES} ({@link KernelComparison}), then the seed model trained on
 * both backends ({@link TrainingComparison}). Exit code {@link ExitCode#CONTRACT_VIOLATION}
 * when any result differs in a bit between the backends or is outside its bound, {@link ExitCode#VECTOR_UNAVAILABLE} when the VECTOR
 * backend cannot run here, else {@link ExitCode#OK}.
 *
 * <p>It compares the implementations themselves, so it turns the vector backend's warm-up off
 * ({@code panagrad.warmup=off}, before the backend loads): with it on, the calls of a kernel
 * family not yet compiled would run on the scalar code, and compare would compare the scalar
 * code with itself. Where the backend was loaded before, with the warm-up on, it says so.
 */
final class CompareCommand extends Command {

    private final double boundScale;

    /**
     * @param boundScale factor applied to every reduction and training bound; the contract is 1,
     *                   other values exist to test that the checks can fail
     */
    CompareCommand(double boundScale) {
        super("compare", "run every kernel and the seed model on both backends and check the numerical contract",
                List.of(new Option("seed", "N", "1", "seed of the kernels' random inputs")));
        this.boundScale = boundScale;
    }

    /** @return the command checking the contract's own bounds */
    static CompareCommand withContractBound() {
        return new CompareCommand(1.0);
    }

    @Override
    int run(Options options, PrintStream out, PrintStream err) throws UsageException {
        long seed = options.longInteger("seed");
        System.setProperty("panagrad.warmup", "off");
        if (!Kernels.vectorAvailable()) {
            return ExitCode.vectorUnavailable(err, name());
        }
        Kernels scalar = Kernels.of(Backend.SCALAR);
        Kernels vector = Kernels.of(Backend.VECTOR);
        out.println("panagrad compare: " + scalar + " vs " + vector + ", input seed " + seed);
        if (!Kernels.warmupStatus().startsWith("off")) {
            out.println("Note: the vector backend was loaded with its warm-up on (" + Kernels.warmupStatus() + "): calls of");
            out.println("a family not yet ready run on the scalar code. For a comparison of the vector code itself, run");
            out.println("compare in a JVM of its own, as the command line does.");
        }
        out.println();
        out.println("Kernels. Every kernel must give the same bits on both backends (ulps apart; NaN payloads not");
        out.println("compared). Reductions must also stay within their γ(k) bound on both: |computed - exact| <=");
        out.println("γ(k)·Σ|terms|, exact in double; max error and bound are those of the result closest to its bound,");
        out.println("used = error / bound. Every case also checks that no input and no cell outside the output changed,");
        out.println("and elementwise kernels against the formula of their javadoc.");
        out.println("The k of each reduction's bound: " + KernelCatalogue.all().stream().filter(KernelEntry::bounded)
                .map(e -> e.name() + " " + e.boundK()).collect(Collectors.joining(", ")) + ".");
        List<KernelComparison.Row> rows = new KernelComparison(scalar, vector, boundScale).run(seed);
        out.print(KernelComparison.render(rows));
        out.println();
        TrainConfig config = TrainConfig.defaults();
        out.println("Training: the seed model with train's defaults (" + config.samples() + " samples, "
                + config.epochs() + " epochs, seed " + config.seed() + ") on both backends, same initial weights:");
        out.println("every epoch's loss and every final parameter must have the same bits. The bound shown is a");
        out.println("first-order model of how far runs with different roundings may drift apart: each step sums at");
        out.println("most n + 2 rounded terms per output, so after e epochs a run is within γ(K)·S of exact arithmetic,");
        out.println("K = e·(n + 2·micro-batches); for a loss S = mean 2·|prediction - target|·(|prediction| + |target|),");
        out.println("for a parameter S = the largest |element| of its tensor, and the bound is 2·γ(K)·S.");
        TrainingComparison.Result training = new TrainingComparison(boundScale).run(config);
        out.print(TrainingComparison.render(training));
        out.println();
        int cases = rows.stream().mapToInt(KernelComparison.Row::cases).sum();
        int violations = rows.stream().mapToInt(r -> r.outcome().violations()).sum() + training.violations();
        if (violations == 0) {
            out.println("Result: all " + cases + " kernel cases and " + (training.losses().size()
                    + training.parameters().size()) + " training quantities give identical bits on both backends"
                    + " and stay within their bounds.");
            return ExitCode.OK;
        }
        out.println("Result: " + violations + " result(s) outside the contract; the first of each kernel and size:");
        rows.stream().filter(r -> !r.outcome().holds())
                .forEach(r -> out.println("  " + r.kernel() + " size " + r.size() + ": " + r.outcome().firstViolation()));
        training.losses().stream().filter(o -> !o.holds()).forEach(o -> out.println("  " + o.firstViolation()));
        training.parameters().stream().filter(o -> !o.holds()).forEach(o -> out.println("  " + o.firstViolation()));
        return ExitCode.CONTRACT_VIOLATION;
    }
}
