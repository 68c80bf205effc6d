package io.github.panagrad.bench;

import java.util.Arrays;
import java.util.Map;

/**
 * Writes the one-line JSON objects that the bench's small programs print for {@code bench/run}
 * and {@code bench/coldstart.py} ({@link RunEnvironment}, {@link ColdStart}, the native peers'
 * {@code PeerKernels} and {@code DjlColdStart}): objects of strings, numbers, booleans, arrays
 * and objects.
 */
final class Json {

    private Json() {
    }

    /**
     * @param object keys to values, in the map's order; a value is a {@code String}, a {@code Number},
     *               a {@code Boolean}, a {@code long[]} or {@code double[]}, or a nested {@code Map}
     * @return the object as one line of JSON
     * @throws IllegalArgumentException on a value of any other type
     */
    static String object(Map<String, ?> object) {
        StringBuilder json = new StringBuilder("{");
        object.forEach((key, value) -> json.append(json.length() > 1 ? ", " : "")
                .append(quote(key)).append(": ").append(value(value)));
        return json.append('}').toString();
    }

    private static String value(Object value) {
        if (value instanceof String text) {
            return quote(text);
        }
        if (value instanceof Number || value instanceof Boolean) {
            return value.toString();
        }
        if (value instanceof long[] numbers) {
            return Arrays.toString(numbers);
        }
        if (value instanceof double[] numbers) {
            return Arrays.toString(numbers);
        }
        if (value instanceof Map<?, ?> map) {
            @SuppressWarnings("unchecked") // the bench's own maps are keyed by strings
            Map<String, ?> nested = (Map<String, ?>) map;
            return object(nested);
        }
        throw new IllegalArgumentException("no JSON for a " + (value == null ? "null" : value.getClass().getName()));
    }

    /**
     * @param text any text
     * @return the text as a JSON string literal
     */
    private static String quote(String text) {
        StringBuilder quoted = new StringBuilder("\"");
        for (char ch : text.toCharArray()) {
            if (ch == '"' || ch == '\\') {
                quoted.append('\\').append(ch);
            } else if (ch < 0x20) {
                quoted.append(String.format("\\u%04x", (int) ch));
            } else {
                quoted.append(ch);
            }
        }
        return quoted.append('"').toString();
    }
}
