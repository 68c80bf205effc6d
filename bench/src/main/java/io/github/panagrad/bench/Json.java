package io.github.panagrad.bench;

import java.util.Map;

/** Writes the flat JSON objects that the bench's small programs print for {@code bench/run}. */
final class Json {

    private Json() {
    }

    /**
     * @param facts names and values, in the order to print
     * @return one JSON object of string values, on one line
     */
    static String object(Map<String, String> facts) {
        StringBuilder json = new StringBuilder("{");
        facts.forEach((key, value) -> json.append(json.length() > 1 ? ", " : "")
                .append(quote(key)).append(": ").append(quote(value)));
        return json.append('}').toString();
    }

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
