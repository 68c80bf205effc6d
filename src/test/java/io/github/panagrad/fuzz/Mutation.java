package io.github.panagrad.fuzz;

import io.github.panagrad.fuzz.KernelSpec.BadScalar;
import io.github.panagrad.fuzz.KernelSpec.LeadingDimension;
import io.github.panagrad.fuzz.KernelSpec.Operand;
import io.github.panagrad.fuzz.KernelSpec.Overlap;

import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Random;

/**
 * One way to make a valid call invalid, and the text the facade's message must then contain
 * (the argument's name and its value, as the contract asks).
 *
 * @param kind what was broken, for the tally
 * @param call the invalid call
 * @param expectedMessage text the {@link IllegalArgumentException}'s message must contain
 */
record Mutation(String kind, Call call, String expectedMessage) {

    /** All mutations that apply to {@code valid} for {@code spec}; each breaks exactly one rule. */
    static List<Mutation> of(KernelSpec spec, Call valid, Random r) {
        List<Mutation> mutations = new ArrayList<>();
        for (String count : spec.counts()) {
            int value = spec.minimumCount() - 1 - (r.nextBoolean() ? 0 : r.nextInt(Integer.MAX_VALUE));
            mutations.add(new Mutation("count below minimum", valid.with(count, value), count + " = " + value));
            if (othersPositive(spec, valid, count)) {
                mutations.add(new Mutation("huge count", valid.with(count, Integer.MAX_VALUE - r.nextInt(3)), " = "));
            }
        }
        for (Operand operand : spec.operands()) {
            if (valid.a(operand.name()) != null && operand.validated().test(valid)) {
                addArrayMutations(mutations, operand, valid, r);
            }
        }
        for (LeadingDimension ld : spec.leadingDimensions()) {
            int value = Math.max(1, ld.columns().apply(valid)) - 1 - r.nextInt(3);
            mutations.add(new Mutation("leading dimension too small", valid.with(ld.name(), value), ld.name() + " = " + value));
        }
        for (Overlap overlap : spec.overlaps()) {
            if (overlap.applies().test(valid)) {
                Mutation partial = partialOverlap(spec, overlap, valid, r);
                if (partial != null) {
                    mutations.add(partial);
                }
            }
        }
        for (BadScalar bad : spec.badScalars()) {
            if (bad.applies().test(valid)) {
                mutations.add(new Mutation("bad " + bad.name(), valid.with(bad.name(), bad.value()),
                        bad.name() + " = " + bad.value()));
            }
        }
        return mutations;
    }

    /** A huge count is invalid only when no other count is 0 (an empty gemm with m = 2^31 - 1 and n = 0 is valid). */
    private static boolean othersPositive(KernelSpec spec, Call valid, String count) {
        return spec.counts().stream().filter(other -> !other.equals(count)).allMatch(other -> valid.i(other) > 0);
    }

    private static void addArrayMutations(List<Mutation> mutations, Operand operand, Call valid, Random r) {
        String name = operand.name();
        Window window = operand.window().apply(valid);
        float[] array = valid.a(name);
        mutations.add(new Mutation("null array", valid.with(name, null), name + " must not be null"));
        int negative = r.nextBoolean() ? -1 - r.nextInt(100) : Integer.MIN_VALUE + r.nextInt(100);
        mutations.add(new Mutation("negative offset", valid.with(operand.offsetName(), negative),
                operand.offsetName() + " = " + negative));
        int pastEnd = (int) Math.min(Integer.MAX_VALUE,
                array.length - window.extent() + 1 + (r.nextBoolean() ? r.nextInt(8) : r.nextInt(Integer.MAX_VALUE)));
        mutations.add(new Mutation("offset past the end", valid.with(operand.offsetName(), pastEnd), name + ".length = "));
        if (window.end() >= 1) {
            int length = r.nextInt(window.end());
            mutations.add(new Mutation("array too short", valid.with(name, Arrays.copyOf(array, length)),
                    name + ".length = " + length));
        }
    }

    /**
     * The output and the input in one new array, their windows overlapping partly (or, where
     * in-place use is not allowed, possibly exactly); null when the windows are too small to
     * overlap other than exactly and exact in-place use is allowed.
     */
    private static Mutation partialOverlap(KernelSpec spec, Overlap overlap, Call valid, Random r) {
        long outExtent = spec.operand(overlap.output()).window().apply(valid).extent();
        long inExtent = spec.operand(overlap.input()).window().apply(valid).extent();
        if (outExtent == 0 || inExtent == 0 || (overlap.inPlaceAllowed() && outExtent == 1 && inExtent == 1)) {
            return null;
        }
        int delta;
        do {
            delta = (int) (r.nextInt((int) (outExtent + inExtent - 1)) - (outExtent - 1));
        } while (delta == 0 && overlap.inPlaceAllowed());
        int inOff = (int) outExtent + r.nextInt(4);
        int outOff = inOff + delta;
        float[] shared = new float[(int) Math.max(inOff + inExtent, outOff + outExtent) + r.nextInt(4)];
        for (int i = 0; i < shared.length; i++) {
            shared[i] = FuzzValues.randomBits(r);
        }
        Call call = valid.with(overlap.input(), shared).with(overlap.input() + "Off", inOff)
                .with(overlap.output(), shared).with(overlap.output() + "Off", outOff);
        return new Mutation("partial overlap", call, overlap.output() + " overlaps " + overlap.input());
    }
}
