package io.github.panagrad.kernel;

/**
 * What one backend implements. The {@link Kernels} facade validates every argument
 * (sizes, offsets, leading dimensions, extents, aliasing) and states each formula; an
 * implementation trusts its input and must produce the results the facade documents:
 * identical bits to {@link ScalarKernels}, every kernel in its canonical order. Scalars derived from hyper-parameters (for example Adam's bias corrections)
 * are computed once by the facade, so both backends start from the same bits.
 */
interface KernelSupport {

    /** Which backend this is. */
    Backend backend();

    /** One line describing the implementation (species and lanes for the vector one). */
    String describe();

    void gemm(boolean transA, boolean transB, int m, int n, int k, float alpha,
              float[] a, int aOff, int lda, float[] b, int bOff, int ldb,
              float beta, float[] c, int cOff, int ldc);

    void relu(int n, float[] x, int xOff, float[] y, int yOff);

    void reluBackward(int n, float[] x, int xOff, float[] dy, int dyOff, float[] dx, int dxOff);

    void axpy(int n, float alpha, float[] x, int xOff, float[] y, int yOff);

    void add(int n, float[] a, int aOff, float[] b, int bOff, float[] y, int yOff);

    void sub(int n, float[] a, int aOff, float[] b, int bOff, float[] y, int yOff);

    void mul(int n, float[] a, int aOff, float[] b, int bOff, float[] y, int yOff);

    void scale(int n, float alpha, float[] x, int xOff, float[] y, int yOff);

    void addScalar(int n, float c, float[] x, int xOff, float[] y, int yOff);

    void mulAdd(int n, float[] a, int aOff, float[] b, int bOff, float[] y, int yOff);

    void transpose(int m, int n, float[] x, int xOff, float[] y, int yOff);

    void addRowVector(int m, int n, float[] x, int xOff, float[] v, int vOff, float[] y, int yOff);

    void columnSums(int m, int n, float[] x, int xOff, float beta, float[] y, int yOff);

    float sum(int n, float[] x, int xOff);

    float dot(int n, float[] x, int xOff, float[] y, int yOff);

    float mse(int n, float[] p, int pOff, float[] t, int tOff);

    /** {@code dp[i] += scale * (p[i] - t[i])}, with {@code scale = 2 * gradOut / n} from the facade. */
    void mseBackward(int n, float scale, float[] p, int pOff, float[] t, int tOff, float[] dp, int dpOff);

    /** SGD update; {@code oneMinusDampening} is precomputed, {@code buf} is null when momentum is 0. */
    void sgdStep(int n, float lr, float momentum, float oneMinusDampening, float weightDecay,
                 boolean nesterov, boolean firstStep,
                 float[] p, int pOff, float[] g, int gOff, float[] buf, int bufOff);

    /**
     * Adam update with the step-dependent scalars precomputed by the facade:
     * {@code stepSize = lr / (1 - beta1^t)} and {@code bc2Sqrt = sqrt(1 - beta2^t)}.
     */
    void adamStep(int n, float beta1, float beta2, float eps, float weightDecay,
                  float stepSize, float bc2Sqrt,
                  float[] p, int pOff, float[] g, int gOff,
                  float[] m, int mOff, float[] v, int vOff);
}
