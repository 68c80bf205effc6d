package io.github.panagrad.kernel;

import java.util.Arrays;

/**
 * The reference backend: one plain loop per kernel, written to read like the formula in
 * {@link Kernels} in its canonical evaluation order ({@code docs/numerics.md}). Its results
 * define the bits of every kernel: {@code VectorKernels} performs the same operations in the
 * same order, lane by lane. Single-threaded.
 *
 * <p>Two orders are shared by several kernels and fixed here:
 * <ul>
 *   <li><b>gemm's k-blocks.</b> The inner dimension is split into {@code ⌈k / 128⌉} blocks of
 *       {@link #kBlock(int) kBlock(k)} consecutive steps (the last may be shorter). Each
 *       element of C starts as {@code beta == 0 ? -0 : beta · c}; per block in order, an FMA
 *       chain from +0 over the block's steps gives {@code s}, and {@code c = fma(s, alpha, c)}.</li>
 *   <li><b>Long reductions</b> ({@code sum}, {@code dot}, {@code mse}): term i goes to partial
 *       sum {@code i mod 64} in index order, the partials starting at +0, and the 64 partials
 *       are combined by {@link #combine(float[])}, a fixed pairwise tree; the sum of no terms
 *       is +0, as in PyTorch and NumPy.</li>
 * </ul>
 */
enum ScalarKernels implements KernelSupport {
    /** The one instance: the kernels are stateless. */
    INSTANCE;

    /** Longest k-block of gemm's canonical order. */
    static final int K_BLOCK = 128;

    /** Partial sums of the long reductions: term i goes to partial {@code i mod PARTIALS}. */
    static final int PARTIALS = 64;

    @Override
    public Backend backend() {
        return Backend.SCALAR;
    }

    @Override
    public String describe() {
        return "scalar reference loops";
    }

    /**
     * Row by row: {@code c} holds row i of C as the order starts it, and per k-block {@code s}
     * holds the block sums of the row's elements, each a chain over the block's steps in order
     * (the steps outside, the elements inside, so the inner loop runs along rows of B).
     */
    @Override
    public void gemm(boolean transA, boolean transB, int m, int n, int k, float alpha,
                     float[] a, int aOff, int lda, float[] b, int bOff, int ldb,
                     float beta, float[] c, int cOff, int ldc) {
        if (n == 0) {
            return;
        }
        int kb = kBlock(k);
        float[] row = new float[n];
        float[] s = new float[n];
        for (int i = 0; i < m; i++) {
            int ci = cOff + i * ldc;
            if (alpha == 0f || k == 0) {
                for (int j = 0; j < n; j++) {
                    c[ci + j] = beta == 0f ? 0f : beta * c[ci + j];
                }
                continue;
            }
            for (int j = 0; j < n; j++) {
                row[j] = beta == 0f ? -0f : beta * c[ci + j];
            }
            for (int p0 = 0; p0 < k; p0 += kb) {
                Arrays.fill(s, 0f);
                for (int p = p0; p < Math.min(k, p0 + kb); p++) {
                    float aip = transA ? a[aOff + p * lda + i] : a[aOff + i * lda + p];
                    for (int j = 0; j < n; j++) {
                        float bpj = transB ? b[bOff + j * ldb + p] : b[bOff + p * ldb + j];
                        s[j] = Math.fma(aip, bpj, s[j]);
                    }
                }
                for (int j = 0; j < n; j++) {
                    row[j] = Math.fma(s[j], alpha, row[j]);
                }
            }
            System.arraycopy(row, 0, c, ci, n);
        }
    }

    /**
     * The length of gemm's canonical k-blocks for inner dimension k: {@code k} split into
     * {@code ⌈k / K_BLOCK⌉} blocks of this many steps, the last one possibly shorter.
     */
    static int kBlock(int k) {
        int blocks = Math.max(1, -Math.floorDiv(-k, K_BLOCK));
        return Math.max(1, -Math.floorDiv(-k, blocks));
    }

    @Override
    public void relu(int n, float[] x, int xOff, float[] y, int yOff) {
        for (int i = 0; i < n; i++) {
            float v = x[xOff + i];
            y[yOff + i] = v < 0f ? 0f : v;
        }
    }

    @Override
    public void reluBackward(int n, float[] x, int xOff, float[] dy, int dyOff, float[] dx, int dxOff) {
        for (int i = 0; i < n; i++) {
            dx[dxOff + i] += x[xOff + i] <= 0f ? 0f : dy[dyOff + i];
        }
    }

    @Override
    public void axpy(int n, float alpha, float[] x, int xOff, float[] y, int yOff) {
        for (int i = 0; i < n; i++) {
            y[yOff + i] = Math.fma(alpha, x[xOff + i], y[yOff + i]);
        }
    }

    @Override
    public void add(int n, float[] a, int aOff, float[] b, int bOff, float[] y, int yOff) {
        for (int i = 0; i < n; i++) {
            y[yOff + i] = a[aOff + i] + b[bOff + i];
        }
    }

    @Override
    public void sub(int n, float[] a, int aOff, float[] b, int bOff, float[] y, int yOff) {
        for (int i = 0; i < n; i++) {
            y[yOff + i] = a[aOff + i] - b[bOff + i];
        }
    }

    @Override
    public void mul(int n, float[] a, int aOff, float[] b, int bOff, float[] y, int yOff) {
        for (int i = 0; i < n; i++) {
            y[yOff + i] = a[aOff + i] * b[bOff + i];
        }
    }

    @Override
    public void scale(int n, float alpha, float[] x, int xOff, float[] y, int yOff) {
        for (int i = 0; i < n; i++) {
            y[yOff + i] = alpha * x[xOff + i];
        }
    }

    @Override
    public void addScalar(int n, float c, float[] x, int xOff, float[] y, int yOff) {
        for (int i = 0; i < n; i++) {
            y[yOff + i] = x[xOff + i] + c;
        }
    }

    @Override
    public void mulAdd(int n, float[] a, int aOff, float[] b, int bOff, float[] y, int yOff) {
        for (int i = 0; i < n; i++) {
            y[yOff + i] = Math.fma(a[aOff + i], b[bOff + i], y[yOff + i]);
        }
    }

    /** Copies in square tiles so that both the rows read and the columns written stay in cache. */
    @Override
    public void transpose(int m, int n, float[] x, int xOff, float[] y, int yOff) {
        final int tile = 32;
        for (int i0 = 0; i0 < m; i0 += tile) {
            int iEnd = Math.min(m, i0 + tile);
            for (int j0 = 0; j0 < n; j0 += tile) {
                int jEnd = Math.min(n, j0 + tile);
                for (int i = i0; i < iEnd; i++) {
                    for (int j = j0; j < jEnd; j++) {
                        y[yOff + j * m + i] = x[xOff + i * n + j];
                    }
                }
            }
        }
    }

    @Override
    public void addRowVector(int m, int n, float[] x, int xOff, float[] v, int vOff, float[] y, int yOff) {
        for (int i = 0; i < m; i++) {
            for (int j = 0; j < n; j++) {
                y[yOff + i * n + j] = x[xOff + i * n + j] + v[vOff + j];
            }
        }
    }

    /** Each column a chain over the rows in order, the rows outside so that x is read along its rows. */
    @Override
    public void columnSums(int m, int n, float[] x, int xOff, float beta, float[] y, int yOff) {
        float[] s = new float[n];
        for (int i = 0; i < m; i++) {
            for (int j = 0; j < n; j++) {
                s[j] += x[xOff + i * n + j];
            }
        }
        for (int j = 0; j < n; j++) {
            y[yOff + j] = beta == 0f ? s[j] : beta * y[yOff + j] + s[j];
        }
    }

    @Override
    public float sum(int n, float[] x, int xOff) {
        float[] partial = new float[PARTIALS];
        for (int i = 0; i < n; i++) {
            partial[i % PARTIALS] += x[xOff + i];
        }
        return combine(partial);
    }

    @Override
    public float dot(int n, float[] x, int xOff, float[] y, int yOff) {
        float[] partial = new float[PARTIALS];
        for (int i = 0; i < n; i++) {
            partial[i % PARTIALS] = Math.fma(x[xOff + i], y[yOff + i], partial[i % PARTIALS]);
        }
        return combine(partial);
    }

    @Override
    public float mse(int n, float[] p, int pOff, float[] t, int tOff) {
        float[] partial = new float[PARTIALS];
        for (int i = 0; i < n; i++) {
            float d = p[pOff + i] - t[tOff + i];
            partial[i % PARTIALS] = Math.fma(d, d, partial[i % PARTIALS]);
        }
        return combine(partial) / n;
    }

    /**
     * The canonical combining tree of the {@link #PARTIALS} partial sums: the upper half is
     * added onto the lower half, {@code partial[q] += partial[q + h]} for {@code q < h}, with
     * h = 32, 16, 8, 4, 2, 1; the result is {@code partial[0]}. The array is modified.
     */
    static float combine(float[] partial) {
        return combine(partial, PARTIALS);
    }

    /**
     * The levels of {@link #combine(float[])} below {@code span}: {@code partial[q] += partial[q + h]}
     * for h = span/2, ..., 1, once the levels above have been added; the result is {@code partial[0]}.
     */
    static float combine(float[] partial, int span) {
        for (int h = span / 2; h > 0; h /= 2) {
            for (int q = 0; q < h; q++) {
                partial[q] += partial[q + h];
            }
        }
        return partial[0];
    }

    @Override
    public void mseBackward(int n, float scale, float[] p, int pOff, float[] t, int tOff, float[] dp, int dpOff) {
        for (int i = 0; i < n; i++) {
            dp[dpOff + i] = Math.fma(scale, p[pOff + i] - t[tOff + i], dp[dpOff + i]);
        }
    }

    @Override
    public void sgdStep(int n, float lr, float momentum, float oneMinusDampening, float weightDecay,
                        boolean nesterov, boolean firstStep,
                        float[] p, int pOff, float[] g, int gOff, float[] buf, int bufOff) {
        for (int i = 0; i < n; i++) {
            float param = p[pOff + i];
            float d = weightDecay == 0f ? g[gOff + i] : Math.fma(weightDecay, param, g[gOff + i]);
            if (momentum != 0f) {
                float b = firstStep ? d : Math.fma(oneMinusDampening, d, momentum * buf[bufOff + i]);
                buf[bufOff + i] = b;
                d = nesterov ? Math.fma(momentum, b, d) : b;
            }
            p[pOff + i] = Math.fma(-lr, d, param);
        }
    }

    @Override
    public void adamStep(int n, float beta1, float beta2, float eps, float weightDecay,
                         float stepSize, float bc2Sqrt,
                         float[] p, int pOff, float[] g, int gOff,
                         float[] m, int mOff, float[] v, int vOff) {
        float w = 1f - beta1;
        float oneMinusBeta2 = 1f - beta2;
        for (int i = 0; i < n; i++) {
            float param = p[pOff + i];
            float d = weightDecay == 0f ? g[gOff + i] : Math.fma(weightDecay, param, g[gOff + i]);
            float mi = m[mOff + i];
            // torch.lerp(m, d, w): the branch keeps the result exact at both ends of w.
            mi = w < 0.5f ? Math.fma(w, d - mi, mi) : Math.fma(w - 1f, d - mi, d);
            float vi = beta2 * v[vOff + i] + oneMinusBeta2 * d * d;
            m[mOff + i] = mi;
            v[vOff + i] = vi;
            float denom = (float) Math.sqrt(vi) / bc2Sqrt + eps;
            p[pOff + i] = param + -stepSize * (mi / denom);
        }
    }
}
