package io.github.panagrad.bench;

import ai.djl.engine.Engine;
import ai.djl.pytorch.jni.JniUtils;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.util.LinkedHashMap;
import java.util.Map;
import org.bytedeco.javacpp.Loader;
import org.bytedeco.mkl.global.mkl_rt;
import org.bytedeco.openblas.global.openblas_full;
import org.openjdk.jmh.annotations.Param;

/**
 * Prints, as one JSON object on its last line of output, which build and which kernels a
 * native peer runs in this JVM's environment. {@code bench/run} runs it once per peer right
 * after the JMH runs, in the environment and with the options of their forks, and keeps the
 * output in {@code peer-kernels.json}.
 *
 * <ul>
 *   <li>{@code openblas}: the JavaCPP and preset versions, {@code openblas_get_config()},
 *       {@code openblas_get_corename()} (the kernels in use), the threading model, and
 *       {@code OPENBLAS_CORETYPE} if set.
 *   <li>{@code mkl}: the versions, MKL's version string and the processor it optimises for;
 *       then one product of every {@link GemmOperands} case through
 *       {@link MklGemmBenchmark#pointer}, so that with {@code MKL_VERBOSE=1} MKL prints, on
 *       standard output before the JSON, its header (version, instruction set, threading
 *       layer) and one line per call.
 *   <li>{@code djl}: the DJL and libtorch versions and thread counts; then one step of every
 *       {@link TrainingModel} model with each {@link DjlTrainingStepBenchmark} method, so that
 *       with {@code MKL_VERBOSE=1} the oneMKL inside libtorch prints the products it runs.
 * </ul>
 */
public final class PeerKernels {

    private PeerKernels() {
    }

    /**
     * Prints the facts of one peer.
     *
     * @param args {@code openblas}, {@code mkl} or {@code djl}
     * @throws ReflectiveOperationException never: the parameter fields read are public
     * @throws IOException when JavaCPP cannot read a preset's version
     */
    public static void main(String[] args) throws ReflectiveOperationException, IOException {
        String peer = args.length == 1 ? args[0] : "";
        Map<String, String> facts = switch (peer) {
            case "openblas" -> openBlas();
            case "mkl" -> mkl();
            case "djl" -> djl();
            default -> throw new IllegalArgumentException("usage: PeerKernels openblas|mkl|djl");
        };
        System.out.println(Json.object(facts));
    }

    private static Map<String, String> openBlas() throws IOException {
        Map<String, String> facts = javacpp("openblas");
        openblas_full.openblas_set_num_threads(1);
        facts.put("config", openblas_full.openblas_get_config().getString());
        facts.put("corename", openblas_full.openblas_get_corename().getString());
        facts.put("parallel", switch (openblas_full.openblas_get_parallel()) {
            case 0 -> "sequential";
            case 1 -> "pthreads";
            default -> "OpenMP";
        });
        facts.put("threads", Integer.toString(openblas_full.openblas_get_num_threads()));
        facts.put("OPENBLAS_CORETYPE", String.valueOf(System.getenv("OPENBLAS_CORETYPE")));
        return facts;
    }

    private static Map<String, String> mkl() throws ReflectiveOperationException, IOException {
        Map<String, String> facts = javacpp("mkl");
        byte[] text = new byte[256];
        mkl_rt.MKL_Get_Version_String(text, text.length);
        int end = 0;
        while (end < text.length && text[end] != 0) {
            end++;
        }
        facts.put("version", new String(text, 0, end, StandardCharsets.US_ASCII).trim());
        try (mkl_rt.MKLVersion version = new mkl_rt.MKLVersion()) {
            mkl_rt.MKL_Get_Version(version);
            facts.put("processor", version.Processor().getString());
        }
        MklGemmBenchmark gemm = new MklGemmBenchmark();
        for (String shape : defaults(GemmOperands.class, "shape")) {
            for (String variant : defaults(GemmOperands.class, "variant")) {
                gemm.bind(GemmOperands.of(shape, variant));
                gemm.pointer();
                gemm.free();
            }
        }
        facts.put("threads", Integer.toString(mkl_rt.MKL_Get_Max_Threads()));
        facts.put("MKL_VERBOSE", String.valueOf(System.getenv("MKL_VERBOSE")));
        return facts;
    }

    private static Map<String, String> djl() throws ReflectiveOperationException {
        Map<String, String> facts = new LinkedHashMap<>();
        Engine engine = Engine.getEngine("PyTorch");
        facts.put("djl", Engine.getDjlVersion());
        facts.put("engine", engine.getEngineName() + " " + engine.getVersion());
        for (String model : defaults(TrainingModel.class, "model")) {
            TrainingModel training = TrainingModel.of(model);
            for (String method : new String[] {"autograd", "trainer"}) {
                try (DjlStep step = DjlTrainingStepBenchmark.newStep(training, method)) {
                    step.run();
                }
            }
        }
        facts.put("intra_op_threads", Integer.toString(JniUtils.getNumThreads()));
        facts.put("inter_op_threads", Integer.toString(JniUtils.getNumInteropThreads()));
        facts.put("MKL_VERBOSE", String.valueOf(System.getenv("MKL_VERBOSE")));
        return facts;
    }

    /** @return the values a JMH parameter of a state takes by default */
    private static String[] defaults(Class<?> state, String parameter) throws ReflectiveOperationException {
        return state.getField(parameter).getAnnotation(Param.class).value();
    }

    private static Map<String, String> javacpp(String preset) throws IOException {
        Map<String, String> facts = new LinkedHashMap<>();
        facts.put("javacpp", Loader.getVersion("org.bytedeco", "javacpp"));
        facts.put("preset", Loader.getVersion("org.bytedeco", preset));
        return facts;
    }
}
