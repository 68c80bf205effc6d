package io.github.panagrad.cli;

import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.function.DoublePredicate;

/**
 * A parsed command line: the value of every option a command knows, from the arguments or
 * from the option's default. Accessors convert and range-check a value and throw
 * {@link UsageException} naming the option and the offending value.
 */
final class Options {

    private final Map<String, String> values;

    private Options(Map<String, String> values) {
        this.values = values;
    }

    /**
     * Parses {@code --name value} and {@code --name=value} arguments.
     *
     * @param known the options the command accepts
     * @param args the arguments after the command word; not modified
     * @return the options with defaults filled in
     * @throws UsageException on an unknown option, a missing value, an option given twice or
     *         an argument that is not an option
     */
    static Options parse(List<Option> known, List<String> args) throws UsageException {
        Map<String, String> defaults = new LinkedHashMap<>();
        for (Option option : known) {
            defaults.put(option.name(), option.defaultValue());
        }
        Map<String, String> given = new LinkedHashMap<>();
        for (int i = 0; i < args.size(); i++) {
            String arg = args.get(i);
            if (!arg.startsWith("--") || arg.length() == 2) {
                throw new UsageException("unexpected argument '" + arg + "' (options are written --name value)");
            }
            int equals = arg.indexOf('=');
            String name = equals < 0 ? arg.substring(2) : arg.substring(2, equals);
            if (!defaults.containsKey(name)) {
                throw new UsageException("unknown option --" + name);
            }
            String value;
            if (equals >= 0) {
                value = arg.substring(equals + 1);
            } else if (i + 1 < args.size()) {
                value = args.get(++i);
            } else {
                throw new UsageException("--" + name + " needs a value");
            }
            String previous = given.put(name, value);
            if (previous != null) {
                throw new UsageException("--" + name + " is given twice ('" + previous + "' and '" + value + "')");
            }
        }
        defaults.putAll(given);
        return new Options(defaults);
    }

    /**
     * @param name a known option
     * @param min smallest allowed value
     * @param max largest allowed value
     * @return the option's value as an int in {@code [min, max]}
     * @throws UsageException when the value is not an integer or out of range
     */
    int integer(String name, int min, int max) throws UsageException {
        long value = longInteger(name);
        if (value < min || value > max) {
            throw new UsageException("--" + name + " = " + value + " is out of range [" + min + ", " + max + "]");
        }
        return (int) value;
    }

    /**
     * @param name a known option
     * @return the option's value as a long
     * @throws UsageException when the value is not an integer
     */
    long longInteger(String name) throws UsageException {
        String value = raw(name);
        try {
            return Long.parseLong(value.trim());
        } catch (NumberFormatException e) {
            throw new UsageException("--" + name + " = '" + value + "' is not an integer");
        }
    }

    /**
     * @param name a known option
     * @param allowed the test a valid value passes
     * @param range how {@code allowed} reads in words, for the message (for example {@code "in (0, 10]"})
     * @return the option's value as a finite float accepted by {@code allowed}
     * @throws UsageException when the value is not a finite number or rejected
     */
    float decimal(String name, DoublePredicate allowed, String range) throws UsageException {
        String value = raw(name);
        float parsed;
        try {
            parsed = Float.parseFloat(value.trim());
        } catch (NumberFormatException e) {
            throw new UsageException("--" + name + " = '" + value + "' is not a number");
        }
        if (!Float.isFinite(parsed) || !allowed.test(parsed)) {
            throw new UsageException("--" + name + " = " + value + " must be " + range);
        }
        return parsed;
    }

    /**
     * @param name a known option
     * @param allowed the accepted words
     * @return the option's value, one of {@code allowed}
     * @throws UsageException when the value is not one of them
     */
    String choice(String name, List<String> allowed) throws UsageException {
        String value = raw(name);
        if (!allowed.contains(value)) {
            throw new UsageException("--" + name + " = '" + value + "' is not one of " + String.join(", ", allowed));
        }
        return value;
    }

    private String raw(String name) {
        String value = values.get(name);
        if (value == null) {
            throw new IllegalArgumentException("option --" + name + " is not declared by the command");
        }
        return value;
    }
}
