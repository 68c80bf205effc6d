package io.github.panagrad.bench;

import io.github.panagrad.kernel.Kernels;
import java.util.LinkedHashMap;
import java.util.Map;

/**
 * Prints, as one JSON object, what a benchmark run's JVM offers: Java version and VM, the
 * vector backend's status (species and lanes, or why it is unusable) and the thread count
 * gemm may use. {@code bench/run} stores it beside the JMH results for the report.
 */
public final class RunEnvironment {

    private RunEnvironment() {
    }

    /**
     * Prints the environment; run it with the benchmarks' JVM options.
     *
     * @param args ignored
     */
    public static void main(String[] args) {
        Map<String, String> facts = new LinkedHashMap<>();
        facts.put("java_version", System.getProperty("java.version"));
        facts.put("java_vm", System.getProperty("java.vm.name") + " " + System.getProperty("java.vm.version"));
        facts.put("java_vendor", System.getProperty("java.vendor"));
        facts.put("vector", Kernels.vectorStatus());
        facts.put("threads", Integer.toString(Kernels.threads()));
        StringBuilder json = new StringBuilder("{");
        facts.forEach((key, value) -> json.append(json.length() > 1 ? ", " : "")
                .append(quote(key)).append(": ").append(quote(value)));
        System.out.println(json.append('}'));
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
