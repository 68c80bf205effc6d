package io.github.panagrad.contract;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.github.panagrad.contract.ContractCheck.Run;
import io.github.panagrad.kernel.Backend;
import io.github.panagrad.kernel.Kernels;

import java.util.List;
import java.util.Random;
import org.junit.jupiter.api.Test;

/**
 * The checker catches what it is there to catch: a write outside the output window, a changed
 * input, one flipped bit between backends (the sign of a zero too), a result that differs from
 * the formula, a reduction outside its bound, a valid call that throws; and it lets pass a
 * reduction's result that is within its bound (while still counting the ulps between backends).
 */
class ContractCheckTest {

    private static final Kernels SCALAR = Kernels.of(Backend.SCALAR);
    private static final KernelEntry RELU = KernelCatalogue.entry("relu");
    private static final KernelEntry SUM = KernelCatalogue.entry("sum");

    /** {@code relu} of {@code x = [1, 2, 3]} at offset 2 into a separate y at offset 4. */
    private static ContractCheck relu() {
        Call call = RELU.generate(new Random(1), 0, Values.REGULAR, Variant.ANY.with("n", 3).with("xOff", 2).with("yOff", 4));
        for (int i = 0; i < 3; i++) {
            call.set("x", i, i + 1f);
        }
        return new ContractCheck(RELU, call, Values.REGULAR);
    }

    /** {@code sum} of {@code [1, 2^-24, 2^-24]}: the float sum is 1, the exact one 1 + 2^-23. */
    private static ContractCheck sum(double boundScale) {
        Call call = SUM.generate(new Random(2), 0, Values.REGULAR, Variant.ANY.with("n", 3));
        call.set("x", 0, 1f);
        call.set("x", 1, 0x1p-24f);
        call.set("x", 2, 0x1p-24f);
        return new ContractCheck(SUM, call, true, boundScale);
    }

    @Test
    void aCorrectRunPassesEveryCheck() {
        ContractOutcome outcome = relu().check(List.of(SCALAR, SCALAR));
        assertTrue(outcome.holds(), outcome.firstViolation());
        assertEquals(0, outcome.ulps());
    }

    @Test
    void aWriteOutsideTheWindowAndAChangedInputAreReported() {
        ContractCheck check = relu();
        Run stray = check.run(SCALAR);
        stray.call().a("y")[3] = 0f;
        ContractOutcome outside = check.strayWrites(stray);
        assertEquals(1, outside.violations());
        assertTrue(outside.firstViolation().contains("y[3] outside every written window"), outside.firstViolation());
        Run changed = check.run(SCALAR);
        changed.call().set("x", 0, -1f);
        ContractOutcome input = check.strayWrites(changed);
        assertEquals(1, input.violations());
        assertTrue(input.firstViolation().contains("x[2], element 0 of the window"), input.firstViolation());
    }

    @Test
    void aFlippedBitAndTheSignOfAZeroAreReportedWithTheirUlps() {
        ContractCheck check = relu();
        Run expected = check.run(SCALAR);
        Run flipped = check.run(SCALAR);
        flipped.call().set("y", 2, Math.nextUp(3f));
        ContractOutcome bits = check.sameBits(expected, flipped);
        assertEquals(1, bits.violations());
        assertEquals(1, bits.ulps());
        assertTrue(bits.firstViolation().contains("SCALAR gives 3.0 (0x40400000), SCALAR gives 3.0000002 (0x40400001)"),
                bits.firstViolation());
        Run zero = check.run(SCALAR);
        zero.call().set("y", 0, -0f);
        expected.call().set("y", 0, 0f);
        assertFalse(check.sameBits(expected, zero).holds(), "-0 and +0 differ in bits");
    }

    @Test
    void aResultOtherThanTheFormulaIsReported() {
        ContractCheck check = relu();
        Run run = check.run(SCALAR);
        assertTrue(check.formula(run).holds());
        run.call().set("y", 1, 2.5f);
        ContractOutcome formula = check.formula(run);
        assertEquals(1, formula.violations());
        assertTrue(formula.firstViolation().contains("the javadoc formula gives 2.0"), formula.firstViolation());
    }

    @Test
    void aReductionWithinItsBoundPassesAndOneOutsideItFails() {
        ContractCheck contract = sum(1.0);
        Run run = contract.run(SCALAR);
        assertEquals(1f, run.value());
        ContractOutcome bound = contract.bounds(run);
        assertTrue(bound.holds(), bound.firstViolation());
        assertEquals(0x1p-23, bound.diff());
        assertTrue(bound.ratio() > 0 && bound.ratio() <= 1, "error / bound = " + bound.ratio());
        Run apart = new Run(SCALAR, run.call(), Math.nextUp(run.value()), null);
        ContractOutcome bits = contract.sameBits(run, apart);
        assertEquals(1, bits.violations(), "one ulp apart breaks the bits even within the bound");
        assertEquals(1, bits.ulps());
        ContractOutcome zeroBound = sum(0.0).bounds(run);
        assertEquals(1, zeroBound.violations());
        assertTrue(zeroBound.firstViolation().contains("exceeds γ(3)"), zeroBound.firstViolation());
    }

    @Test
    void aValidCallThatThrowsIsAViolation() {
        ContractCheck check = relu();
        Run threw = new Run(SCALAR, check.run(SCALAR).call(), Float.NaN, new IllegalStateException("boom"));
        ContractOutcome outcome = check.checkRuns(List.of(threw));
        assertEquals(1, outcome.violations());
        assertTrue(outcome.firstViolation().contains("a valid call threw java.lang.IllegalStateException: boom"),
                outcome.firstViolation());
    }
}
