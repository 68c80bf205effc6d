package io.github.panagrad.contract;

import io.github.panagrad.contract.Parameter.Count;
import io.github.panagrad.contract.Parameter.Operand;
import io.github.panagrad.contract.Parameter.Rule;
import io.github.panagrad.contract.Parameter.Scalar;
import io.github.panagrad.kernel.Kernels;

import java.lang.reflect.InvocationTargetException;
import java.lang.reflect.Method;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Random;
import java.util.function.Predicate;
import java.util.function.ToIntFunction;
import java.util.function.ToLongFunction;

/**
 * Everything the checks know about one {@link Kernels} method, in one place: its parameters
 * in order with the facade's rules (counts and their minimum, scalar rules, arrays with their
 * windows, which it writes, when it uses or reads them), which windows may or must not share
 * elements, the constraints between arguments, and what it computes: the javadoc formula of an
 * elementwise kernel, or the exact (double-precision) result of a reduction with the k of its
 * γ(k) bound. Every kernel is bit-exact across backends, widths and thread counts; reductions
 * are also {@link #bounded()}.
 *
 * <p>From that description it generates valid calls ({@link #generate}) in every
 * {@link #variants() variant} and calls the facade method by reflection ({@link #invoke}), so a
 * kernel is described once for {@code compare}, the tests and the fuzzers.
 */
public final class KernelEntry {

    /**
     * An output window that must not overlap an input window of the same array, except, when
     * {@code exactAllowed}, by being exactly it (in-place use).
     *
     * @param output the written array's name
     * @param input the read array's name
     * @param exactAllowed whether exact in-place use is allowed
     */
    public record Overlap(String output, String input, boolean exactAllowed) {
    }

    /**
     * A rule between scalar arguments that the facade checks (before any array).
     *
     * @param holds whether a call meets it
     * @param parameters the scalars involved, whose values the facade's message names
     */
    public record Constraint(Predicate<Call> holds, List<String> parameters) {
    }

    /**
     * How a generated call's arrays are laid out: each in an array of its own; an output
     * exactly on an input (in-place); or two read-only arrays in one array, at offsets of their
     * own (overlapping or not).
     *
     * @param first the output (in place) or the first input (shared); null for separate arrays
     * @param second the input it is placed on or shares with
     * @param inPlace whether {@code first} is exactly {@code second}'s window
     */
    public record Layout(String first, String second, boolean inPlace) {

        /** Every array of its own. */
        static final Layout SEPARATE = new Layout(null, null, false);

        /** @return {@code "separate"}, {@code "y = x"} or {@code "a and b in one array"} */
        public String label() {
            return first == null ? "separate" : inPlace ? first + " = " + second : first + " and " + second + " in one array";
        }
    }

    /**
     * The exact value of one output of a reduction.
     *
     * @param operand the written array, or null for the returned value
     * @param index the element's index in that array
     * @param exact the exact value, computed in double
     * @param absSum Σ|terms| of the element, in double
     */
    public record Bound(String operand, int index, double exact, double absSum) {
    }

    /** Writes the expected outputs of an elementwise kernel into a copy of the call, from its formula. */
    @FunctionalInterface
    public interface Formula {
        /** @param call a copy of the call, whose written windows are overwritten with the expected values */
        void apply(Call call);
    }

    /** The exact outputs of a reduction. */
    @FunctionalInterface
    public interface Reference {
        /**
         * @param call the call, before the kernel ran
         * @return one bound per output element
         */
        List<Bound> exact(Call call);
    }

    private final String name;
    private final List<Parameter> parameters;
    private final List<Overlap> overlaps;
    private final List<Constraint> constraints;
    private final Formula formula;
    private final String boundK;
    private final ToLongFunction<Call> k;
    private final Reference reference;
    private final Method method;
    private final List<Layout> layouts;
    private final List<Variant> variants;

    private KernelEntry(Builder builder) {
        this.name = builder.name;
        this.parameters = List.copyOf(builder.parameters);
        this.overlaps = List.copyOf(builder.overlaps);
        this.constraints = List.copyOf(builder.constraints);
        this.formula = builder.formula;
        this.boundK = builder.boundK;
        this.k = builder.k;
        this.reference = builder.reference;
        this.method = facadeMethod();
        this.layouts = layoutsOf();
        this.variants = enumerateVariants();
    }

    /**
     * @param name the {@link Kernels} method
     * @return a builder; parameters are added in the method's order
     */
    public static Builder builder(String name) {
        return new Builder(name);
    }

    /** @return the {@link Kernels} method's name */
    public String name() {
        return name;
    }

    /** @return the parameters in the facade method's order */
    public List<Parameter> parameters() {
        return parameters;
    }

    /** @return the count parameters */
    public List<Count> counts() {
        return parameters.stream().filter(Count.class::isInstance).map(Count.class::cast).toList();
    }

    /** @return the scalar parameters (factors, hyper-parameters, flags) */
    public List<Scalar> scalars() {
        return parameters.stream().filter(Scalar.class::isInstance).map(Scalar.class::cast).toList();
    }

    /** @return the array parameters */
    public List<Operand> operands() {
        return parameters.stream().filter(Operand.class::isInstance).map(Operand.class::cast).toList();
    }

    /**
     * @param operandName an array parameter's name
     * @return that operand
     */
    public Operand operand(String operandName) {
        return operands().stream().filter(o -> o.name().equals(operandName)).findFirst()
                .orElseThrow(() -> new IllegalArgumentException(name + " has no array " + operandName));
    }

    /**
     * @param operand an array parameter
     * @param call a call of this kernel
     * @return whether the kernel uses the array in that call (validates it, may write it)
     */
    public boolean used(Operand operand, Call call) {
        return operand.used().test(call);
    }

    /** @return the windows that must not overlap, except exactly where allowed */
    public List<Overlap> overlaps() {
        return overlaps;
    }

    /**
     * @param overlap one of {@link #overlaps()}
     * @param call a call of this kernel
     * @return whether the rule applies to the call: both arrays are used
     */
    public boolean applies(Overlap overlap, Call call) {
        return used(operand(overlap.output()), call) && used(operand(overlap.input()), call);
    }

    /** @return the constraints between scalar arguments */
    public List<Constraint> constraints() {
        return constraints;
    }

    /** @return the layouts of generated calls: separate arrays, each allowed in-place use, each pair of inputs in one array */
    public List<Layout> layouts() {
        return layouts;
    }

    /** @return true for a reduction, whose outputs must also stay within their γ(k) bound */
    public boolean bounded() {
        return reference != null;
    }

    /** @return the reduction's k as its javadoc states it (for example {@code "k + 2"}); null for an elementwise kernel */
    public String boundK() {
        return boundK;
    }

    /**
     * @param call a call of this reduction
     * @return the number of roundings its bound allows
     */
    public long k(Call call) {
        return k.applyAsLong(call);
    }

    /**
     * @param call a call of this reduction, before it ran
     * @return the exact value of every output element
     */
    public List<Bound> exact(Call call) {
        return reference.exact(call);
    }

    /** @return whether {@link #applyFormula} can compute the expected outputs */
    public boolean hasFormula() {
        return formula != null;
    }

    /** @param call a copy of a call, whose written windows receive the values of the javadoc formula */
    public void applyFormula(Call call) {
        formula.apply(call);
    }

    /** @return every combination of the choice points' alternatives that has valid calls, in a fixed order */
    public List<Variant> variants() {
        return variants;
    }

    /**
     * A valid call of this kernel.
     *
     * @param random the source of every choice the variant leaves open
     * @param size the value of one count the variant does not fix (drawn among them), the others
     *        being drawn small; at least the count's minimum
     * @param values where the arrays' elements come from
     * @param variant the alternatives to take and the arguments to fix
     * @return the call: every array in an array of its own (or as the layout says), at a random
     *         offset, followed by a random tail, everything outside the windows quiet NaNs whose
     *         payload encodes array and index; unread windows hold NaN
     * @throws IllegalArgumentException when the variant admits no valid call
     */
    public Call generate(Random random, int size, Values values, Variant variant) {
        return CallGenerator.generate(this, random, size, values, variant);
    }

    /**
     * Calls the {@link Kernels} method with the call's arguments.
     *
     * @param kernels the kernels to call
     * @param call the arguments
     * @return the value a reduction returns, NaN for a kernel that returns nothing
     * @throws IllegalArgumentException when the facade rejects the call
     */
    public float invoke(Kernels kernels, Call call) {
        try {
            Object result = method.invoke(kernels, call.values());
            return result == null ? Float.NaN : (Float) result;
        } catch (InvocationTargetException e) {
            if (e.getCause() instanceof RuntimeException runtime) {
                throw runtime;
            }
            throw new IllegalStateException(name + " threw " + e.getCause(), e.getCause());
        } catch (IllegalAccessException e) {
            throw new IllegalStateException(e);
        }
    }

    @Override
    public String toString() {
        return name;
    }

    private Method facadeMethod() {
        List<Class<?>> types = new ArrayList<>();
        parameters.forEach(p -> types.addAll(p.javaTypes()));
        try {
            return Kernels.class.getMethod(name, types.toArray(new Class<?>[0]));
        } catch (NoSuchMethodException e) {
            throw new IllegalStateException("Kernels has no method " + name + types, e);
        }
    }

    private List<Layout> layoutsOf() {
        List<Layout> all = new ArrayList<>(List.of(Layout.SEPARATE));
        overlaps.stream().filter(Overlap::exactAllowed).forEach(o -> all.add(new Layout(o.output(), o.input(), true)));
        List<Operand> inputs = operands().stream().filter(o -> !o.written()).toList();
        for (int i = 0; i < inputs.size(); i++) {
            for (int j = i + 1; j < inputs.size(); j++) {
                all.add(new Layout(inputs.get(i).name(), inputs.get(j).name(), false));
            }
        }
        return List.copyOf(all);
    }

    /** Every combination of alternatives (scalars with more than one, then the layout), keeping those with valid calls. */
    private List<Variant> enumerateVariants() {
        List<String> points = new ArrayList<>();
        List<List<String>> labels = new ArrayList<>();
        for (Scalar scalar : scalars()) {
            if (scalar.draw().alternatives().size() > 1) {
                points.add(scalar.name());
                labels.add(scalar.draw().alternatives().stream().map(a -> scalar.name() + " " + a.label()).toList());
            }
        }
        if (layouts.size() > 1) {
            points.add(Variant.LAYOUT);
            labels.add(layouts.stream().map(Layout::label).toList());
        }
        List<Variant> all = new ArrayList<>();
        int[] index = new int[points.size()];
        do {
            Map<String, Integer> choices = new LinkedHashMap<>();
            List<String> text = new ArrayList<>();
            for (int p = 0; p < points.size(); p++) {
                choices.put(points.get(p), index[p]);
                text.add(labels.get(p).get(index[p]));
            }
            Variant variant = new Variant(Map.copyOf(choices), Map.of(), String.join(", ", text));
            if (hasValidCalls(variant)) {
                all.add(variant);
            }
        } while (advance(index, labels));
        return List.copyOf(all);
    }

    private boolean hasValidCalls(Variant variant) {
        try {
            generate(new Random(0), 1, Values.REGULAR, variant);
            return true;
        } catch (IllegalArgumentException e) {
            return false;
        }
    }

    /** Steps {@code index} to the next combination, the last point fastest; false after the last one. */
    private static boolean advance(int[] index, List<List<String>> labels) {
        for (int p = index.length - 1; p >= 0; p--) {
            if (++index[p] < labels.get(p).size()) {
                return true;
            }
            index[p] = 0;
        }
        return false;
    }

    /** Describes a kernel's parameters in the facade method's order, then its rules and results. */
    public static final class Builder {
        private final String name;
        private final List<Parameter> parameters = new ArrayList<>();
        private final List<Overlap> overlaps = new ArrayList<>();
        private final List<Constraint> constraints = new ArrayList<>();
        private Formula formula;
        private String boundK;
        private ToLongFunction<Call> k;
        private Reference reference;

        private Builder(String name) {
            this.name = name;
        }

        /**
         * @param countName the count's name
         * @param minimum its smallest valid value
         * @return this builder
         */
        public Builder count(String countName, int minimum) {
            parameters.add(new Count(countName, minimum));
            return this;
        }

        /**
         * @param scalarName the scalar's name
         * @param rule what the facade accepts
         * @param draw how valid values are drawn
         * @return this builder
         */
        public Builder scalar(String scalarName, Rule rule, Draw draw) {
            parameters.add(new Scalar(scalarName, rule, draw));
            return this;
        }

        /**
         * @param flagName the boolean parameter's name
         * @return this builder
         */
        public Builder flag(String flagName) {
            return scalar(flagName, Rule.FLAG, Draw.flag());
        }

        /**
         * A vector and its offset, used and read always (see {@link #usedWhen}, {@link #unreadWhen}).
         *
         * @param vectorName the array's name
         * @param written whether the kernel writes its window
         * @param values what its elements may be
         * @param lengthCounts the counts whose product is its length
         * @return this builder
         */
        public Builder vector(String vectorName, boolean written, ValueClass values, String... lengthCounts) {
            List<String> counts = List.of(lengthCounts);
            parameters.add(new Operand(vectorName, written, false, values, c -> 1, c -> product(c, counts), counts,
                    c -> true, c -> false));
            return this;
        }

        /**
         * A row-major matrix, its offset and its leading dimension.
         *
         * @param matrixName the array's name
         * @param written whether the kernel writes its window
         * @param values what its elements may be
         * @param rows the window's rows in a call
         * @param cols the window's columns in a call
         * @return this builder
         */
        public Builder matrix(String matrixName, boolean written, ValueClass values,
                              ToIntFunction<Call> rows, ToIntFunction<Call> cols) {
            parameters.add(new Operand(matrixName, written, true, values, rows, cols, List.of(), c -> true, c -> false));
            return this;
        }

        /**
         * @param used when the last array added is used at all (otherwise it is not validated, may be null, is not written)
         * @return this builder
         */
        public Builder usedWhen(Predicate<Call> used) {
            Operand o = lastOperand();
            parameters.set(parameters.size() - 1, new Operand(o.name(), o.written(), o.matrix(), o.values(), o.rows(),
                    o.cols(), o.lengthCounts(), used, o.unread()));
            return this;
        }

        /**
         * @param unread when the kernel does not read the last array's window (as BLAS's C for beta = 0)
         * @return this builder
         */
        public Builder unreadWhen(Predicate<Call> unread) {
            Operand o = lastOperand();
            parameters.set(parameters.size() - 1, new Operand(o.name(), o.written(), o.matrix(), o.values(), o.rows(),
                    o.cols(), o.lengthCounts(), o.used(), unread));
            return this;
        }

        /**
         * @param output a written array
         * @param inputs arrays it may be exactly (in place) but must not otherwise overlap
         * @return this builder
         */
        public Builder inPlace(String output, String... inputs) {
            for (String input : inputs) {
                overlaps.add(new Overlap(output, input, true));
            }
            return this;
        }

        /**
         * @param output a written array
         * @param inputs arrays it must not share any element with
         * @return this builder
         */
        public Builder disjoint(String output, String... inputs) {
            for (String input : inputs) {
                overlaps.add(new Overlap(output, input, false));
            }
            return this;
        }

        /**
         * @param holds the rule, over scalar arguments
         * @param involved the scalars it involves
         * @return this builder
         */
        public Builder constraint(Predicate<Call> holds, String... involved) {
            constraints.add(new Constraint(holds, List.of(involved)));
            return this;
        }

        /**
         * @param elementwise the formula of the javadoc, writing the expected outputs
         * @return the entry of an elementwise kernel
         */
        public KernelEntry formula(Formula elementwise) {
            this.formula = elementwise;
            return new KernelEntry(this);
        }

        /**
         * @return the entry of a kernel without a formula here, checked for identical bits across
         *         backends only (the optimizer updates: the scalar reference states their order)
         */
        public KernelEntry bitsOnly() {
            return new KernelEntry(this);
        }

        /**
         * @param kText the reduction's k as its javadoc states it
         * @param kOfCall its value for a call
         * @param exact the exact outputs
         * @return the entry of a reduction
         */
        public KernelEntry bounded(String kText, ToLongFunction<Call> kOfCall, Reference exact) {
            this.boundK = kText;
            this.k = kOfCall;
            this.reference = exact;
            return new KernelEntry(this);
        }

        private Operand lastOperand() {
            return (Operand) parameters.get(parameters.size() - 1);
        }

        private static int product(Call call, List<String> counts) {
            int product = 1;
            for (String count : counts) {
                product *= call.i(count);
            }
            return product;
        }
    }
}
