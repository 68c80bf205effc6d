package io.github.panagrad.bench;

import ai.djl.engine.Engine;
import ai.djl.pytorch.jni.JniUtils;
import java.util.LinkedHashMap;
import java.util.Map;

/**
 * One cold-start measurement of PyTorch through DJL in this JVM, which must be fresh: the
 * first training steps of a {@link TrainingModel}, written as one of
 * {@link DjlTrainingStepBenchmark}'s methods ({@link DjlAutogradStep} or
 * {@link DjlTrainerStep}), timed by {@link CallTimer} and printed as one line of JSON in
 * {@link ColdStart}'s format. {@code bench/coldstart.py --djl-jar} runs it as the engines
 * {@code djl-autograd} and {@code djl-trainer}.
 *
 * <pre>
 * java -Dai.djl.offline=true -Dai.djl.pytorch.num_threads=1 -Dai.djl.pytorch.num_interop_threads=1 \
 *     -DDJL_CACHE_DIR=bench/target/native-peers/djl-cache -cp bench/target/native-peers/benchmarks.jar \
 *     io.github.panagrad.bench.DjlColdStart [autograd|trainer] train:MODEL COUNT MAX_SECONDS
 * </pre>
 *
 * <p>Before the timed steps the JVM draws the model's data, loads libtorch
 * ({@code Engine.getEngine}, timed apart as {@code engine_ms}, as {@code ColdStart}'s
 * {@code backend_ms} and {@code coldstart_pytorch.py}'s {@code import_ms}; the first load on a
 * machine also extracts libtorch into the DJL cache) and builds the network on one intra-op and
 * one inter-op thread, as the benchmark checks.
 */
public final class DjlColdStart {

    private DjlColdStart() {
    }

    /**
     * Runs the measurement the arguments name and prints it.
     *
     * @param args {@code [autograd|trainer] train:MODEL COUNT MAX_SECONDS}; the method defaults to autograd
     */
    public static void main(String[] args) {
        int at = args.length - 3;
        String method = at == 1 ? args[0] : "autograd";
        if (at < 0 || at > 1 || !args[at].startsWith("train:") || !method.matches("autograd|trainer")) {
            System.err.println("usage: DjlColdStart [autograd|trainer] train:MODEL COUNT MAX_SECONDS");
            System.exit(2);
        }
        String testCase = args[at];
        int count = Integer.parseInt(args[at + 1]);
        long maxNanos = (long) (Double.parseDouble(args[at + 2]) * 1e9);
        TrainingModel model = TrainingModel.of(testCase.substring("train:".length()));
        long loadStart = System.nanoTime();
        Engine engine = Engine.getEngine("PyTorch");
        long loadNanos = System.nanoTime() - loadStart;
        Map<String, Object> result = new LinkedHashMap<>();
        result.put("case", testCase);
        result.put("engine", "djl-" + method);
        result.put("djl", Engine.getDjlVersion());
        result.put("torch", engine.getVersion());
        result.put("engine_ms", loadNanos / 1e6);
        try (DjlStep step = DjlTrainingStepBenchmark.newStep(model, method)) {
            result.put("threads", JniUtils.getNumThreads());
            result.putAll(CallTimer.time(step::run, count, maxNanos));
        }
        System.out.println(Json.object(result));
    }
}
