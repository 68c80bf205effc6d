package io.github.panagrad.contract;

import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;
import static org.junit.jupiter.api.Assertions.fail;

import io.github.panagrad.contract.KernelEntry.Constraint;
import io.github.panagrad.contract.KernelEntry.Overlap;
import io.github.panagrad.contract.Parameter.Count;
import io.github.panagrad.contract.Parameter.Operand;
import io.github.panagrad.contract.Parameter.Scalar;
import io.github.panagrad.kernel.Kernels;

import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Random;
import java.util.regex.Pattern;

/**
 * Invalid calls derived from a valid one by the rules the catalogue states, each breaking
 * exactly one: a count below its minimum or too large for the arrays (or for an array at all),
 * a bad scalar, a violated constraint, a null array, a negative or too large offset, a short
 * array, a too small or overflowing leading dimension, an output overlapping an input. Each
 * comes with the text the facade's {@link IllegalArgumentException} must mention: the
 * argument's name and its value. The facade checks counts first, then scalars, then arrays in
 * parameter order, so the one broken rule is the one it reports.
 */
public final class InvalidCalls {

    /**
     * One invalid call.
     *
     * @param argument the parameter whose rule is broken
     * @param rule what was broken, for messages and tallies
     * @param call the invalid call
     * @param mentions texts the rejection's message must contain, each as whole words
     */
    public record InvalidCall(String argument, String rule, Call call, List<String> mentions) {
    }

    private InvalidCalls() {
    }

    /**
     * @param entry the kernel
     * @param valid a valid call of it
     * @param random the source of the random bad values (boundary values are always included)
     * @return every invalid call the rules give for {@code valid}
     */
    public static List<InvalidCall> of(KernelEntry entry, Call valid, Random random) {
        List<InvalidCall> calls = new ArrayList<>();
        for (Count count : entry.counts()) {
            counts(entry, valid, count, random, calls);
        }
        for (Scalar scalar : entry.scalars()) {
            for (Object bad : badValues(scalar, random)) {
                calls.add(new InvalidCall(scalar.name(), "bad " + scalar.name(), valid.with(scalar.name(), bad),
                        List.of(scalar.name() + " = " + bad)));
            }
        }
        for (Constraint constraint : entry.constraints()) {
            constraint(entry, valid, constraint, random, calls);
        }
        for (Operand operand : entry.operands()) {
            if (valid.a(operand.name()) != null && entry.used(operand, valid)) {
                arrays(valid, operand, random, calls);
            }
        }
        for (Overlap overlap : entry.overlaps()) {
            if (entry.applies(overlap, valid)) {
                overlaps(entry, valid, overlap, random, calls);
            }
        }
        return calls;
    }

    /**
     * Asserts that {@code kernels} rejects the call with an {@link IllegalArgumentException}
     * whose message mentions every expected text, and leaves every array as it was.
     *
     * @param kernels the backend
     * @param entry the kernel
     * @param invalid the invalid call
     * @param where what to say first when it fails (seed, replay)
     */
    public static void assertRejected(Kernels kernels, KernelEntry entry, InvalidCall invalid, String where) {
        String on = where + "\n  " + invalid.rule() + ": " + entry.name() + invalid.call() + " on " + kernels.backend()
                + ": ";
        Call before = invalid.call().copy();
        IllegalArgumentException e = assertThrows(IllegalArgumentException.class,
                () -> entry.invoke(kernels, invalid.call()), on + "no IllegalArgumentException");
        String message = String.valueOf(e.getMessage());
        for (String text : invalid.mentions()) {
            assertTrue(mentions(message, text), on + "the message '" + message + "' does not mention '" + text + "'");
        }
        for (Operand operand : entry.operands()) {
            float[] was = before.a(operand.name());
            float[] is = invalid.call().a(operand.name());
            for (int i = 0; is != null && i < is.length; i++) {
                if (Float.floatToRawIntBits(was[i]) != Float.floatToRawIntBits(is[i])) {
                    fail(on + operand.name() + "[" + i + "] changed from " + was[i] + " to " + is[i] + " by a rejected call");
                }
            }
        }
    }

    /**
     * @param message an exception's message
     * @param text a name, a value, or {@code name = value}
     * @return whether {@code text} appears in {@code message} as whole words (not inside a longer name or number)
     */
    public static boolean mentions(String message, String text) {
        return Pattern.compile("(?<![\\w.])" + Pattern.quote(text) + "(?!\\w)").matcher(message).find();
    }

    private static void counts(KernelEntry entry, Call valid, Count count, Random random, List<InvalidCall> calls) {
        int below = count.minimum() - 1;
        for (int value : new int[] {below, below - random.nextInt(Integer.MAX_VALUE - 1)}) {
            calls.add(new InvalidCall(count.name(), "count below its minimum", valid.with(count.name(), value),
                    List.of(count.name() + " = " + value)));
        }
        boolean othersPositive = entry.counts().stream().filter(c -> c != count).allMatch(c -> valid.i(c.name()) > 0);
        if (othersPositive) {
            for (int value : new int[] {1 << 20, Integer.MAX_VALUE - random.nextInt(3)}) {
                Call huge = valid.with(count.name(), value);
                calls.add(new InvalidCall(count.name(), "count too large for the arrays", huge,
                        List.of(firstTooShort(entry, valid, huge, count.name()))));
            }
        }
        for (Operand operand : entry.operands()) {
            List<String> factors = operand.lengthCounts();
            if (factors.size() == 2 && factors.get(0).equals(count.name())) {
                Call product = valid.with(factors.get(0), 65536).with(factors.get(1), 65536);
                calls.add(new InvalidCall(count.name(), "element count beyond an array", product,
                        List.of(factors.get(0) + " * " + factors.get(1) + " = 65536 * 65536")));
                return;
            }
        }
    }

    /**
     * What the rejection of a call whose count became too large names: the size of the first
     * window that involves the count (a matrix's row or column count, a vector's length, or the
     * product of a vector's counts when that exceeds an array).
     */
    private static String firstTooShort(KernelEntry entry, Call valid, Call huge, String count) {
        for (Operand operand : entry.operands()) {
            if (!entry.used(operand, valid)) {
                continue;
            }
            if (operand.matrix()) {
                if (operand.rows().applyAsInt(huge) != operand.rows().applyAsInt(valid)
                        || operand.cols().applyAsInt(huge) != operand.cols().applyAsInt(valid)) {
                    return String.valueOf(huge.i(count));
                }
            } else if (operand.lengthCounts().contains(count)) {
                long product = 1;
                for (String factor : operand.lengthCounts()) {
                    product *= huge.i(factor);
                }
                if (product > Integer.MAX_VALUE) {
                    List<String> factors = operand.lengthCounts();
                    return factors.get(0) + " * " + factors.get(1) + " = " + huge.i(factors.get(0)) + " * "
                            + huge.i(factors.get(1));
                }
                return String.valueOf(product);
            }
        }
        throw new IllegalStateException(entry + ": no window involves " + count);
    }

    private static List<Object> badValues(Scalar scalar, Random random) {
        switch (scalar.rule()) {
            case FINITE_NON_NEGATIVE:
                return List.of(Float.NaN, -1f, -(1e-4f + random.nextFloat()), Float.POSITIVE_INFINITY);
            case UNIT_INTERVAL:
                return List.of(Float.NaN, 1f, 1f + random.nextFloat(), -(1e-3f + random.nextFloat()),
                        Float.POSITIVE_INFINITY);
            case POSITIVE_INT:
                return List.of(0, -3, -1 - random.nextInt(Integer.MAX_VALUE));
            default:
                return List.of();
        }
    }

    /**
     * Every combination of the alternatives of the scalars the constraint involves that breaks
     * it (for Nesterov momentum: without momentum, with dampening, or both); the message must
     * name each of their values.
     */
    private static void constraint(KernelEntry entry, Call valid, Constraint constraint, Random random,
                                   List<InvalidCall> calls) {
        List<Scalar> involved = constraint.parameters().stream()
                .map(name -> entry.scalars().stream().filter(s -> s.name().equals(name)).findFirst().orElseThrow())
                .toList();
        int combinations = 1;
        for (Scalar scalar : involved) {
            combinations *= scalar.draw().alternatives().size();
        }
        int broken = 0;
        for (int combination = 0; combination < combinations; combination++) {
            Call call = valid;
            int rest = combination;
            for (Scalar scalar : involved) {
                List<Draw.Alternative> alternatives = scalar.draw().alternatives();
                call = call.with(scalar.name(), alternatives.get(rest % alternatives.size()).value().apply(random));
                rest /= alternatives.size();
            }
            if (!constraint.holds().test(call)) {
                Call invalid = call;
                calls.add(new InvalidCall(constraint.parameters().get(0), "constraint broken", invalid,
                        constraint.parameters().stream().map(p -> p + " = " + invalid.get(p)).toList()));
                broken++;
            }
        }
        if (broken == 0) {
            throw new IllegalStateException(entry + ": no alternatives break the constraint on " + constraint.parameters());
        }
    }

    private static void arrays(Call valid, Operand operand, Random random, List<InvalidCall> calls) {
        String name = operand.name();
        String off = operand.offsetName();
        Window window = operand.window(valid);
        float[] array = valid.a(name);
        calls.add(new InvalidCall(name, "null array", valid.with(name, null), List.of(name + " must not be null")));
        long pastEnd = array.length - window.extent() + 1;
        for (long value : new long[] {-1, Integer.MIN_VALUE + random.nextInt(100),
            pastEnd + (random.nextBoolean() ? random.nextInt(8) : random.nextInt(Integer.MAX_VALUE)), Integer.MAX_VALUE - 1}) {
            int bad = (int) Math.min(value, Integer.MAX_VALUE);
            calls.add(new InvalidCall(off, bad < 0 ? "negative offset" : "offset past the end", valid.with(off, bad),
                    List.of(off + " = " + bad)));
        }
        if (window.end() >= 1) {
            for (int length : new int[] {window.end() - 1, random.nextInt(window.end())}) {
                calls.add(new InvalidCall(name, "array too short", valid.with(name, Arrays.copyOf(array, length)),
                        List.of(name + ".length = " + length)));
            }
        }
        if (operand.matrix()) {
            String ld = operand.leadingDimensionName();
            List<Integer> bad = new ArrayList<>(List.of(Math.max(1, window.cols()) - 1 - random.nextInt(2), -1));
            if (window.rows() >= 2 && window.cols() >= 1) {
                bad.add(Integer.MAX_VALUE); // (rows - 1)·ld overflows int
            }
            for (int value : bad) {
                calls.add(new InvalidCall(ld, "bad leading dimension", valid.with(ld, value), List.of(ld + " = " + value)));
            }
        }
    }

    /**
     * The output and the input moved into one new array of random bits, their windows
     * overlapping partly or, where in-place use is not allowed, exactly.
     */
    private static void overlaps(KernelEntry entry, Call valid, Overlap overlap, Random random, List<InvalidCall> calls) {
        long outExtent = entry.operand(overlap.output()).window(valid).extent();
        long inExtent = entry.operand(overlap.input()).window(valid).extent();
        if (outExtent == 0 || inExtent == 0 || overlap.exactAllowed() && outExtent == 1 && inExtent == 1) {
            return;
        }
        List<Integer> shifts = new ArrayList<>();
        int shift;
        do {
            shift = (int) (random.nextInt((int) (outExtent + inExtent - 1)) - (outExtent - 1));
        } while (shift == 0 && overlap.exactAllowed());
        shifts.add(shift);
        if (!overlap.exactAllowed()) {
            shifts.add(0);
        }
        for (int delta : shifts) {
            int inOff = (int) outExtent + random.nextInt(4);
            int outOff = inOff + delta;
            float[] shared = new float[(int) Math.max(inOff + inExtent, outOff + outExtent) + random.nextInt(4)];
            for (int i = 0; i < shared.length; i++) {
                shared[i] = Float.intBitsToFloat(random.nextInt());
            }
            Call call = valid.with(overlap.input(), shared).with(overlap.input() + "Off", inOff)
                    .with(overlap.output(), shared).with(overlap.output() + "Off", outOff);
            calls.add(new InvalidCall(overlap.output(), delta == 0 ? "exact overlap" : "partial overlap", call,
                    List.of(overlap.output() + " overlaps " + overlap.input())));
        }
    }
}
