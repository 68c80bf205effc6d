package io.github.panagrad.kernel;

/**
 * The vector backend while its code may still be cold: each call goes to the vector
 * implementation when {@link Warmup} has found its family compiled, else to the scalar
 * reference. Both give the same bits (every kernel has one canonical order), so only the speed
 * of a call depends on which one ran: before C2 has compiled a Vector API method, every vector
 * it touches is a heap object and the call is far slower than the scalar loop.
 */
final class WarmingKernels implements KernelSupport {

    /** Flops ({@code 2·m·n·k}) from which a gemm runs on the vector code even while it is cold. */
    static final long COLD_VECTOR_FLOPS = 1L << 25;

    private final KernelSupport vector;
    private final Warmup warmup;

    WarmingKernels(KernelSupport vector, Warmup warmup) {
        this.vector = vector;
        this.warmup = warmup;
    }

    private KernelSupport impl(KernelFamily family) {
        return warmup.isReady(family) ? vector : ScalarKernels.INSTANCE;
    }

    @Override
    public Backend backend() {
        return Backend.VECTOR;
    }

    @Override
    public String describe() {
        return vector.describe();
    }

    /**
     * gemm: on the vector code once the family is ready, and before that for products of at
     * least {@link #COLD_VECTOR_FLOPS}: one such call runs long enough for C2 to compile its
     * loop while it runs (on-stack replacement), whereas the scalar code is dozens of times
     * slower per call than the compiled vector code.
     */
    @Override
    public void gemm(boolean transA, boolean transB, int m, int n, int k, float alpha, float[] a, int aOff, int lda,
                     float[] b, int bOff, int ldb, float beta, float[] c, int cOff, int ldc) {
        KernelSupport impl = impl(KernelFamily.GEMM);
        if (2L * m * n * k >= COLD_VECTOR_FLOPS) {
            impl = vector;
        }
        impl.gemm(transA, transB, m, n, k, alpha, a, aOff, lda, b, bOff, ldb, beta, c, cOff, ldc);
    }

    @Override
    public void relu(int n, float[] x, int xOff, float[] y, int yOff) {
        impl(KernelFamily.ELEMENTWISE).relu(n, x, xOff, y, yOff);
    }

    @Override
    public void reluBackward(int n, float[] x, int xOff, float[] dy, int dyOff, float[] dx, int dxOff) {
        impl(KernelFamily.ELEMENTWISE).reluBackward(n, x, xOff, dy, dyOff, dx, dxOff);
    }

    @Override
    public void axpy(int n, float alpha, float[] x, int xOff, float[] y, int yOff) {
        impl(KernelFamily.ELEMENTWISE).axpy(n, alpha, x, xOff, y, yOff);
    }

    @Override
    public void add(int n, float[] a, int aOff, float[] b, int bOff, float[] y, int yOff) {
        impl(KernelFamily.ELEMENTWISE).add(n, a, aOff, b, bOff, y, yOff);
    }

    @Override
    public void sub(int n, float[] a, int aOff, float[] b, int bOff, float[] y, int yOff) {
        impl(KernelFamily.ELEMENTWISE).sub(n, a, aOff, b, bOff, y, yOff);
    }

    @Override
    public void mul(int n, float[] a, int aOff, float[] b, int bOff, float[] y, int yOff) {
        impl(KernelFamily.ELEMENTWISE).mul(n, a, aOff, b, bOff, y, yOff);
    }

    @Override
    public void scale(int n, float alpha, float[] x, int xOff, float[] y, int yOff) {
        impl(KernelFamily.ELEMENTWISE).scale(n, alpha, x, xOff, y, yOff);
    }

    @Override
    public void addScalar(int n, float c, float[] x, int xOff, float[] y, int yOff) {
        impl(KernelFamily.ELEMENTWISE).addScalar(n, c, x, xOff, y, yOff);
    }

    @Override
    public void mulAdd(int n, float[] a, int aOff, float[] b, int bOff, float[] y, int yOff) {
        impl(KernelFamily.ELEMENTWISE).mulAdd(n, a, aOff, b, bOff, y, yOff);
    }

    @Override
    public void transpose(int m, int n, float[] x, int xOff, float[] y, int yOff) {
        impl(KernelFamily.ELEMENTWISE).transpose(m, n, x, xOff, y, yOff);
    }

    @Override
    public void addRowVector(int m, int n, float[] x, int xOff, float[] v, int vOff, float[] y, int yOff) {
        impl(KernelFamily.ELEMENTWISE).addRowVector(m, n, x, xOff, v, vOff, y, yOff);
    }

    @Override
    public void columnSums(int m, int n, float[] x, int xOff, float beta, float[] y, int yOff) {
        impl(KernelFamily.REDUCTIONS).columnSums(m, n, x, xOff, beta, y, yOff);
    }

    @Override
    public float sum(int n, float[] x, int xOff) {
        return impl(KernelFamily.REDUCTIONS).sum(n, x, xOff);
    }

    @Override
    public float dot(int n, float[] x, int xOff, float[] y, int yOff) {
        return impl(KernelFamily.REDUCTIONS).dot(n, x, xOff, y, yOff);
    }

    @Override
    public float mse(int n, float[] p, int pOff, float[] t, int tOff) {
        return impl(KernelFamily.REDUCTIONS).mse(n, p, pOff, t, tOff);
    }

    @Override
    public void mseBackward(int n, float scale, float[] p, int pOff, float[] t, int tOff, float[] dp, int dpOff) {
        impl(KernelFamily.ELEMENTWISE).mseBackward(n, scale, p, pOff, t, tOff, dp, dpOff);
    }

    @Override
    public void sgdStep(int n, float lr, float momentum, float oneMinusDampening, float weightDecay, boolean nesterov,
                        boolean firstStep, float[] p, int pOff, float[] g, int gOff, float[] buf, int bufOff) {
        impl(KernelFamily.OPTIMIZER).sgdStep(n, lr, momentum, oneMinusDampening, weightDecay, nesterov, firstStep,
                p, pOff, g, gOff, buf, bufOff);
    }

    @Override
    public void adamStep(int n, float beta1, float beta2, float eps, float weightDecay, float stepSize, float bc2Sqrt,
                         float[] p, int pOff, float[] g, int gOff, float[] m, int mOff, float[] v, int vOff) {
        impl(KernelFamily.OPTIMIZER).adamStep(n, beta1, beta2, eps, weightDecay, stepSize, bc2Sqrt,
                p, pOff, g, gOff, m, mOff, v, vOff);
    }
}
