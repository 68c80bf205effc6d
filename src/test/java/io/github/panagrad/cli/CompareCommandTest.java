package io.github.panagrad.cli;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.github.panagrad.contract.Call;
import io.github.panagrad.contract.ContractCheck;
import io.github.panagrad.contract.ContractOutcome;
import io.github.panagrad.contract.KernelCatalogue;
import io.github.panagrad.contract.KernelEntry;
import io.github.panagrad.contract.Values;
import io.github.panagrad.contract.Variant;
import io.github.panagrad.kernel.Backend;
import io.github.panagrad.kernel.Kernels;

import java.util.List;
import java.util.Random;
import java.util.Set;
import java.util.TreeSet;
import java.util.stream.Collectors;
import org.junit.jupiter.api.Test;

class CompareCommandTest {

    private static List<Kernels> backends() {
        assertTrue(Kernels.vectorAvailable(), "the tests run with the VECTOR backend: " + Kernels.vectorStatus());
        return List.of(Kernels.of(Backend.SCALAR), Kernels.of(Backend.VECTOR));
    }

    /** The rows of compare's kernel table: kernel, size, cases, ulps apart, then the bound's columns and the verdict. */
    private static List<String> kernelRows(String out) {
        return out.lines().filter(l -> l.matches("  [a-zA-Z]+ +\\d+ +\\d+ +\\d+ ulp .*")).collect(Collectors.toList());
    }

    @Test
    void compareExits0WhenBothBackendsKeepTheContract() {
        backends();
        CliRun run = CliRun.of("compare");
        assertEquals(ExitCode.OK, run.exitCode(), run.out() + run.err());
        assertTrue(run.out().startsWith("panagrad compare: SCALAR (scalar reference loops) vs VECTOR ("), run.out());
        List<String> rows = kernelRows(run.out());
        assertEquals(19L * KernelComparison.SIZES.length, rows.size(), run.out());
        Set<String> kernels = rows.stream().map(r -> r.trim().split(" +")[0]).collect(Collectors.toCollection(TreeSet::new));
        assertEquals(KernelCatalogue.all().stream().map(KernelEntry::name).collect(Collectors.toCollection(TreeSet::new)),
                kernels, "every kernel of the catalogue has its rows");
        assertTrue(rows.stream().allMatch(r -> r.matches(".* 0 ulp .* identical")), run.out());
        List<String> epochs = run.out().lines().filter(l -> l.matches(" +\\d+ +[0-9.]+ +[0-9.]+ +\\d+ ulp .*"))
                .collect(Collectors.toList());
        assertEquals(TrainConfig.defaults().epochs(), epochs.size(), run.out());
        assertTrue(epochs.stream().allMatch(r -> r.matches(".* 0 ulp +0 .* identical")), run.out());
        assertFalse(run.out().contains("VIOLATION"), run.out());
        assertTrue(run.out().contains("\nResult: all "), run.out());
    }

    @Test
    void compareExits1WhenTheBoundIsBroken() {
        backends();
        CliRun run = CliRun.with(List.of(new CompareCommand(0.0)), "compare");
        assertEquals(ExitCode.CONTRACT_VIOLATION, run.exitCode(), run.out() + run.err());
        List<String> rows = kernelRows(run.out());
        assertTrue(rows.stream().filter(r -> r.matches(".* 0 ulp +- +- .*")).allMatch(r -> r.endsWith("identical")),
                "a zero bound changes nothing for elementwise kernels:\n" + run.out());
        assertTrue(rows.stream().anyMatch(r -> r.contains("gemm") && r.contains("VIOLATION")), run.out());
        assertTrue(run.out().contains("\nResult: "), run.out());
        assertTrue(run.out().contains("result(s) outside the contract"), run.out());
    }

    /**
     * The checker is as tight as the bound: a bound half as large as the worst error the
     * kernels actually make must be reported as violated.
     */
    @Test
    void halvingTheBoundBelowTheWorstObservedErrorIsCaught() {
        List<Kernels> backends = backends();
        double worst = 0;
        for (KernelEntry entry : KernelCatalogue.all()) {
            for (Call call : boundedCalls(entry)) {
                ContractOutcome outcome = new ContractCheck(entry, call, true, 1.0).check(backends);
                assertTrue(outcome.holds(), outcome.firstViolation());
                worst = Math.max(worst, outcome.ratio());
            }
        }
        assertTrue(worst > 0 && worst <= 1, "worst error / bound = " + worst);
        double halved = worst / 2;
        boolean caught = false;
        for (KernelEntry entry : KernelCatalogue.all()) {
            for (Call call : boundedCalls(entry)) {
                caught |= !new ContractCheck(entry, call, true, halved).check(backends).holds();
            }
        }
        assertTrue(caught, "bound scaled by " + halved);
    }

    /** One call of a reduction per variant at size 33, on regular values (none for elementwise kernels). */
    private static List<Call> boundedCalls(KernelEntry entry) {
        if (!entry.bounded()) {
            return List.of();
        }
        return entry.variants().stream().map((Variant v) -> entry.generate(new Random(v.label().hashCode()), 33,
                Values.REGULAR, v)).toList();
    }
}
