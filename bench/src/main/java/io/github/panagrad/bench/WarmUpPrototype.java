package io.github.panagrad.bench;

import io.github.panagrad.kernel.Backend;
import io.github.panagrad.kernel.Kernels;
import java.lang.management.ManagementFactory;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * A prototype of a library warm-up, outside the library, for {@link ColdStart} to measure
 * what one would buy: calls of every streaming and matrix kernel ({@link KernelCall}) on
 * small operands, gemm on small shapes in NN, NT and TN, and steps of a small
 * {@link TrainingModel}, round-robin, on the backend under measurement. It runs either
 * inline, before the measured calls, or on a daemon thread started before the measured
 * case is even prepared, the measured calls starting at once beside it.
 *
 * <p>A spec is comma-separated {@code key=value} pairs, for example
 * {@code mode=background,calls=2000,size=16x64,gemm=64x64x64+128x256x784,gemmCalls=50}:
 * <ul>
 * <li>{@code mode}: {@code inline} or {@code background} (default inline);
 * <li>{@code calls}: calls of each kernel (default 0: none);
 * <li>{@code size}: their operands, {@code n} or {@code rows x cols} (default 16x64);
 * <li>{@code gemm}: shapes {@code m x n x k} joined by {@code +} (default none);
 * <li>{@code gemmCalls}: calls of each gemm shape and variant (default 0);
 * <li>{@code model}, {@code steps}: a small training model and its steps (default none, 0);
 * <li>{@code scalarWhileCold}: {@code true} to have the measured calls run on SCALAR until a
 *     background warm-up has ended, then on the backend under measurement (default false).
 * </ul>
 */
final class WarmUpPrototype {

    private final String spec;
    private final boolean background;
    private final boolean scalarWhileCold;
    private final int calls;
    private final String size;
    private final List<String> gemmShapes = new ArrayList<>();
    private final int gemmCalls;
    private final String model;
    private final int steps;
    private final Backend backend;
    private Thread thread;
    private long startedAtMillis;
    private long wallNanos;
    private long cpuNanos;
    private long compileMillis;
    private long doneAtMillis;
    private volatile boolean done;
    private volatile float sink;

    /**
     * @param spec the warm-up, as described in the class comment
     * @param backend the backend it warms
     * @throws IllegalArgumentException on a malformed spec
     */
    WarmUpPrototype(String spec, Backend backend) {
        this.spec = spec;
        this.backend = backend;
        Map<String, String> values = new LinkedHashMap<>(Map.of("mode", "inline", "calls", "0", "size", "16x64",
                "gemm", "", "gemmCalls", "0", "model", "", "steps", "0", "scalarWhileCold", "false"));
        for (String pair : spec.split(",")) {
            String[] keyValue = pair.split("=", 2);
            if (keyValue.length != 2 || !values.containsKey(keyValue[0])) {
                throw new IllegalArgumentException("warm-up '" + spec + "': '" + pair + "' is not one of key=value with key "
                        + values.keySet());
            }
            values.put(keyValue[0], keyValue[1]);
        }
        if (!values.get("mode").matches("inline|background")) {
            throw new IllegalArgumentException("warm-up '" + spec + "': mode must be inline or background");
        }
        background = values.get("mode").equals("background");
        scalarWhileCold = Boolean.parseBoolean(values.get("scalarWhileCold"));
        if (scalarWhileCold && !background) {
            throw new IllegalArgumentException("warm-up '" + spec + "': scalarWhileCold needs mode=background");
        }
        calls = Integer.parseInt(values.get("calls"));
        size = values.get("size");
        if (!values.get("gemm").isEmpty()) {
            gemmShapes.addAll(List.of(values.get("gemm").split("\\+")));
        }
        gemmCalls = Integer.parseInt(values.get("gemmCalls"));
        model = values.get("model");
        steps = Integer.parseInt(values.get("steps"));
    }

    /** Runs the warm-up inline, or starts its thread and returns at once. */
    void start() {
        startedAtMillis = ManagementFactory.getRuntimeMXBean().getUptime();
        if (background) {
            thread = new Thread(this::run, "warm-up");
            thread.setDaemon(true);
            thread.start();
        } else {
            run();
        }
    }

    /**
     * @param measured the backend under measurement
     * @return the kernels a measured call uses now: SCALAR while a {@code scalarWhileCold} warm-up
     *         runs, else those of the measured backend
     */
    Kernels kernelsNow(Backend measured) {
        return Kernels.of(scalarWhileCold && !done ? Backend.SCALAR : measured);
    }

    /**
     * Waits for a background warm-up to end.
     *
     * @return the spec, the JVM uptime when it started, its wall and CPU time, the JIT's
     *         compilation time meanwhile and the JVM uptime when it ended
     * @throws InterruptedException when interrupted while waiting
     */
    Map<String, Object> finish() throws InterruptedException {
        if (thread != null) {
            thread.join();
        }
        Map<String, Object> facts = new LinkedHashMap<>();
        facts.put("spec", spec);
        facts.put("started_at_uptime_ms", startedAtMillis);
        facts.put("wall_ns", wallNanos);
        facts.put("cpu_ns", cpuNanos);
        facts.put("compile_ms", compileMillis);
        facts.put("done_at_uptime_ms", doneAtMillis);
        facts.put("check", sink);
        return facts;
    }

    private void run() {
        long start = System.nanoTime();
        long cpu = CallTimer.threadCpuNanos();
        long compile = ManagementFactory.getCompilationMXBean().getTotalCompilationTime();
        Kernels kernels = Kernels.of(backend);
        KernelCall.Operands operands = new KernelCall.Operands(size);
        List<GemmOperands> products = new ArrayList<>();
        List<float[]> results = new ArrayList<>();
        for (String shape : gemmShapes) {
            for (String variant : new String[] {"NN", "NT", "TN"}) {
                GemmOperands product = GemmOperands.of(shape, variant);
                products.add(product);
                results.add(new float[product.m * product.n]);
            }
        }
        PanagradStep training = model.isEmpty() ? null : new PanagradStep(TrainingModel.of(model));
        float check = 0;
        for (int round = 0; round < Math.max(calls, Math.max(gemmCalls, steps)); round++) {
            for (KernelCall call : round < calls ? KernelCall.values() : new KernelCall[0]) {
                check += call.call(kernels, operands);
            }
            for (int i = 0; round < gemmCalls && i < products.size(); i++) {
                check += products.get(i).multiply(kernels, results.get(i))[0];
            }
            if (round < steps) {
                check += training.step(backend).item();
            }
        }
        sink = check;
        wallNanos = System.nanoTime() - start;
        cpuNanos = CallTimer.threadCpuNanos() - cpu;
        compileMillis = ManagementFactory.getCompilationMXBean().getTotalCompilationTime() - compile;
        doneAtMillis = ManagementFactory.getRuntimeMXBean().getUptime();
        done = true;
    }
}
