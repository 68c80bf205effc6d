package io.github.panagrad.bench;

import io.github.panagrad.kernel.Kernels;
import org.openjdk.jmh.annotations.Param;
import org.openjdk.jmh.annotations.Setup;
import org.openjdk.jmh.infra.Blackhole;

/** The binary elementwise kernels {@link Kernels#add}, {@link Kernels#sub} and {@link Kernels#mul}: {@code c = a op b}. */
public class ElementwiseBenchmark extends StreamingBenchmark {

    /** The kernel measured: add, sub or mul. */
    @Param({"add", "sub", "mul"})
    public String op;

    private BinaryKernel kernel;

    /** The shape shared by the three kernels. */
    @FunctionalInterface
    private interface BinaryKernel {
        void apply(Kernels kernels, int n, float[] a, int aOff, float[] b, int bOff, float[] y, int yOff);
    }

    /** Picks the kernel. */
    @Setup
    public void setUp() {
        kernel = switch (op) {
            case "add" -> Kernels::add;
            case "sub" -> Kernels::sub;
            case "mul" -> Kernels::mul;
            default -> throw new IllegalArgumentException("op = '" + op + "' is not one of add, sub, mul");
        };
    }

    @Override
    protected void run(Kernels kernels, Blackhole bh) {
        kernel.apply(kernels, n, a, 0, b, 0, c, 0);
        bh.consume(c);
    }
}
