package io.github.panagrad.bench;

import dev.ludovic.netlib.blas.JavaBLAS;
import io.github.panagrad.kernel.Backend;
import io.github.panagrad.kernel.ErrorBound;
import io.github.panagrad.kernel.Kernels;
import java.util.Locale;
import org.ejml.data.FMatrixRMaj;
import org.ejml.dense.row.CommonOps_FDRM;
import org.openjdk.jmh.annotations.Benchmark;
import org.openjdk.jmh.annotations.Param;
import org.openjdk.jmh.annotations.Setup;
import org.openjdk.jmh.infra.BenchmarkParams;
import org.openjdk.jmh.infra.Blackhole;

/**
 * {@link Kernels#gemm}: {@code C = op(A) · op(B)} ({@code alpha = 1}, {@code beta = 0}),
 * row-major, against two Java peers doing the same product on the same arrays: EJML's
 * {@code CommonOps_FDRM.mult / multTransB / multTransA} and netlib's Vector API BLAS
 * ({@code VectorBLAS.sgemm}). A score is the time of one product, {@code 2·m·n·k} flops.
 *
 * <p>Shapes: squares (127 shows the cost of a ragged tail next to 128), then the products
 * of training the 784→256→10 network at batch 128 (first layer forward, weight gradient and
 * input gradient) and of the 3→8→1 network at batch 1000 (both layers forward, both weight
 * gradients, the hidden gradient). Before measuring, the trial checks sampled elements of
 * the measured implementation's result against a double-precision reference within the
 * γ(k + 2) bound, so every score is the time of a correct product.
 */
public class GemmBenchmark extends PairedBenchmark {

    private static final int CHECKED_ELEMENTS = 32;

    /** The product's shape, {@code m x n x k}: op(A) is m × k, op(B) is k × n. */
    @Param({"64x64x64", "127x127x127", "128x128x128", "256x256x256", "512x512x512", "1024x1024x1024",
            "128x256x784", "256x784x128", "128x784x256",
            "1000x8x3", "1000x1x8", "8x3x1000", "1x8x1000", "1000x8x1"})
    public String shape;

    /**
     * Which operands are transposed: NN (C = A·B), NT (C = A·Bᵀ) or TN (C = Aᵀ·B), the three
     * the autograd layer uses; TT (C = Aᵀ·Bᵀ) may be given with {@code -p variant=TT}.
     */
    @Param({"NN", "NT", "TN"})
    public String variant;

    private GemmProblem p;
    private Runnable ejmlProduct;
    private JavaBLAS blas;

    /**
     * Draws A and B as stored for the variant, binds the peers to the same arrays, and checks
     * the result of the implementation this trial measures.
     *
     * @param params tells which benchmark method is measured
     */
    @Setup
    public void setUp(BenchmarkParams params) {
        p = new GemmProblem(shape, variant);
        bindEjml();
        String method = params.getBenchmark().substring(params.getBenchmark().lastIndexOf('.') + 1);
        if (method.equals("netlib")) {
            blas = vectorBlas();
        }
        checkSampledElements(method, product(method));
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
        FMatrixRMaj ea = FMatrixRMaj.wrap(p.transA ? p.k : p.m, p.transA ? p.m : p.k, p.a);
        FMatrixRMaj eb = FMatrixRMaj.wrap(p.transB ? p.n : p.k, p.transB ? p.k : p.n, p.b);
        FMatrixRMaj ec = FMatrixRMaj.wrap(p.m, p.n, p.c);
        if (p.transA && p.transB) {
            ejmlProduct = () -> CommonOps_FDRM.multTransAB(ea, eb, ec);
        } else if (p.transA) {
            ejmlProduct = () -> CommonOps_FDRM.multTransA(ea, eb, ec);
        } else if (p.transB) {
            ejmlProduct = () -> CommonOps_FDRM.multTransB(ea, eb, ec);
        } else {
            ejmlProduct = () -> CommonOps_FDRM.mult(ea, eb, ec);
        }
    }

    @Override
    protected void run(Kernels kernels, Blackhole bh) {
        bh.consume(p.multiply(kernels));
    }

    /** @return C, after EJML's product of the same operands */
    @Benchmark
    public float[] ejml() {
        ejmlProduct.run();
        return p.c;
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
        blas.sgemm(p.transB ? "T" : "N", p.transA ? "T" : "N", p.n, p.m, p.k, 1f, p.b, p.ldb, p.a, p.lda, 0f, p.c, p.n);
        return p.c;
    }

    private float[] product(String method) {
        return switch (method) {
            case "ejml" -> ejml();
            case "netlib" -> netlib();
            default -> p.multiply(Kernels.of(Backend.valueOf(method.toUpperCase(Locale.ROOT))));
        };
    }

    private void checkSampledElements(String method, float[] result) {
        for (int s = 0; s < CHECKED_ELEMENTS; s++) {
            int i = (int) ((long) s * 37 % p.m);
            int j = (int) ((long) s * 101 % p.n);
            double exact = 0;
            double absSum = 0;
            for (int q = 0; q < p.k; q++) {
                double term = (double) (p.transA ? p.a[q * p.m + i] : p.a[i * p.k + q])
                        * (p.transB ? p.b[j * p.k + q] : p.b[q * p.n + j]);
                exact += term;
                absSum += Math.abs(term);
            }
            float computed = result[i * p.n + j];
            if (!ErrorBound.holds(computed, exact, p.k + 2L, absSum)) {
                throw new IllegalStateException(method + " gemm " + variant + " " + shape + ": C[" + i + "][" + j + "] = "
                        + computed + ", exact " + exact + ", allowed error " + ErrorBound.allowed(p.k + 2L, absSum));
            }
        }
    }
}
