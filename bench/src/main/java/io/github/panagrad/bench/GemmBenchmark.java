package io.github.panagrad.bench;

import dev.ludovic.netlib.blas.JavaBLAS;
import io.github.panagrad.kernel.Backend;
import io.github.panagrad.kernel.Kernels;
import java.util.Locale;
import org.ejml.data.FMatrixRMaj;
import org.ejml.dense.row.CommonOps_FDRM;
import org.openjdk.jmh.annotations.Benchmark;
import org.openjdk.jmh.annotations.Setup;
import org.openjdk.jmh.infra.BenchmarkParams;
import org.openjdk.jmh.infra.Blackhole;

/**
 * {@link Kernels#gemm}: {@code C = op(A) · op(B)} ({@code alpha = 1}, {@code beta = 0}),
 * row-major, against two Java peers doing the same product on the same arrays: EJML's
 * {@code CommonOps_FDRM.mult / multTransB / multTransA} and netlib's Vector API BLAS
 * ({@code VectorBLAS.sgemm}). A score is the time of one product, {@code 2·m·n·k} flops.
 * The shapes and operands are those of {@link GemmOperands}; before measuring, the trial
 * checks the measured implementation's result ({@link GemmOperands#check}), so every score
 * is the time of a correct product.
 */
public class GemmBenchmark extends PairedBenchmark {

    private GemmOperands operands;
    private float[] c;
    private Runnable ejmlProduct;
    private JavaBLAS blas;

    /**
     * Binds the peers to the operands' arrays and checks the result of the implementation
     * this trial measures.
     *
     * @param operands the case: shape, variant, A and B
     * @param params tells which benchmark method is measured
     */
    @Setup
    public void setUp(GemmOperands operands, BenchmarkParams params) {
        this.operands = operands;
        c = new float[operands.m * operands.n];
        bindEjml();
        String method = measuredMethod(params);
        if (method.equals("netlib")) {
            blas = vectorBlas();
        }
        operands.check(method, product(method));
    }

    private static JavaBLAS vectorBlas() {
        JavaBLAS instance = JavaBLAS.getInstance();
        if (!instance.getClass().getSimpleName().equals("VectorBLAS")) {
            throw new IllegalStateException("netlib's Java BLAS is " + instance.getClass().getName()
                    + ", not its Vector API implementation VectorBLAS; run with --add-modules jdk.incubator.vector");
        }
        return instance;
    }

    private void bindEjml() {
        GemmOperands o = operands;
        FMatrixRMaj ea = FMatrixRMaj.wrap(o.transA ? o.k : o.m, o.transA ? o.m : o.k, o.a);
        FMatrixRMaj eb = FMatrixRMaj.wrap(o.transB ? o.n : o.k, o.transB ? o.k : o.n, o.b);
        FMatrixRMaj ec = FMatrixRMaj.wrap(o.m, o.n, c);
        if (o.transA && o.transB) {
            ejmlProduct = () -> CommonOps_FDRM.multTransAB(ea, eb, ec);
        } else if (o.transA) {
            ejmlProduct = () -> CommonOps_FDRM.multTransA(ea, eb, ec);
        } else if (o.transB) {
            ejmlProduct = () -> CommonOps_FDRM.multTransB(ea, eb, ec);
        } else {
            ejmlProduct = () -> CommonOps_FDRM.mult(ea, eb, ec);
        }
    }

    @Override
    protected void run(Kernels kernels, Blackhole bh) {
        bh.consume(multiply(kernels));
    }

    /** @return C, after EJML's product of the same operands */
    @Benchmark
    public float[] ejml() {
        ejmlProduct.run();
        return c;
    }

    /**
     * netlib's sgemm is column-major: row-major {@code C = op(A)·op(B)} is column-major
     * {@code Cᵀ = op(B)ᵀ·op(A)ᵀ}, and a row-major array is its own transpose read column-major,
     * so the operands swap places and keep their transpose flags and leading dimensions.
     *
     * @return C, after netlib's product of the same operands
     */
    @Benchmark
    public float[] netlib() {
        GemmOperands o = operands;
        blas.sgemm(o.transB ? "T" : "N", o.transA ? "T" : "N", o.n, o.m, o.k, 1f, o.b, o.ldb, o.a, o.lda, 0f, c, o.n);
        return c;
    }

    private float[] multiply(Kernels kernels) {
        return operands.multiply(kernels, c);
    }

    private float[] product(String method) {
        return switch (method) {
            case "ejml" -> ejml();
            case "netlib" -> netlib();
            default -> multiply(Kernels.of(Backend.valueOf(method.toUpperCase(Locale.ROOT))));
        };
    }
}
