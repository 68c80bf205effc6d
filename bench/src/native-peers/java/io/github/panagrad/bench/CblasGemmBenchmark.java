package io.github.panagrad.bench;

import org.bytedeco.javacpp.FloatPointer;
import org.openjdk.jmh.annotations.Benchmark;
import org.openjdk.jmh.annotations.Setup;
import org.openjdk.jmh.annotations.TearDown;
import org.openjdk.jmh.infra.BenchmarkParams;

/**
 * A native BLAS's {@code cblas_sgemm}, called through its JavaCPP preset on the cases of
 * {@link GemmOperands}: row-major {@code C = op(A) · op(B)} ({@code CblasRowMajor}, alpha 1,
 * beta 0) on one thread. A score is the time of one product, as in {@link GemmBenchmark}.
 *
 * <p>Two ways a Java user calls it, one benchmark method each:
 * <ul>
 *   <li>{@link #pointer}: A, B and C in native memory ({@code FloatPointer}) allocated and
 *       filled once, as a performance-aware user keeps operands that live in native code;
 *   <li>{@link #array}: the {@code float[]} overload on the Java arrays, whose JNI glue copies
 *       every array into native memory and back on each call.
 * </ul>
 * Before measuring, the trial checks the measured method's result with
 * {@link GemmOperands#check}, so every score is the time of a correct product.
 */
public abstract class CblasGemmBenchmark extends MeasurementDefaults {

    /** CBLAS's {@code CblasRowMajor}, {@code CblasNoTrans} and {@code CblasTrans}: fixed by the CBLAS interface. */
    private static final int ROW_MAJOR = 101;
    private static final int NO_TRANS = 111;
    private static final int TRANS = 112;

    /** A preset's {@code cblas_sgemm} on native memory. */
    interface PointerSgemm {
        /** {@code cblas_sgemm(order, transA, transB, m, n, k, alpha, a, lda, b, ldb, beta, c, ldc)}. */
        void sgemm(int order, int transA, int transB, int m, int n, int k, float alpha,
                FloatPointer a, int lda, FloatPointer b, int ldb, float beta, FloatPointer c, int ldc);
    }

    /** A preset's {@code cblas_sgemm} overload on Java arrays. */
    interface ArraySgemm {
        /** {@code cblas_sgemm(order, transA, transB, m, n, k, alpha, a, lda, b, ldb, beta, c, ldc)}. */
        void sgemm(int order, int transA, int transB, int m, int n, int k, float alpha,
                float[] a, int lda, float[] b, int ldb, float beta, float[] c, int ldc);
    }

    private final PointerSgemm pointerSgemm;
    private final ArraySgemm arraySgemm;
    private GemmOperands operands;
    private int transA;
    private int transB;
    private FloatPointer a;
    private FloatPointer b;
    private FloatPointer c;
    private float[] cArray;

    /**
     * @param pointerSgemm the preset's {@code cblas_sgemm} on {@code FloatPointer}s
     * @param arraySgemm the preset's {@code cblas_sgemm} on {@code float[]}s
     */
    CblasGemmBenchmark(PointerSgemm pointerSgemm, ArraySgemm arraySgemm) {
        this.pointerSgemm = pointerSgemm;
        this.arraySgemm = arraySgemm;
    }

    /**
     * Loads the library on one thread, copies the operands into native memory, and checks
     * the result of the method this trial measures.
     *
     * @param operands the case: shape, variant, A and B
     * @param params tells which benchmark method is measured
     */
    @Setup
    public void setUp(GemmOperands operands, BenchmarkParams params) {
        bind(operands);
        String method = measuredMethod(params);
        if (method.equals("pointer")) {
            pointer().get(cArray);
        } else {
            array();
        }
        operands.check(getClass().getSimpleName() + "." + method, cArray);
    }

    /**
     * Loads the library on one thread and copies the operands into native memory.
     *
     * @param operands the case to multiply
     */
    void bind(GemmOperands operands) {
        loadSingleThreaded();
        this.operands = operands;
        transA = operands.transA ? TRANS : NO_TRANS;
        transB = operands.transB ? TRANS : NO_TRANS;
        a = new FloatPointer(operands.a);
        b = new FloatPointer(operands.b);
        c = new FloatPointer((long) operands.m * operands.n);
        cArray = new float[operands.m * operands.n];
    }

    /** Frees the native operands. */
    @TearDown
    public void free() {
        a.close();
        b.close();
        c.close();
    }

    /** @return C in native memory, after the product of the native operands */
    @Benchmark
    public FloatPointer pointer() {
        GemmOperands o = operands;
        pointerSgemm.sgemm(ROW_MAJOR, transA, transB, o.m, o.n, o.k, 1f, a, o.lda, b, o.ldb, 0f, c, o.n);
        return c;
    }

    /** @return C, after the product of the Java arrays through the {@code float[]} overload */
    @Benchmark
    public float[] array() {
        GemmOperands o = operands;
        arraySgemm.sgemm(ROW_MAJOR, transA, transB, o.m, o.n, o.k, 1f, o.a, o.lda, o.b, o.ldb, 0f, cArray, o.n);
        return cArray;
    }

    /**
     * Loads the native library if it is not loaded yet and sets it to one thread.
     *
     * @throws IllegalStateException when the library does not run as required
     */
    abstract void loadSingleThreaded();
}
