package io.github.panagrad.contract;

import java.util.List;
import java.util.function.Predicate;
import java.util.function.ToIntFunction;

/**
 * One parameter of a kernel as the facade validates it, in the order of the {@code Kernels}
 * method: a count, a scalar (a float, an int or a flag) with its validity rule, or an array
 * {@link Operand} with its offset (and leading dimension).
 */
public sealed interface Parameter permits Parameter.Count, Parameter.Scalar, Parameter.Operand {

    /** @return the parameter's name in the facade */
    String name();

    /** @return the Java types it takes in the facade method, in order */
    List<Class<?>> javaTypes();

    /**
     * A count (element, row or column count).
     *
     * @param name its name
     * @param minimum the smallest valid value, 0 or 1
     */
    record Count(String name, int minimum) implements Parameter {
        @Override
        public List<Class<?>> javaTypes() {
            return List.of(int.class);
        }
    }

    /**
     * A scalar argument: a factor, a hyper-parameter or a flag.
     *
     * @param name its name
     * @param rule what the facade accepts
     * @param draw how valid values are drawn
     */
    record Scalar(String name, Rule rule, Draw draw) implements Parameter {
        @Override
        public List<Class<?>> javaTypes() {
            return List.of(rule.type);
        }
    }

    /**
     * An array argument and the window of it that the kernel reads or writes.
     *
     * @param name the array's name; its offset is {@code <name>Off}, a matrix's leading dimension {@code ld<name>}
     * @param written whether the kernel writes the window (it may read it too)
     * @param matrix whether it takes a leading dimension
     * @param values what its elements may be
     * @param rows the window's rows (1 for a vector)
     * @param cols the window's columns (a vector's length)
     * @param lengthCounts for a vector, the counts whose product is its length (empty for a matrix)
     * @param used when the kernel uses the array at all; an unused one is not validated, may be
     *        null and must not be written
     * @param unread when the kernel does not read the window's values (for example gemm's C
     *        when beta is 0); generated calls fill it with NaN
     */
    record Operand(String name, boolean written, boolean matrix, ValueClass values, ToIntFunction<Call> rows,
                   ToIntFunction<Call> cols, List<String> lengthCounts, Predicate<Call> used, Predicate<Call> unread)
            implements Parameter {

        @Override
        public List<Class<?>> javaTypes() {
            return matrix ? List.of(float[].class, int.class, int.class) : List.of(float[].class, int.class);
        }

        /** @return the offset's name */
        public String offsetName() {
            return name + "Off";
        }

        /** @return the leading dimension's name (a matrix only) */
        public String leadingDimensionName() {
            return "ld" + name;
        }

        /**
         * @param call a call of the kernel
         * @return the window of this array in {@code call}
         */
        public Window window(Call call) {
            int c = cols.applyAsInt(call);
            return new Window(call.i(offsetName()), rows.applyAsInt(call), c,
                    matrix ? call.i(leadingDimensionName()) : Math.max(1, c));
        }
    }

    /** What the facade accepts for a scalar, and the Java type it takes. */
    enum Rule {
        /** Any float (a broadcast value or a factor). */
        ANY_FLOAT(float.class),
        /** A finite float {@code >= 0} (learning rates, decay factors, eps). */
        FINITE_NON_NEGATIVE(float.class),
        /** A float in {@code [0, 1)} (Adam's betas). */
        UNIT_INTERVAL(float.class),
        /** An int {@code >= 1} (Adam's step). */
        POSITIVE_INT(int.class),
        /** Either boolean. */
        FLAG(boolean.class);

        private final Class<?> type;

        Rule(Class<?> type) {
            this.type = type;
        }

        /**
         * @param value a boxed argument
         * @return whether the facade accepts it
         */
        public boolean accepts(Object value) {
            switch (this) {
                case ANY_FLOAT:
                    return value instanceof Float;
                case FINITE_NON_NEGATIVE:
                    return value instanceof Float && (Float) value >= 0f && (Float) value != Float.POSITIVE_INFINITY;
                case UNIT_INTERVAL:
                    return value instanceof Float && (Float) value >= 0f && (Float) value < 1f;
                case POSITIVE_INT:
                    return value instanceof Integer && (Integer) value >= 1;
                default:
                    return value instanceof Boolean;
            }
        }
    }
}
