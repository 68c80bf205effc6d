package io.github.panagrad.contract;

import java.util.List;
import java.util.Random;
import java.util.function.Function;

/**
 * The valid values of a scalar parameter, as alternatives that switch the kernel's branches
 * (for example momentum 0 or not): a {@link Variant} picks one alternative per parameter, and
 * the value is then drawn from it.
 *
 * @param alternatives the alternatives, at least one
 */
public record Draw(List<Alternative> alternatives) {

    /**
     * One way to draw a valid value.
     *
     * @param label what the values have in common, for test names ({@code "0"}, {@code "> 0"})
     * @param value draws a value (boxed: {@code Float}, {@code Integer} or {@code Boolean})
     */
    public record Alternative(String label, Function<Random, Object> value) {
    }

    /** @return {@code false} or {@code true} */
    public static Draw flag() {
        return new Draw(List.of(new Alternative("false", r -> false), new Alternative("true", r -> true)));
    }

    /**
     * @param alternatives the alternatives in order
     * @return the draw
     */
    public static Draw of(Alternative... alternatives) {
        return new Draw(List.of(alternatives));
    }

    /**
     * @param label the alternative's label
     * @param values the values it draws from, uniformly
     * @return an alternative of fixed values
     */
    public static Alternative oneOf(String label, Object... values) {
        return new Alternative(label, r -> values[r.nextInt(values.length)]);
    }

    /**
     * @param label the alternative's label
     * @param value how a value is drawn
     * @return the alternative
     */
    public static Alternative drawn(String label, Function<Random, Object> value) {
        return new Alternative(label, value);
    }
}
