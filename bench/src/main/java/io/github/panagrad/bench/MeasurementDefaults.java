package io.github.panagrad.bench;

import java.util.concurrent.TimeUnit;
import org.openjdk.jmh.annotations.BenchmarkMode;
import org.openjdk.jmh.annotations.Fork;
import org.openjdk.jmh.annotations.Measurement;
import org.openjdk.jmh.annotations.Mode;
import org.openjdk.jmh.annotations.OutputTimeUnit;
import org.openjdk.jmh.annotations.Scope;
import org.openjdk.jmh.annotations.State;
import org.openjdk.jmh.annotations.Warmup;
import org.openjdk.jmh.infra.BenchmarkParams;

/**
 * The JMH settings every benchmark inherits: average time per operation in microseconds,
 * one forked JVM with the Vector API module added, 3 warm-up and 5 measured iterations of
 * one second. Command-line options ({@code -f -wi -i -w -r}, as {@code bench/run} passes
 * them) override these; the forked JVM always keeps {@code --add-modules jdk.incubator.vector}.
 */
@State(Scope.Thread)
@BenchmarkMode(Mode.AverageTime)
@OutputTimeUnit(TimeUnit.MICROSECONDS)
@Fork(value = 1, jvmArgsAppend = {"--add-modules", "jdk.incubator.vector"})
@Warmup(iterations = 3, time = 1)
@Measurement(iterations = 5, time = 1)
public abstract class MeasurementDefaults {

    /**
     * @param params the benchmark JMH is running, as a {@code @Setup} method receives it
     * @return the name of its method, such as {@code vector}: which implementation the trial measures
     */
    static String measuredMethod(BenchmarkParams params) {
        String benchmark = params.getBenchmark();
        return benchmark.substring(benchmark.lastIndexOf('.') + 1);
    }
}
