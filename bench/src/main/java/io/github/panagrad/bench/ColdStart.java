package io.github.panagrad.bench;

import io.github.panagrad.kernel.Backend;
import io.github.panagrad.kernel.Kernels;
import java.util.LinkedHashMap;
import java.util.Locale;
import java.util.Map;

/**
 * One cold-start measurement in this JVM, which must be fresh: the first calls of one
 * kernel, or the first steps of one training model, timed by {@link CallTimer} and printed
 * as one line of JSON on standard output. {@code bench/coldstart.py} starts a JVM per
 * measurement and gathers the lines.
 *
 * <pre>
 * java --add-modules jdk.incubator.vector -cp benchmarks.jar io.github.panagrad.bench.ColdStart \
 *     CASE BACKEND COUNT MAX_SECONDS
 * </pre>
 *
 * <ul>
 * <li>{@code CASE}: {@code gemm:SHAPE:VARIANT} ({@link GemmOperands}, e.g. {@code gemm:512x512x512:NN}),
 *     {@code train:MODEL} ({@link TrainingModel} and {@link PanagradStep}, e.g. {@code train:1000x3-1}) or {@code KERNEL:SIZE}
 *     ({@link KernelCall}, e.g. {@code relu:1000} or {@code columnSums:1001x1003});
 * <li>{@code BACKEND}: {@code scalar} or {@code vector};
 * <li>{@code COUNT}: calls or steps; {@code MAX_SECONDS}: no call starts after this long;
 * </ul>
 *
 * <p>Before the timed calls the JVM loads the backend ({@link Kernels#of}, timed apart as
 * {@code backend_ms}) and draws the operands or builds the model; neither runs a kernel. The
 * vector backend warms up as the library does by default (its warm-up thread starts at the
 * first kernel call, the cold families running on the scalar code meanwhile), or not at all
 * with {@code -Dpanagrad.warmup=off}; on VECTOR the line ends with
 * {@link Kernels#warmupStatus()} after the last call ({@code warmup_status}). After the timed
 * calls a gemm case checks its last product against the double-precision reference
 * ({@link GemmOperands#check}), so that a wrong product fails the measurement.
 */
public final class ColdStart {

    private static volatile Object sink;

    /**
     * A case ready to run.
     *
     * @param call one measured call
     * @param check what to check after the timed calls
     */
    private record Measured(Runnable call, Runnable check) {
    }

    private ColdStart() {
    }

    /**
     * Runs the measurement the arguments name and prints it.
     *
     * @param args {@code CASE BACKEND COUNT MAX_SECONDS}
     */
    public static void main(String[] args) {
        if (args.length != 4) {
            System.err.println("usage: ColdStart CASE scalar|vector COUNT MAX_SECONDS");
            System.exit(2);
        }
        String testCase = args[0];
        Backend backend = Backend.valueOf(args[1].toUpperCase(Locale.ROOT));
        int count = Integer.parseInt(args[2]);
        long maxNanos = (long) (Double.parseDouble(args[3]) * 1e9);
        long loadStart = System.nanoTime();
        Kernels kernels = Kernels.of(backend);
        long loadNanos = System.nanoTime() - loadStart;
        Measured measured = prepare(testCase, args[1], kernels);
        Map<String, Object> result = new LinkedHashMap<>();
        result.put("case", testCase);
        result.put("engine", args[1]);
        result.put("backend_ms", loadNanos / 1e6);
        result.putAll(CallTimer.time(measured.call(), count, maxNanos));
        measured.check().run();
        if (backend == Backend.VECTOR) {
            result.put("warmup_status", Kernels.warmupStatus());
        }
        System.out.println(Json.object(result));
    }

    /** The measured call of a case, with its operands drawn or its model built, and its check. */
    private static Measured prepare(String testCase, String engine, Kernels kernels) {
        String[] parts = testCase.split(":");
        if (parts[0].equals("gemm") && parts.length == 3) {
            GemmOperands operands = GemmOperands.of(parts[1], parts[2]);
            float[] c = new float[operands.m * operands.n];
            return new Measured(() -> sink = operands.multiply(kernels, c), () -> operands.check("ColdStart " + engine, c));
        }
        if (parts[0].equals("train") && parts.length == 2) {
            PanagradStep step = new PanagradStep(TrainingModel.of(parts[1]));
            return new Measured(() -> sink = step.step(kernels.backend()), () -> { });
        }
        if (parts.length == 2) {
            KernelCall call = KernelCall.named(parts[0]);
            KernelCall.Operands operands = new KernelCall.Operands(parts[1]);
            return new Measured(() -> sink = call.call(kernels, operands), () -> { });
        }
        throw new IllegalArgumentException("case = '" + testCase + "' must be gemm:SHAPE:VARIANT, train:MODEL or KERNEL:SIZE");
    }
}
