package io.github.panagrad.cli;

import static io.github.panagrad.cli.KernelCase.OFFSET;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.github.panagrad.kernel.Backend;
import io.github.panagrad.kernel.Kernels;
import java.lang.reflect.Method;
import java.lang.reflect.Modifier;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Random;
import java.util.Set;
import java.util.TreeSet;
import java.util.stream.Collectors;
import org.junit.jupiter.api.Test;

class CompareCommandTest {

    private static final Kernels SCALAR = Kernels.of(Backend.SCALAR);

    private static Kernels vector() {
        assertTrue(Kernels.vectorAvailable(), "the tests run with the VECTOR backend: " + Kernels.vectorStatus());
        return Kernels.of(Backend.VECTOR);
    }

    private static List<KernelCase> casesAt(int size) {
        InputValues in = new InputValues(new Random(size));
        List<KernelCase> cases = new ArrayList<>(ElementwiseCases.cases(size, in));
        cases.addAll(ReductionCases.cases(size, in));
        return cases;
    }

    /** The rows of compare's kernel table: kernel, size, cases, ulps apart, then the bound's columns and the verdict. */
    private static List<String> kernelRows(String out) {
        return out.lines().filter(l -> l.matches("  [a-zA-Z]+ +\\d+ +\\d+ +\\d+ ulp .*")).collect(Collectors.toList());
    }

    @Test
    void compareCoversEveryKernelOfTheFacade() {
        Set<String> kernels = Arrays.stream(Kernels.class.getDeclaredMethods())
                .filter(m -> Modifier.isPublic(m.getModifiers()) && !Modifier.isStatic(m.getModifiers()))
                .map(Method::getName)
                .filter(name -> !Set.of("backend", "describe", "toString").contains(name))
                .collect(Collectors.toCollection(TreeSet::new));
        Set<String> covered = casesAt(7).stream().map(KernelCase::kernel).collect(Collectors.toCollection(TreeSet::new));
        assertEquals(kernels, covered);
        assertEquals(19, covered.size(), "kernels counted: " + covered);
    }

    @Test
    void compareExits0WhenBothBackendsKeepTheContract() {
        vector();
        CliRun run = CliRun.of("compare");
        assertEquals(ExitCode.OK, run.exitCode(), run.out() + run.err());
        assertTrue(run.out().startsWith("panagrad compare: SCALAR (scalar reference loops) vs VECTOR ("), run.out());
        List<String> rows = kernelRows(run.out());
        assertEquals(19L * KernelComparison.SIZES.length, rows.size(), run.out());
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
        vector();
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
        Kernels vector = vector();
        List<KernelCase> bounded = casesAt(33).stream().filter(KernelCase::bounded).collect(Collectors.toList());
        KernelComparison contract = new KernelComparison(SCALAR, vector, 1.0);
        double worst = 0;
        for (KernelCase kernelCase : bounded) {
            ContractOutcome outcome = contract.check(kernelCase);
            assertTrue(outcome.holds(), outcome.firstViolation());
            worst = Math.max(worst, outcome.ratio());
        }
        assertTrue(worst > 0 && worst <= 1, "worst error / bound = " + worst);
        KernelComparison halved = new KernelComparison(SCALAR, vector, worst / 2);
        assertTrue(bounded.stream().anyMatch(c -> !halved.check(c).holds()), "bound scaled by " + worst / 2);
    }

    @Test
    void aWriteOutsideTheWindowAnInputChangeAndAFlippedBitAreEachReported() {
        Kernels vector = vector();
        KernelComparison comparison = new KernelComparison(SCALAR, vector, 1.0);
        float[] values = {1f, 2f, 3f};
        ContractOutcome stray = comparison.check(KernelCase.of("relu").in(values).out(new float[3])
                .elementwise((k, a) -> a[1][OFFSET + 3] = 0f));
        assertEquals(1, stray.violations());
        assertTrue(stray.firstViolation().contains("SCALAR changed outside the window of array 1 at index 6"),
                stray.firstViolation());
        ContractOutcome input = comparison.check(KernelCase.of("relu").in(values).out(new float[3])
                .elementwise((k, a) -> a[0][OFFSET] = -1f));
        assertTrue(input.firstViolation().contains("changed input array 0 at index 3"), input.firstViolation());
        ContractOutcome flipped = comparison.check(KernelCase.of("relu").in(values).out(new float[3])
                .elementwise((k, a) -> {
                    k.relu(3, a[0], OFFSET, a[1], OFFSET);
                    if (k.backend() == Backend.VECTOR) {
                        a[1][OFFSET + 2] = Math.nextUp(a[1][OFFSET + 2]);
                    }
                }));
        assertEquals(1, flipped.violations());
        assertEquals(1, flipped.ulps(), "one ulp");
        assertTrue(flipped.firstViolation().contains("SCALAR 3.0, VECTOR 3.0000002 (1 ulps apart)"),
                flipped.firstViolation());
        ContractOutcome signOfZero = comparison.check(KernelCase.of("relu").in(values).out(new float[1])
                .elementwise((k, a) -> a[1][OFFSET] = k.backend() == Backend.VECTOR ? -0f : 0f));
        assertFalse(signOfZero.holds(), "-0 and +0 differ in bits");
        float[] terms = {1f, 0x1p-24f, 0x1p-24f};
        ContractOutcome sum = comparison.check(KernelCase.of("sum").in(terms).out(new float[1])
                .bounded((k, a) -> {
                    a[1][OFFSET] = k.sum(3, a[0], OFFSET);
                    if (k.backend() == Backend.VECTOR) {
                        a[1][OFFSET] = Math.nextUp(a[1][OFFSET]);
                    }
                }, a -> new KernelCase.Expected(1, new double[] {1 + 0x1p-23}, new double[] {1 + 0x1p-23}, 3)));
        assertEquals(1, sum.violations(), "a reduction one ulp apart on the two backends, both within the bound");
        assertEquals(1, sum.ulps());
        assertTrue(sum.ratio() <= 1, "the bound holds on both: " + sum);
    }
}
