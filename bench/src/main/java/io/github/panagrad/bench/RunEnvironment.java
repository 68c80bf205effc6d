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
        System.out.println(Json.object(facts));
    }
}
