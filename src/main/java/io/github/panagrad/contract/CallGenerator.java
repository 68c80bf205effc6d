package io.github.panagrad.contract;

import io.github.panagrad.contract.KernelEntry.Layout;
import io.github.panagrad.contract.Parameter.Count;
import io.github.panagrad.contract.Parameter.Operand;
import io.github.panagrad.contract.Parameter.Scalar;

import java.util.List;
import java.util.Random;

/**
 * Valid calls of a {@link KernelEntry}: first the counts and scalars (redrawn until the
 * constraints hold), then the arrays: each window at a random offset (0 half the time, so
 * vector loads also start aligned), matrices with random gaps between rows, every array
 * followed by a random tail, and every element outside the windows a quiet NaN whose payload
 * encodes the array and the index, so a write outside the windows shows in the raw bits.
 */
final class CallGenerator {

    /** Draws of the scalars tried before a variant is taken to admit no valid call. */
    private static final int ATTEMPTS = 100;

    private CallGenerator() {
    }

    static Call generate(KernelEntry entry, Random random, int size, Values values, Variant variant) {
        Call call = scalars(entry, random, size, variant);
        Layout layout = entry.layouts().get(variant.choice(Variant.LAYOUT, 0));
        return arrays(entry, call, random, values, layout, variant);
    }

    /** The counts and scalars, arrays still null; the constraints hold. */
    private static Call scalars(KernelEntry entry, Random random, int size, Variant variant) {
        List<Count> open = entry.counts().stream().filter(c -> !variant.fixed().containsKey(c.name())).toList();
        String principal = open.isEmpty() ? null : open.get(random.nextInt(open.size())).name();
        for (int attempt = 0; attempt < ATTEMPTS; attempt++) {
            Call call = Call.of();
            for (Parameter parameter : entry.parameters()) {
                if (parameter instanceof Count count) {
                    int drawn = count.name().equals(principal) ? size : dimension(random);
                    call = call.with(count.name(), fixed(variant, count.name(), Math.max(count.minimum(), drawn)));
                } else if (parameter instanceof Scalar scalar) {
                    call = call.with(scalar.name(), fixed(variant, scalar.name(), draw(scalar, random, variant)));
                } else {
                    Operand operand = (Operand) parameter;
                    call = call.with(operand.name(), null).with(operand.offsetName(), 0);
                    if (operand.matrix()) {
                        call = call.with(operand.leadingDimensionName(), 1);
                    }
                }
            }
            Call candidate = call;
            if (entry.constraints().stream().allMatch(c -> c.holds().test(candidate))) {
                return call;
            }
        }
        throw new IllegalArgumentException(entry + " has no valid call in the variant " + variant);
    }

    private static Object draw(Scalar scalar, Random random, Variant variant) {
        List<Draw.Alternative> alternatives = scalar.draw().alternatives();
        Object value = alternatives.get(variant.choice(scalar.name(), random.nextInt(alternatives.size())))
                .value().apply(random);
        if (!scalar.rule().accepts(value)) {
            throw new IllegalStateException(scalar.name() + " = " + value + " drawn, but the facade accepts "
                    + scalar.rule());
        }
        return value;
    }

    private static Object fixed(Variant variant, String name, Object otherwise) {
        return variant.fixed().getOrDefault(name, otherwise);
    }

    /** Places the windows as the layout says, allocates the arrays and fills them. */
    private static Call arrays(KernelEntry entry, Call scalars, Random random, Values values, Layout layout,
                               Variant variant) {
        List<Operand> operands = entry.operands();
        int count = operands.size();
        Window[] windows = new Window[count];
        int[] group = new int[count];
        int dependent = layout.first() == null ? -1 : indexOf(operands, layout.first());
        for (int i = 0; i < count; i++) {
            if (i != dependent) {
                windows[i] = place(operands.get(i), scalars, random, variant);
                group[i] = i;
            }
        }
        if (dependent >= 0) {
            int partner = indexOf(operands, layout.second());
            Window on = windows[partner];
            Window own = place(operands.get(dependent), scalars, random, variant);
            int off = layout.inPlace() ? on.off() : random.nextInt(4) == 0 ? on.off() : random.nextInt(on.end() + 1);
            windows[dependent] = new Window(off, own.rows(), own.cols(), layout.inPlace() ? on.ld() : own.ld());
            group[dependent] = partner;
        }
        float[][] arrays = allocate(windows, group, random);
        Call call = scalars;
        for (int i = 0; i < count; i++) {
            Operand operand = operands.get(i);
            float[] array = arrays[group[i]];
            int off = windows[i].off();
            boolean alone = i != dependent && (dependent < 0 || group[dependent] != i);
            if (alone && !entry.used(operand, scalars) && random.nextBoolean()) {
                array = null;
                off = 0;
            } else if (!(layout.inPlace() && i == dependent)) {
                fill(array, windows[i], operand.unread().test(scalars) ? null : operand.values(), values, random);
            }
            call = call.with(operand.name(), array).with(operand.offsetName(), off);
            if (operand.matrix()) {
                call = call.with(operand.leadingDimensionName(), windows[i].ld());
            }
        }
        return call;
    }

    private static Window place(Operand operand, Call scalars, Random random, Variant variant) {
        int rows = operand.rows().applyAsInt(scalars);
        int cols = operand.cols().applyAsInt(scalars);
        int ld = operand.matrix() ? Math.max(1, cols) + slack(random) : Math.max(1, cols);
        ld = (Integer) fixed(variant, operand.leadingDimensionName(), ld);
        int off = (Integer) fixed(variant, operand.offsetName(), offset(random));
        return new Window(off, rows, cols, ld);
    }

    private static float[][] allocate(Window[] windows, int[] group, Random random) {
        float[][] arrays = new float[windows.length][];
        long[] lengths = new long[windows.length];
        for (int i = 0; i < windows.length; i++) {
            lengths[group[i]] = Math.max(lengths[group[i]], windows[i].off() + windows[i].extent());
        }
        for (int g = 0; g < windows.length; g++) {
            if (group[g] == g) {
                arrays[g] = new float[Math.toIntExact(lengths[g] + slack(random))];
                for (int index = 0; index < arrays[g].length; index++) {
                    arrays[g][index] = sentinel(g, index);
                }
            }
        }
        return arrays;
    }

    /** Fills the window from {@code values}, or with NaN for an unread window ({@code valueClass} null). */
    private static void fill(float[] array, Window window, ValueClass valueClass, Values values, Random random) {
        for (int r = 0; r < window.rows(); r++) {
            for (int c = 0; c < window.cols(); c++) {
                array[window.at(r, c)] = valueClass == null ? Float.NaN : values.next(valueClass, random);
            }
        }
    }

    private static int indexOf(List<Operand> operands, String name) {
        for (int i = 0; i < operands.size(); i++) {
            if (operands.get(i).name().equals(name)) {
                return i;
            }
        }
        throw new IllegalArgumentException("no array " + name + " in " + operands);
    }

    /**
     * The value outside every window at {@code index} of array {@code array}: a quiet NaN whose
     * payload encodes both, unlike any NaN that arithmetic or {@code Float.NaN} produces.
     */
    static float sentinel(int array, int index) {
        return Float.intBitsToFloat(0x7fe0_0000 | (array & 0xf) << 17 | index & 0x1_ffff);
    }

    /** A count the call is not about: mostly 0 to 40, one in 32 up to 160. */
    private static int dimension(Random random) {
        return random.nextInt(32) == 0 ? random.nextInt(161) : random.nextInt(41);
    }

    /** An offset: 0 half the time, else 1 to 40. */
    private static int offset(Random random) {
        return random.nextBoolean() ? 0 : 1 + random.nextInt(40);
    }

    /** A tail after an array's last window or a gap after a matrix row: 0 half the time, else 1 to 9. */
    private static int slack(Random random) {
        return random.nextBoolean() ? 0 : 1 + random.nextInt(9);
    }
}
