package io.github.panagrad.fuzz;

import io.github.panagrad.kernel.Kernels;

import java.util.ArrayList;
import java.util.List;
import java.util.Random;
import java.util.function.Function;
import java.util.function.Predicate;

/**
 * What the fuzzers know about one {@link Kernels} method: how to call it, how to generate a
 * valid call, which elements it may write, what it must compute, and which arguments it
 * validates (for the invalid-argument fuzzer).
 */
final class KernelSpec {

    /** An array parameter: its name, whether the kernel writes it, its window, and whether the facade checks it. */
    record Operand(String name, boolean written, Function<Call, Window> window, Predicate<Call> validated) {

        String offsetName() {
            return name + "Off";
        }
    }

    /** A leading-dimension parameter of a matrix operand and the column count it must cover. */
    record LeadingDimension(String name, Function<Call, Integer> columns) {
    }

    /** An output window that must not overlap an input window, except exactly when {@code inPlaceAllowed}. */
    record Overlap(String output, String input, boolean inPlaceAllowed, Predicate<Call> applies) {
    }

    /** A scalar argument value the facade must reject. */
    record BadScalar(String name, Object value, Predicate<Call> applies) {
    }

    /** One output of a reduction: where it is, its exact value and Σ|terms| in double, and k. */
    record Bound(String operand, int index, double exact, double absSum, long k) {

        /** The place of the output, for messages. */
        String where() {
            return operand == null ? "result" : operand + "[" + index + "]";
        }
    }

    /** Calls the kernel; returns the result of a reduction, or 0 for a kernel without one. */
    @FunctionalInterface
    interface Invoker {
        float invoke(Kernels kernels, Call call);
    }

    /** Writes the expected outputs of an elementwise kernel into (a copy of) the call's arrays. */
    @FunctionalInterface
    interface Elementwise {
        void apply(Call call);
    }

    /** The exact outputs of a reduction, from the call's original arrays. */
    @FunctionalInterface
    interface Bounded {
        List<Bound> bounds(Call original);
    }

    final String name;
    private final List<String> counts = new ArrayList<>();
    private int minimumCount;
    private final List<Operand> operands = new ArrayList<>();
    private final List<LeadingDimension> leadingDimensions = new ArrayList<>();
    private final List<Overlap> overlaps = new ArrayList<>();
    private final List<BadScalar> badScalars = new ArrayList<>();
    private Function<Random, Call> generator;
    private Invoker invoker;
    private Elementwise reference;
    private Bounded bounded;

    KernelSpec(String name) {
        this.name = name;
    }

    // ---------------------------------------------------------------- description, fluent

    /** Count parameters (each must be {@code >= minimum}). */
    KernelSpec counts(int minimum, String... names) {
        this.minimumCount = minimum;
        counts.addAll(List.of(names));
        return this;
    }

    KernelSpec reads(String operandName, Function<Call, Window> window) {
        operands.add(new Operand(operandName, false, window, call -> true));
        return this;
    }

    KernelSpec writes(String operandName, Function<Call, Window> window) {
        return writes(operandName, window, call -> true);
    }

    /** A written operand that the facade checks only when {@code validated} holds (SGD's buffer without momentum). */
    KernelSpec writes(String operandName, Function<Call, Window> window, Predicate<Call> validated) {
        operands.add(new Operand(operandName, true, window, validated));
        return this;
    }

    KernelSpec leadingDimension(String ldName, Function<Call, Integer> columns) {
        leadingDimensions.add(new LeadingDimension(ldName, columns));
        return this;
    }

    KernelSpec inPlaceAllowed(String output, String... inputs) {
        for (String input : inputs) {
            overlaps.add(new Overlap(output, input, true, call -> true));
        }
        return this;
    }

    KernelSpec disjoint(String output, String... inputs) {
        return disjointWhen(call -> true, output, inputs);
    }

    KernelSpec disjointWhen(Predicate<Call> applies, String output, String... inputs) {
        for (String input : inputs) {
            overlaps.add(new Overlap(output, input, false, applies));
        }
        return this;
    }

    KernelSpec rejects(String scalarName, Object... values) {
        return rejectsWhen(call -> true, scalarName, values);
    }

    KernelSpec rejectsWhen(Predicate<Call> applies, String scalarName, Object... values) {
        for (Object value : values) {
            badScalars.add(new BadScalar(scalarName, value, applies));
        }
        return this;
    }

    KernelSpec generator(Function<Random, Call> callGenerator) {
        this.generator = callGenerator;
        return this;
    }

    KernelSpec invoker(Invoker kernelInvoker) {
        this.invoker = kernelInvoker;
        return this;
    }

    /** An elementwise kernel, its expected outputs computed by {@code elementwise} (null: compared across backends only). */
    KernelSpec formula(Elementwise elementwise) {
        this.reference = elementwise;
        return this;
    }

    KernelSpec bounded(Bounded exact) {
        this.bounded = exact;
        return this;
    }

    // ---------------------------------------------------------------- queries

    List<String> counts() {
        return counts;
    }

    int minimumCount() {
        return minimumCount;
    }

    List<Operand> operands() {
        return operands;
    }

    List<LeadingDimension> leadingDimensions() {
        return leadingDimensions;
    }

    List<Overlap> overlaps() {
        return overlaps;
    }

    List<BadScalar> badScalars() {
        return badScalars;
    }

    Call generate(Random random) {
        return generator.apply(random);
    }

    float invoke(Kernels kernels, Call call) {
        return invoker.invoke(kernels, call);
    }

    /** The expected outputs of an elementwise kernel, or null when it has no formula here. */
    Elementwise reference() {
        return reference;
    }

    /** The exact outputs of a reduction, or null for an elementwise kernel. */
    Bounded exact() {
        return bounded;
    }

    /** True for a reduction, whose outputs are also checked against their error bound. */
    boolean isBounded() {
        return bounded != null;
    }

    Operand operand(String operandName) {
        return operands.stream().filter(o -> o.name().equals(operandName)).findFirst()
                .orElseThrow(() -> new IllegalArgumentException(name + " has no operand " + operandName));
    }

    @Override
    public String toString() {
        return name;
    }
}
