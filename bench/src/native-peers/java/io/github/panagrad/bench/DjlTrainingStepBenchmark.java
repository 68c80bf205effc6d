package io.github.panagrad.bench;

import ai.djl.engine.Engine;
import ai.djl.pytorch.jni.JniUtils;
import org.openjdk.jmh.annotations.Benchmark;
import org.openjdk.jmh.annotations.Fork;
import org.openjdk.jmh.annotations.Setup;
import org.openjdk.jmh.annotations.TearDown;
import org.openjdk.jmh.infra.BenchmarkParams;

/**
 * One training step of the {@link TrainingModel} networks in PyTorch (libtorch, from the
 * {@code ai.djl.pytorch:pytorch-native-cpu} jar) through DJL, written the two ways a Java user
 * would: {@link #autograd} with NDArrays and a GradientCollector ({@link DjlAutogradStep}),
 * {@link #trainer} with DJL's Trainer API ({@link DjlTrainerStep}). Same networks, data, MSE
 * loss, SGD learning rate and trial warm-up as {@link TrainingStepBenchmark}.
 *
 * <p>One thread: the forks set libtorch's intra-op and inter-op thread counts to 1 (DJL's
 * {@code ai.djl.pytorch.num_threads} and {@code num_interop_threads}), which the trial checks,
 * and load libtorch from the class path only ({@code ai.djl.offline}: DJL never downloads).
 */
@Fork(value = 1, jvmArgsAppend = {"--add-modules", "jdk.incubator.vector", "-Dai.djl.offline=true",
        "-Dai.djl.pytorch.num_threads=1", "-Dai.djl.pytorch.num_interop_threads=1"})
public class DjlTrainingStepBenchmark extends MeasurementDefaults {

    private DjlStep step;

    /**
     * Loads libtorch, checks it runs on one thread, builds the measured method's step and runs
     * the trial's warm-up.
     *
     * @param model the network, batch and data
     * @param params tells which benchmark method is measured
     */
    @Setup
    public void setUp(TrainingModel model, BenchmarkParams params) {
        step = newStep(model, measuredMethod(params));
        TrainingModel.warmUp(step::run);
    }

    /**
     * @param model the network, batch and data
     * @param method {@code autograd} or {@code trainer}
     * @return that method's step, on a libtorch checked to run one intra-op and one inter-op thread
     */
    static DjlStep newStep(TrainingModel model, String method) {
        Engine.getEngine("PyTorch"); // loads libtorch, which reads the thread counts
        if (JniUtils.getNumThreads() != 1 || JniUtils.getNumInteropThreads() != 1) {
            throw new IllegalStateException("libtorch runs " + JniUtils.getNumThreads() + " intra-op and "
                    + JniUtils.getNumInteropThreads() + " inter-op threads, not 1 and 1: run with "
                    + "-Dai.djl.pytorch.num_threads=1 -Dai.djl.pytorch.num_interop_threads=1");
        }
        return method.equals("trainer") ? new DjlTrainerStep(model) : new DjlAutogradStep(model);
    }

    /** Frees the network and data. */
    @TearDown
    public void close() {
        step.close();
    }

    /** One step written with NDArrays and a GradientCollector. */
    @Benchmark
    public void autograd() {
        step.run();
    }

    /** One step through DJL's Trainer API. */
    @Benchmark
    public void trainer() {
        step.run();
    }
}
