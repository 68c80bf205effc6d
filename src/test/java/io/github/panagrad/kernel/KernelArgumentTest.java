package io.github.panagrad.kernel;

import static org.junit.jupiter.api.Assertions.assertDoesNotThrow;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;
import static org.junit.jupiter.api.Assertions.fail;
import static org.junit.jupiter.api.DynamicContainer.dynamicContainer;
import static org.junit.jupiter.api.DynamicTest.dynamicTest;

import java.util.ArrayList;
import java.util.Arrays;
import java.util.IdentityHashMap;
import java.util.List;
import java.util.Map;
import java.util.Random;
import java.util.regex.Pattern;
import java.util.stream.Stream;
import org.junit.jupiter.api.DynamicContainer;
import org.junit.jupiter.api.DynamicNode;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestFactory;

/**
 * The facade's guards: every bad argument of every kernel (negative or overflowing
 * counts, null arrays, negative offsets, offsets whose sum with the count overflows int,
 * short arrays, too-small or overflowing leading dimensions, overlapping windows, invalid
 * hyper-parameters) throws {@link IllegalArgumentException} whose message names the
 * argument and its value, and leaves every array exactly as it was.
 *
 * <p>Each kernel is described once by a valid call (its signature with argument kinds);
 * the bad calls are derived from it one argument at a time, so every argument of every
 * kernel is covered. The valid call itself must succeed, which keeps the derived cases honest.
 */
class KernelArgumentTest {

    /** What an argument is, which decides how it can be made invalid. */
    private enum Kind { COUNT, POSITIVE_COUNT, ARRAY, OFFSET, LEADING_DIMENSION, FREE, NON_NEGATIVE, UNIT, STEP }

    /**
     * One argument of a call: name, kind and value; for arrays also the extent their window
     * needs, for leading dimensions the smallest valid value.
     */
    private record Arg(String name, Kind kind, Object value, long extent, int minimum) {
        Arg with(Object newValue) {
            return new Arg(name, kind, newValue, extent, minimum);
        }
    }

    /** Calls a kernel with positional arguments. */
    @FunctionalInterface
    private interface Invoker {
        void call(Kernels kernels, Object[] args);
    }

    /** A pair of windows that must not share elements, except exactly where allowed: out is written, in is read. */
    private record Overlap(String out, String in, boolean exactAllowed) {
    }

    /** A valid call of one kernel, from which the invalid ones are derived. */
    private static final class Signature {
        final String kernel;
        final Invoker invoker;
        final List<Arg> args = new ArrayList<>();
        final List<Overlap> overlaps = new ArrayList<>();
        private final Random random;

        Signature(String kernel, Invoker invoker) {
            this.kernel = kernel;
            this.invoker = invoker;
            this.random = new Random(Inputs.seed("arguments", kernel));
        }

        Signature arg(String name, Kind kind, Object value) {
            args.add(new Arg(name, kind, value, 0, 0));
            return this;
        }

        /** An array with its offset, holding exactly {@code off + n} elements. */
        Signature vector(String name, int off, int n) {
            return matrix(name, off, 1, n, n, false);
        }

        /** An array, its offset and its leading dimension, holding exactly {@code off + extent} elements. */
        Signature matrix(String name, int off, int rows, int cols, int ld) {
            return matrix(name, off, rows, cols, ld, true);
        }

        private Signature matrix(String name, int off, int rows, int cols, int ld, boolean withLeadingDimension) {
            long extent = (long) (rows - 1) * ld + cols;
            float[] array = new float[Math.toIntExact(off + extent)];
            for (int i = 0; i < array.length; i++) {
                array[i] = Inputs.REGULAR.next(random);
            }
            args.add(new Arg(name, Kind.ARRAY, array, extent, 0));
            args.add(new Arg(name + "Off", Kind.OFFSET, off, 0, 0));
            if (withLeadingDimension) {
                args.add(new Arg("ld" + name, Kind.LEADING_DIMENSION, ld, 0, Math.max(1, cols)));
            }
            return this;
        }

        Signature overlap(String out, String in, boolean exactAllowed) {
            overlaps.add(new Overlap(out, in, exactAllowed));
            return this;
        }

        int index(String name) {
            for (int i = 0; i < args.size(); i++) {
                if (args.get(i).name().equals(name)) {
                    return i;
                }
            }
            throw new IllegalStateException(kernel + " has no argument " + name);
        }

        Object[] values(List<Arg> list) {
            return list.stream().map(a -> a.value()).toArray();
        }
    }

    /** One derived call and the words its rejection message must contain. */
    private record Case(String title, List<Arg> args, List<String> expectedInMessage) {
    }

    private static List<Signature> signatures() {
        List<Signature> all = new ArrayList<>();
        all.add(new Signature("relu", (k, v) -> k.relu((int) v[0], (float[]) v[1], (int) v[2], (float[]) v[3], (int) v[4]))
                .arg("n", Kind.COUNT, 5).vector("x", 1, 5).vector("y", 2, 5)
                .overlap("y", "x", true));
        all.add(new Signature("reluBackward", (k, v) -> k.reluBackward((int) v[0], (float[]) v[1], (int) v[2],
                (float[]) v[3], (int) v[4], (float[]) v[5], (int) v[6]))
                .arg("n", Kind.COUNT, 5).vector("x", 1, 5).vector("dy", 0, 5).vector("dx", 2, 5)
                .overlap("dx", "x", true).overlap("dx", "dy", true));
        all.add(new Signature("axpy", (k, v) -> k.axpy((int) v[0], (float) v[1], (float[]) v[2], (int) v[3],
                (float[]) v[4], (int) v[5]))
                .arg("n", Kind.COUNT, 5).arg("alpha", Kind.FREE, 2f).vector("x", 1, 5).vector("y", 2, 5)
                .overlap("y", "x", true));
        all.add(binary("add", (k, v) -> k.add((int) v[0], (float[]) v[1], (int) v[2], (float[]) v[3], (int) v[4],
                (float[]) v[5], (int) v[6])));
        all.add(binary("sub", (k, v) -> k.sub((int) v[0], (float[]) v[1], (int) v[2], (float[]) v[3], (int) v[4],
                (float[]) v[5], (int) v[6])));
        all.add(binary("mul", (k, v) -> k.mul((int) v[0], (float[]) v[1], (int) v[2], (float[]) v[3], (int) v[4],
                (float[]) v[5], (int) v[6])));
        all.add(new Signature("scale", (k, v) -> k.scale((int) v[0], (float) v[1], (float[]) v[2], (int) v[3],
                (float[]) v[4], (int) v[5]))
                .arg("n", Kind.COUNT, 5).arg("alpha", Kind.FREE, 2f).vector("x", 1, 5).vector("y", 2, 5)
                .overlap("y", "x", true));
        all.add(new Signature("addScalar", (k, v) -> k.addScalar((int) v[0], (float) v[1], (float[]) v[2], (int) v[3],
                (float[]) v[4], (int) v[5]))
                .arg("n", Kind.COUNT, 5).arg("c", Kind.FREE, 2f).vector("x", 1, 5).vector("y", 2, 5)
                .overlap("y", "x", true));
        all.add(binary("mulAdd", (k, v) -> k.mulAdd((int) v[0], (float[]) v[1], (int) v[2], (float[]) v[3], (int) v[4],
                (float[]) v[5], (int) v[6])));
        all.add(new Signature("transpose", (k, v) -> k.transpose((int) v[0], (int) v[1], (float[]) v[2], (int) v[3],
                (float[]) v[4], (int) v[5]))
                .arg("m", Kind.COUNT, 3).arg("n", Kind.COUNT, 4).vector("x", 1, 12).vector("y", 2, 12)
                .overlap("y", "x", false));
        all.add(new Signature("addRowVector", (k, v) -> k.addRowVector((int) v[0], (int) v[1], (float[]) v[2],
                (int) v[3], (float[]) v[4], (int) v[5], (float[]) v[6], (int) v[7]))
                .arg("m", Kind.COUNT, 3).arg("n", Kind.COUNT, 4).vector("x", 1, 12).vector("v", 2, 4).vector("y", 1, 12)
                .overlap("y", "x", true).overlap("y", "v", false));
        all.add(new Signature("columnSums", (k, v) -> k.columnSums((int) v[0], (int) v[1], (float[]) v[2], (int) v[3],
                (float) v[4], (float[]) v[5], (int) v[6]))
                .arg("m", Kind.COUNT, 3).arg("n", Kind.COUNT, 4).vector("x", 1, 12).arg("beta", Kind.FREE, 1f)
                .vector("y", 2, 4)
                .overlap("y", "x", false));
        all.add(new Signature("sum", (k, v) -> k.sum((int) v[0], (float[]) v[1], (int) v[2]))
                .arg("n", Kind.COUNT, 5).vector("x", 3, 5));
        all.add(new Signature("dot", (k, v) -> k.dot((int) v[0], (float[]) v[1], (int) v[2], (float[]) v[3], (int) v[4]))
                .arg("n", Kind.COUNT, 5).vector("x", 3, 5).vector("y", 1, 5));
        all.add(new Signature("mse", (k, v) -> k.mse((int) v[0], (float[]) v[1], (int) v[2], (float[]) v[3], (int) v[4]))
                .arg("n", Kind.POSITIVE_COUNT, 5).vector("p", 3, 5).vector("t", 1, 5));
        all.add(new Signature("mseBackward", (k, v) -> k.mseBackward((int) v[0], (float) v[1], (float[]) v[2],
                (int) v[3], (float[]) v[4], (int) v[5], (float[]) v[6], (int) v[7]))
                .arg("n", Kind.POSITIVE_COUNT, 5).arg("gradOut", Kind.FREE, 1f).vector("p", 3, 5).vector("t", 1, 5)
                .vector("dp", 2, 5)
                .overlap("dp", "p", true).overlap("dp", "t", true));
        all.add(new Signature("sgdStep", (k, v) -> k.sgdStep((int) v[0], (float) v[1], (float) v[2], (float) v[3],
                (float) v[4], (boolean) v[5], (boolean) v[6], (float[]) v[7], (int) v[8], (float[]) v[9], (int) v[10],
                (float[]) v[11], (int) v[12]))
                .arg("n", Kind.COUNT, 5).arg("lr", Kind.NON_NEGATIVE, 0.1f).arg("momentum", Kind.NON_NEGATIVE, 0.9f)
                .arg("dampening", Kind.NON_NEGATIVE, 0.1f).arg("weightDecay", Kind.NON_NEGATIVE, 0.01f)
                .arg("nesterov", Kind.FREE, false).arg("firstStep", Kind.FREE, false)
                .vector("p", 1, 5).vector("g", 2, 5).vector("buf", 3, 5)
                .overlap("p", "g", false).overlap("buf", "p", false).overlap("buf", "g", false));
        all.add(new Signature("adamStep", (k, v) -> k.adamStep((int) v[0], (float) v[1], (float) v[2], (float) v[3],
                (float) v[4], (float) v[5], (int) v[6], (float[]) v[7], (int) v[8], (float[]) v[9], (int) v[10],
                (float[]) v[11], (int) v[12], (float[]) v[13], (int) v[14]))
                .arg("n", Kind.COUNT, 5).arg("lr", Kind.NON_NEGATIVE, 1e-3f).arg("beta1", Kind.UNIT, 0.9f)
                .arg("beta2", Kind.UNIT, 0.999f).arg("eps", Kind.NON_NEGATIVE, 1e-8f)
                .arg("weightDecay", Kind.NON_NEGATIVE, 0f).arg("step", Kind.STEP, 3)
                .vector("p", 1, 5).vector("g", 2, 5).vector("m", 3, 5).vector("v", 0, 5)
                .overlap("p", "g", false).overlap("m", "p", false).overlap("m", "g", false)
                .overlap("v", "p", false).overlap("v", "g", false).overlap("v", "m", false));
        all.add(gemm(false, true));
        all.add(gemm(true, false));
        return all;
    }

    private static Signature binary(String name, Invoker invoker) {
        return new Signature(name, invoker)
                .arg("n", Kind.COUNT, 5).vector("a", 1, 5).vector("b", 0, 5).vector("y", 2, 5)
                .overlap("y", "a", true).overlap("y", "b", true);
    }

    private static Signature gemm(boolean transA, boolean transB) {
        int m = 3;
        int n = 4;
        int k = 5;
        int aCols = transA ? m : k;
        int bCols = transB ? k : n;
        return new Signature("gemm(transA = " + transA + ", transB = " + transB + ")", (kernels, v) -> kernels.gemm(
                (boolean) v[0], (boolean) v[1], (int) v[2], (int) v[3], (int) v[4], (float) v[5],
                (float[]) v[6], (int) v[7], (int) v[8], (float[]) v[9], (int) v[10], (int) v[11],
                (float) v[12], (float[]) v[13], (int) v[14], (int) v[15]))
                .arg("transA", Kind.FREE, transA).arg("transB", Kind.FREE, transB)
                .arg("m", Kind.COUNT, m).arg("n", Kind.COUNT, n).arg("k", Kind.COUNT, k).arg("alpha", Kind.FREE, 1f)
                .matrix("a", 1, transA ? k : m, aCols, aCols + 1)
                .matrix("b", 2, transB ? n : k, bCols, bCols + 2)
                .arg("beta", Kind.FREE, 0.5f)
                .matrix("c", 3, m, n, n + 1)
                .overlap("c", "a", false).overlap("c", "b", false);
    }

    @TestFactory
    Stream<DynamicContainer> badArgumentsAreRejectedWithoutSideEffects() {
        return signatures().stream().map(signature -> {
            Stream<DynamicNode> valid = Stream.concat(Stream.of(accepted(signature, "the valid call", signature.args)),
                    signature.overlaps.stream().filter(o -> o.exactAllowed()).map(o -> {
                        Case inPlace = overlapping(signature, o, 0);
                        return accepted(signature, inPlace.title() + " (exact in-place use)", inPlace.args());
                    }));
            Stream<DynamicNode> invalid = cases(signature).stream().map(c ->
                    dynamicTest(signature.kernel + ": " + c.title(), () -> {
                        for (Kernels kernels : Backends.all()) {
                            assertRejected(kernels, signature, c);
                        }
                    }));
            return dynamicContainer(signature.kernel, Stream.concat(valid, invalid));
        });
    }

    private static DynamicNode accepted(Signature signature, String title, List<Arg> args) {
        return dynamicTest(signature.kernel + ": " + title + " is accepted", () -> {
            for (Kernels kernels : Backends.all()) {
                Object[] values = copyArrays(signature.values(args));
                assertDoesNotThrow(() -> signature.invoker.call(kernels, values), kernels + " " + signature.kernel);
            }
        });
    }

    /** Every invalid variant of a signature, one argument (or one pair of windows) at a time. */
    private static List<Case> cases(Signature s) {
        List<Case> cases = new ArrayList<>();
        for (int i = 0; i < s.args.size(); i++) {
            Arg arg = s.args.get(i);
            switch (arg.kind()) {
                case COUNT:
                    cases.add(replaced(s, i, -1, arg.name(), "-1"));
                    break;
                case POSITIVE_COUNT:
                    cases.add(replaced(s, i, 0, arg.name(), "0"));
                    cases.add(replaced(s, i, -1, arg.name(), "-1"));
                    break;
                case ARRAY: {
                    cases.add(replaced(s, i, null, arg.name(), "null"));
                    float[] array = (float[]) arg.value();
                    float[] shorter = Arrays.copyOf(array, array.length - 1);
                    cases.add(replaced(s, i, shorter, arg.name(), String.valueOf(shorter.length)));
                    break;
                }
                case OFFSET:
                    cases.add(replaced(s, i, -1, arg.name(), "-1"));
                    // off + n overflows int: only a long check catches it
                    cases.add(replaced(s, i, Integer.MAX_VALUE - 1, arg.name(), String.valueOf(Integer.MAX_VALUE - 1)));
                    break;
                case LEADING_DIMENSION:
                    cases.add(replaced(s, i, arg.minimum() - 1, arg.name(), String.valueOf(arg.minimum() - 1)));
                    cases.add(replaced(s, i, -1, arg.name(), "-1"));
                    // (rows - 1) * ld overflows int
                    cases.add(replaced(s, i, Integer.MAX_VALUE, arg.name(), String.valueOf(Integer.MAX_VALUE)));
                    break;
                case NON_NEGATIVE:
                    for (float bad : new float[] {Float.NaN, -1f, Float.POSITIVE_INFINITY}) {
                        cases.add(replaced(s, i, bad, arg.name(), String.valueOf(bad)));
                    }
                    break;
                case UNIT:
                    for (float bad : new float[] {Float.NaN, 1f, -0.5f, Float.POSITIVE_INFINITY}) {
                        cases.add(replaced(s, i, bad, arg.name(), String.valueOf(bad)));
                    }
                    break;
                case STEP:
                    cases.add(replaced(s, i, 0, arg.name(), "0"));
                    cases.add(replaced(s, i, -3, arg.name(), "-3"));
                    break;
                default:
                    break;
            }
        }
        for (Overlap overlap : s.overlaps) {
            cases.add(overlapping(s, overlap, 3));
            if (!overlap.exactAllowed()) {
                cases.add(overlapping(s, overlap, 0));
            }
        }
        cases.addAll(specificCases(s));
        return cases;
    }

    /** Bad values whose fault lies in a combination of arguments. */
    private static List<Case> specificCases(Signature s) {
        List<Case> cases = new ArrayList<>();
        if (s.kernel.equals("sgdStep")) {
            List<Arg> noMomentum = replace(s.args, s.index("momentum"), 0f);
            noMomentum = replace(noMomentum, s.index("dampening"), 0f);
            cases.add(new Case("nesterov without momentum", replace(noMomentum, s.index("nesterov"), true),
                    List.of("nesterov", "momentum", "0.0")));
            cases.add(new Case("nesterov with dampening", replace(s.args, s.index("nesterov"), true),
                    List.of("nesterov", "dampening", "0.1")));
        }
        if (s.args.get(0).name().equals("m") && s.args.get(1).name().equals("n")) {
            // m * n = 2^32 overflows int
            List<Arg> huge = replace(replace(s.args, s.index("m"), 65536), s.index("n"), 65536);
            cases.add(new Case("m * n overflows int", huge, List.of("65536")));
        }
        if (s.kernel.startsWith("gemm")) {
            for (String count : new String[] {"m", "n", "k"}) {
                cases.add(new Case(count + " far beyond the arrays", replace(s.args, s.index(count), 1 << 20),
                        List.of(String.valueOf(1 << 20))));
            }
        }
        return cases;
    }

    private static Case replaced(Signature s, int index, Object value, String name, String shownValue) {
        return new Case(name + " = " + shownValue, replace(s.args, index, value), List.of(name, shownValue));
    }

    private static List<Arg> replace(List<Arg> args, int index, Object value) {
        List<Arg> copy = new ArrayList<>(args);
        copy.set(index, args.get(index).with(value));
        return copy;
    }

    /**
     * {@code in} moved into {@code out}'s array: at the same offset ({@code shift == 0}), or
     * starting {@code shift} elements later, so the windows partly overlap.
     */
    private static Case overlapping(Signature s, Overlap overlap, int shift) {
        int out = s.index(overlap.out());
        int in = s.index(overlap.in());
        Arg outArg = s.args.get(out);
        Arg inArg = s.args.get(in);
        float[] shared = new float[Math.toIntExact(Math.max(outArg.extent(), shift + inArg.extent()))];
        List<Arg> args = replace(s.args, out, shared);
        args = replace(args, out + 1, 0);
        args = replace(args, in, shared);
        args = replace(args, in + 1, shift);
        String title = overlap.out() + " and " + overlap.in() + " in one array, " + overlap.in() + "Off = "
                + overlap.out() + "Off + " + shift;
        List<String> expected = shift == 0 ? List.of(overlap.out(), overlap.in())
                : List.of(overlap.out(), overlap.in(), String.valueOf(shift));
        return new Case(title, args, expected);
    }

    private static void assertRejected(Kernels kernels, Signature signature, Case c) {
        Object[] values = copyArrays(signature.values(c.args()));
        Map<float[], float[]> before = snapshot(values);
        IllegalArgumentException e = assertThrows(IllegalArgumentException.class,
                () -> signature.invoker.call(kernels, values), kernels + " " + signature.kernel + " with " + c.title());
        String message = String.valueOf(e.getMessage());
        for (String expected : c.expectedInMessage()) {
            assertTrue(containsWord(message, expected), kernels + " " + signature.kernel + " with " + c.title()
                    + ": the message should name '" + expected + "' but is: " + message);
        }
        for (Map.Entry<float[], float[]> entry : before.entrySet()) {
            float[] after = entry.getKey();
            float[] original = entry.getValue();
            for (int i = 0; i < original.length; i++) {
                if (Float.floatToRawIntBits(original[i]) != Float.floatToRawIntBits(after[i])) {
                    fail(kernels + " " + signature.kernel + " with " + c.title() + " threw but changed element " + i
                            + " of an array from " + original[i] + " to " + after[i]);
                }
            }
        }
    }

    /** The values with every array replaced by a copy (one copy per distinct array, so sharing is kept). */
    private static Object[] copyArrays(Object[] values) {
        Map<float[], float[]> copies = new IdentityHashMap<>();
        Object[] out = values.clone();
        for (int i = 0; i < out.length; i++) {
            if (out[i] instanceof float[]) {
                out[i] = copies.computeIfAbsent((float[]) out[i], float[]::clone);
            }
        }
        return out;
    }

    private static Map<float[], float[]> snapshot(Object[] values) {
        Map<float[], float[]> before = new IdentityHashMap<>();
        for (Object value : values) {
            if (value instanceof float[]) {
                before.putIfAbsent((float[]) value, ((float[]) value).clone());
            }
        }
        return before;
    }

    /** Whether {@code text} appears in the message as a whole word or number. */
    private static boolean containsWord(String message, String text) {
        return Pattern.compile("(?<![\\w.])" + Pattern.quote(text) + "(?![\\w])").matcher(message).find();
    }

    @Test
    void backendAndThreadArgumentsAreChecked() {
        IllegalArgumentException nullBackend = assertThrows(IllegalArgumentException.class, () -> Kernels.of(null));
        assertTrue(containsWord(nullBackend.getMessage(), "backend"), nullBackend.getMessage());
        IllegalArgumentException nullScope = assertThrows(IllegalArgumentException.class, () -> Kernels.use(null));
        assertTrue(containsWord(nullScope.getMessage(), "backend"), nullScope.getMessage());
        int threads = Kernels.threads();
        for (int bad : new int[] {0, -2}) {
            IllegalArgumentException e = assertThrows(IllegalArgumentException.class, () -> Kernels.setThreads(bad));
            assertTrue(containsWord(e.getMessage(), "threads") && containsWord(e.getMessage(), String.valueOf(bad)),
                    e.getMessage());
            assertEquals(threads, Kernels.threads(), "a rejected thread count must not change the setting");
        }
    }

    @Test
    void everyKernelOfTheFacadeIsCovered() {
        List<String> covered = new ArrayList<>();
        for (Signature s : signatures()) {
            covered.add(s.kernel.replaceAll("\\(.*", ""));
        }
        for (String kernel : KernelCases.facadeKernels()) {
            assertTrue(covered.contains(kernel), "no argument checks for Kernels." + kernel);
        }
    }
}
