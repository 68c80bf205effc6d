package io.github.panagrad.kernel;

import io.github.panagrad.internal.Checks;

import java.util.function.BooleanSupplier;

/**
 * The public entry to Panagrad's kernels: one instance per {@link Backend}.
 *
 * <p>Every method validates its arguments (counts, offsets, leading dimensions, array
 * extents, null, overlapping windows) and throws {@link IllegalArgumentException} naming
 * the argument and its value before touching any array; then it calls the backend, which
 * trusts its input. Conventions: counts come first, every array is followed by its offset,
 * matrices are row-major with a leading dimension. A kernel reads only its input windows,
 * writes only its output window {@code [off, off + extent)}, and never modifies an input.
 *
 * <p>Numerical contract (see {@code docs/numerics.md}): every kernel has one canonical
 * evaluation order, stated on its method, and gives the same bits on both backends, at every
 * vector width and for any thread count, for every input, NaN, infinities, signed zeros and
 * subnormals included ("Bit-exact"). Reductions (sums of k terms) also satisfy
 * {@code |computed - exact| <= γ(k) * Σ|terms|} with {@code γ(k) = k·u / (1 - k·u)},
 * {@code u = 2^-24} ("Bounded").
 *
 * <p>Backend choice for code that does not hold an instance (the autograd layer):
 * {@link #current()} is the thread's {@link #use(Backend)} override if one is open, else
 * the default chosen by the system property {@code panagrad.backend}
 * ({@code auto} | {@code vector} | {@code scalar}, default {@code auto}).
 */
public final class Kernels {

    /** System property choosing the default backend: auto, vector or scalar. */
    public static final String BACKEND_PROPERTY = "panagrad.backend";

    private final KernelSupport impl;
    /** The vector backend's warm-up, or null: then every call goes to {@code impl}. */
    private final Warmup warmup;

    /**
     * @param impl the backend's implementation
     * @param warmup its warm-up, while which calls go to the scalar code (see
     *               {@link Warmup#isReady}), or null
     */
    Kernels(KernelSupport impl, Warmup warmup) {
        this.impl = impl;
        this.warmup = warmup;
    }

    /** The implementation a call of the family runs on: same bits either way, only speed differs. */
    private KernelSupport route(KernelFamily family) {
        return warmup == null || warmup.isReady(family) ? impl : ScalarKernels.INSTANCE;
    }

    /** Flops of one panel of rows of a gemm while gemm is cold (see {@link #coldGemm}). */
    private static final long COLD_PANEL_FLOPS = 1L << 23;

    // ---------------------------------------------------------------- selection (see BackendChoice)

    /**
     * The kernels of one backend.
     *
     * @param backend the backend wanted; not null
     * @return the (shared, stateless) instance for that backend
     * @throws UnsupportedOperationException for {@link Backend#VECTOR} when the Vector API is
     *         unusable in this JVM; the message says why and how to enable it
     * @throws IllegalArgumentException when {@code backend} is null
     */
    public static Kernels of(Backend backend) {
        return BackendChoice.of(backend);
    }

    /**
     * The vector kernels when the Vector API is usable, else the scalar ones; the first
     * fallback prints one line on standard error saying why and how to enable the fast path.
     *
     * @return the fastest usable backend's kernels
     */
    public static Kernels preferred() {
        return BackendChoice.preferred();
    }

    /** @return true when {@link #of(Backend) of(VECTOR)} succeeds in this JVM */
    public static boolean vectorAvailable() {
        return BackendChoice.vectorAvailable();
    }

    /**
     * @return a one-line account of the vector backend: its species and lanes when usable,
     *         otherwise why not and how to enable it
     */
    public static String vectorStatus() {
        return BackendChoice.vectorStatus();
    }

    /**
     * The state of the vector backend's warm-up, per kernel family: {@code cold} before its
     * first call, {@code warming} while its vector code is being compiled (its calls run on the
     * scalar code meanwhile, giving the same bits), {@code ready} once they run on the vector
     * code; or {@code off} when the system property {@code panagrad.warmup} is {@code off} or
     * the vector backend is unavailable.
     *
     * @return for example {@code "gemm ready, elementwise ready, reductions warming, optimizer ready"}
     */
    public static String warmupStatus() {
        return BackendChoice.warmupStatus();
    }

    /**
     * The kernels the calling thread should use: its innermost open {@link #use(Backend)}
     * scope, else the process default from {@link #BACKEND_PROPERTY}.
     *
     * @return the current thread's kernels
     * @throws IllegalArgumentException when the property holds an unknown value
     * @throws UnsupportedOperationException when the property asks for an unusable vector backend
     */
    public static Kernels current() {
        return BackendChoice.current();
    }

    /**
     * Makes {@code backend} the calling thread's {@link #current()} until the returned scope
     * is closed. Other threads are not affected.
     *
     * <pre>{@code try (var s = Kernels.use(Backend.SCALAR)) { model.forward(x); } }</pre>
     *
     * @param backend the backend to use; not null
     * @return the scope to close
     * @throws UnsupportedOperationException as {@link #of(Backend)}
     */
    public static BackendScope use(Backend backend) {
        return BackendChoice.use(backend);
    }

    /**
     * @return the number of threads gemm may use (system property {@code panagrad.threads}, default: available processors)
     * @throws IllegalArgumentException when the property holds no whole number {@code >= 1} and
     *         {@link #setThreads} has not been called since
     */
    public static int threads() {
        return Parallel.threads();
    }

    /**
     * Sets the number of threads gemm may use, process-wide. Results do not depend on it.
     *
     * @param threads at least 1
     * @throws IllegalArgumentException when {@code threads < 1}
     */
    public static void setThreads(int threads) {
        Parallel.setThreads(threads);
    }

    /** @return which backend these kernels run on */
    public Backend backend() {
        return impl.backend();
    }

    /** @return one line describing the implementation (for the vector backend: species and lanes) */
    public String describe() {
        return impl.describe();
    }

    @Override
    public String toString() {
        return impl.backend() + " (" + impl.describe() + ")";
    }

    // ---------------------------------------------------------------- matrix multiply

    /**
     * General matrix multiply, {@code C = alpha * op(A) * op(B) + beta * C}, row-major, where
     * {@code op(X)} is {@code X} or its transpose. {@code op(A)} is {@code m × k},
     * {@code op(B)} is {@code k × n}, {@code C} is {@code m × n}. As in BLAS,
     * {@code beta == 0} means C is not read (NaN or Inf in C does not propagate) and
     * {@code alpha == 0} means A and B are not read.
     *
     * <p>Canonical order, per element of C: k is split into {@code ⌈k / 128⌉} blocks of
     * {@code ⌈k / ⌈k / 128⌉⌉} consecutive steps (the last may be shorter); {@code c} starts as
     * {@code beta == 0 ? -0 : beta · c}; for each block in order, an FMA chain from +0 over its
     * steps in order gives {@code s}, and {@code c = fma(s, alpha, c)}. {@code alpha == 0} or
     * {@code k == 0} give {@code beta · c} (+0 when {@code beta == 0}). Bit-exact, and bounded:
     * the error is at most {@code γ(k + 2)} times {@code |alpha| Σ_p |op(A)_ip op(B)_pj| + |beta C_ij|}.
     *
     * @param transA use Aᵀ: A is stored {@code k × m} (else {@code m × k})
     * @param transB use Bᵀ: B is stored {@code n × k} (else {@code k × n})
     * @param m rows of C, {@code >= 0}
     * @param n columns of C, {@code >= 0}
     * @param k the inner dimension, {@code >= 0}
     * @param alpha scale of the product
     * @param a A's storage; not modified
     * @param aOff index of A's first element
     * @param lda A's leading dimension, at least its stored column count (and 1)
     * @param b B's storage; not modified
     * @param bOff index of B's first element
     * @param ldb B's leading dimension, at least its stored column count (and 1)
     * @param beta scale of the old C
     * @param c C's storage; modified in its {@code m × n} window only, must not share elements with A or B
     * @param cOff index of C's first element
     * @param ldc C's leading dimension, at least {@code max(1, n)}
     * @throws IllegalArgumentException on a negative count, a null array, a bad offset or
     *         leading dimension, a too-short array, or C overlapping A or B; nothing is written
     */
    public void gemm(boolean transA, boolean transB, int m, int n, int k, float alpha,
                     float[] a, int aOff, int lda, float[] b, int bOff, int ldb,
                     float beta, float[] c, int cOff, int ldc) {
        Checks.atLeast("m", m, 0);
        Checks.atLeast("n", n, 0);
        Checks.atLeast("k", k, 0);
        int aRows = transA ? k : m;
        int aCols = transA ? m : k;
        int bRows = transB ? n : k;
        int bCols = transB ? k : n;
        Checks.matrix("a", a, aOff, aRows, aCols, lda);
        Checks.matrix("b", b, bOff, bRows, bCols, ldb);
        Checks.matrix("c", c, cOff, m, n, ldc);
        long cExtent = Checks.extent(m, n, ldc);
        Checks.noOverlap("c", c, cOff, cExtent, "a", a, aOff, Checks.extent(aRows, aCols, lda), false);
        Checks.noOverlap("c", c, cOff, cExtent, "b", b, bOff, Checks.extent(bRows, bCols, ldb), false);
        if (warmup == null || warmup.isReady(KernelFamily.GEMM)) {
            impl.gemm(transA, transB, m, n, k, alpha, a, aOff, lda, b, bOff, ldb, beta, c, cOff, ldc);
        } else {
            warmup.coldGemm(2L * m * n * k);
            coldGemm(impl, () -> warmup.isReady(KernelFamily.GEMM),
                    transA, transB, m, n, k, alpha, a, aOff, lda, b, bOff, ldb, beta, c, cOff, ldc);
        }
    }

    /**
     * A valid gemm while gemm's vector code is cold: on the scalar code, a panel of rows of C
     * of about {@link #COLD_PANEL_FLOPS} at a time, and the remaining rows on {@code vector} as
     * soon as {@code vectorReady} says so, so that a long first call moves over midway once the
     * warm-up has compiled gemm. The same bits as one call: the canonical order is per element.
     */
    static void coldGemm(KernelSupport vector, BooleanSupplier vectorReady,
                         boolean transA, boolean transB, int m, int n, int k, float alpha,
                         float[] a, int aOff, int lda, float[] b, int bOff, int ldb,
                         float beta, float[] c, int cOff, int ldc) {
        int rows = (int) Math.min(m, Math.max(1, COLD_PANEL_FLOPS / Math.max(1, 2L * n * k)));
        for (int i = 0; i < m; i += rows) {
            int aStart = aOff + (transA ? i : i * lda);
            int cStart = cOff + i * ldc;
            if (i > 0 && vectorReady.getAsBoolean()) {
                vector.gemm(transA, transB, m - i, n, k, alpha, a, aStart, lda, b, bOff, ldb, beta, c, cStart, ldc);
                return;
            }
            ScalarKernels.INSTANCE.gemm(transA, transB, Math.min(rows, m - i), n, k, alpha,
                    a, aStart, lda, b, bOff, ldb, beta, c, cStart, ldc);
        }
    }

    // ---------------------------------------------------------------- elementwise

    /**
     * ReLU, {@code y[i] = x[i] < 0 ? +0 : x[i]} for {@code i < n}: as PyTorch, −0 stays −0,
     * NaN stays NaN, −Inf becomes +0. Bit-exact. {@code y} may be {@code x} at the same offset.
     *
     * @param n element count, {@code >= 0}
     * @param x input; not modified (unless it is y)
     * @param xOff index of x's first element
     * @param y output; modified in {@code [yOff, yOff + n)}
     * @param yOff index of y's first element
     * @throws IllegalArgumentException on a bad count, null, bad offset, short array or partial overlap
     */
    public void relu(int n, float[] x, int xOff, float[] y, int yOff) {
        unary(n, x, xOff, y, yOff).relu(n, x, xOff, y, yOff);
    }

    /**
     * ReLU gradient, accumulated: {@code dx[i] += (x[i] <= 0 ? +0 : dy[i])}. As PyTorch's
     * threshold backward: the gradient at 0 and −0 is 0, and NaN inputs pass {@code dy}
     * through. Bit-exact. {@code dx} must not overlap {@code x} or {@code dy} except exactly.
     *
     * @param n element count, {@code >= 0}
     * @param x the ReLU input (or output: the rule gives the same result); not modified
     * @param xOff index of x's first element
     * @param dy gradient of the ReLU output; not modified
     * @param dyOff index of dy's first element
     * @param dx gradient of the ReLU input; modified in {@code [dxOff, dxOff + n)}
     * @param dxOff index of dx's first element
     * @throws IllegalArgumentException on a bad count, null, bad offset, short array or partial overlap
     */
    public void reluBackward(int n, float[] x, int xOff, float[] dy, int dyOff, float[] dx, int dxOff) {
        binary(n, x, xOff, dy, dyOff, dx, dxOff, "x", "dy", "dx").reluBackward(n, x, xOff, dy, dyOff, dx, dxOff);
    }

    /**
     * {@code y[i] = fma(alpha, x[i], y[i])}, that is {@code y += alpha * x} rounded once. Bit-exact.
     *
     * @param n element count, {@code >= 0}
     * @param alpha scale
     * @param x input; not modified
     * @param xOff index of x's first element
     * @param y accumulator; modified in {@code [yOff, yOff + n)}
     * @param yOff index of y's first element
     * @throws IllegalArgumentException on a bad count, null, bad offset, short array or partial overlap
     */
    public void axpy(int n, float alpha, float[] x, int xOff, float[] y, int yOff) {
        unary(n, x, xOff, y, yOff).axpy(n, alpha, x, xOff, y, yOff);
    }

    /**
     * {@code y[i] = a[i] + b[i]}. Bit-exact. {@code y} may be {@code a} or {@code b} at the same offset.
     *
     * @param n element count, {@code >= 0}
     * @param a first operand; not modified (unless it is y)
     * @param aOff index of a's first element
     * @param b second operand; not modified (unless it is y)
     * @param bOff index of b's first element
     * @param y output; modified in {@code [yOff, yOff + n)}
     * @param yOff index of y's first element
     * @throws IllegalArgumentException on a bad count, null, bad offset, short array or partial overlap
     */
    public void add(int n, float[] a, int aOff, float[] b, int bOff, float[] y, int yOff) {
        binary(n, a, aOff, b, bOff, y, yOff, "a", "b", "y").add(n, a, aOff, b, bOff, y, yOff);
    }

    /**
     * {@code y[i] = a[i] - b[i]}. Bit-exact. Arguments as {@link #add}.
     *
     * @param n element count, {@code >= 0}
     * @param a minuend; not modified (unless it is y)
     * @param aOff index of a's first element
     * @param b subtrahend; not modified (unless it is y)
     * @param bOff index of b's first element
     * @param y output; modified in {@code [yOff, yOff + n)}
     * @param yOff index of y's first element
     * @throws IllegalArgumentException on a bad count, null, bad offset, short array or partial overlap
     */
    public void sub(int n, float[] a, int aOff, float[] b, int bOff, float[] y, int yOff) {
        binary(n, a, aOff, b, bOff, y, yOff, "a", "b", "y").sub(n, a, aOff, b, bOff, y, yOff);
    }

    /**
     * {@code y[i] = a[i] * b[i]}. Bit-exact. Arguments as {@link #add}.
     *
     * @param n element count, {@code >= 0}
     * @param a first factor; not modified (unless it is y)
     * @param aOff index of a's first element
     * @param b second factor; not modified (unless it is y)
     * @param bOff index of b's first element
     * @param y output; modified in {@code [yOff, yOff + n)}
     * @param yOff index of y's first element
     * @throws IllegalArgumentException on a bad count, null, bad offset, short array or partial overlap
     */
    public void mul(int n, float[] a, int aOff, float[] b, int bOff, float[] y, int yOff) {
        binary(n, a, aOff, b, bOff, y, yOff, "a", "b", "y").mul(n, a, aOff, b, bOff, y, yOff);
    }

    /**
     * {@code y[i] = alpha * x[i]}. Bit-exact. {@code y} may be {@code x} at the same offset.
     *
     * @param n element count, {@code >= 0}
     * @param alpha factor
     * @param x input; not modified (unless it is y)
     * @param xOff index of x's first element
     * @param y output; modified in {@code [yOff, yOff + n)}
     * @param yOff index of y's first element
     * @throws IllegalArgumentException on a bad count, null, bad offset, short array or partial overlap
     */
    public void scale(int n, float alpha, float[] x, int xOff, float[] y, int yOff) {
        unary(n, x, xOff, y, yOff).scale(n, alpha, x, xOff, y, yOff);
    }

    /**
     * {@code y[i] = x[i] + c}. Bit-exact. {@code y} may be {@code x} at the same offset.
     *
     * @param n element count, {@code >= 0}
     * @param c the constant added
     * @param x input; not modified (unless it is y)
     * @param xOff index of x's first element
     * @param y output; modified in {@code [yOff, yOff + n)}
     * @param yOff index of y's first element
     * @throws IllegalArgumentException on a bad count, null, bad offset, short array or partial overlap
     */
    public void addScalar(int n, float c, float[] x, int xOff, float[] y, int yOff) {
        unary(n, x, xOff, y, yOff).addScalar(n, c, x, xOff, y, yOff);
    }

    /**
     * Multiply-accumulate, {@code y[i] = fma(a[i], b[i], y[i])}, that is {@code y += a * b}
     * rounded once (the gradient of a product). Bit-exact. {@code y} must not overlap
     * {@code a} or {@code b} except exactly.
     *
     * @param n element count, {@code >= 0}
     * @param a first factor; not modified (unless it is y)
     * @param aOff index of a's first element
     * @param b second factor; not modified (unless it is y)
     * @param bOff index of b's first element
     * @param y accumulator; modified in {@code [yOff, yOff + n)}
     * @param yOff index of y's first element
     * @throws IllegalArgumentException on a bad count, null, bad offset, short array or partial overlap
     */
    public void mulAdd(int n, float[] a, int aOff, float[] b, int bOff, float[] y, int yOff) {
        binary(n, a, aOff, b, bOff, y, yOff, "a", "b", "y").mulAdd(n, a, aOff, b, bOff, y, yOff);
    }

    /**
     * Transpose, {@code y[j][i] = x[i][j]}, for a contiguous row-major {@code m × n} x and
     * the {@code n × m} y. Bit-exact (a copy). y must not share elements with x.
     *
     * @param m rows of x, {@code >= 0}
     * @param n columns of x, {@code >= 0}
     * @param x input ({@code m·n} elements); not modified
     * @param xOff index of x's first element
     * @param y output; modified in {@code [yOff, yOff + m·n)}
     * @param yOff index of y's first element
     * @throws IllegalArgumentException on a bad count, null, bad offset, short array or overlap
     */
    public void transpose(int m, int n, float[] x, int xOff, float[] y, int yOff) {
        int size = rowMajor(m, n, x, xOff);
        Checks.vector("y", y, yOff, size);
        Checks.noOverlap("y", y, yOff, size, "x", x, xOff, size, false);
        route(KernelFamily.ELEMENTWISE).transpose(m, n, x, xOff, y, yOff);
    }

    /**
     * Row-vector broadcast add (bias): {@code y[i][j] = x[i][j] + v[j]} for an {@code m × n}
     * contiguous row-major x and y and an n-vector v. Bit-exact. {@code y} may be {@code x}
     * at the same offset; v must not overlap y.
     *
     * @param m rows, {@code >= 0}
     * @param n columns, {@code >= 0}
     * @param x input matrix ({@code m·n} elements); not modified (unless it is y)
     * @param xOff index of x's first element
     * @param v row vector ({@code n} elements); not modified
     * @param vOff index of v's first element
     * @param y output matrix; modified in {@code [yOff, yOff + m·n)}
     * @param yOff index of y's first element
     * @throws IllegalArgumentException on a bad count, null, bad offset, short array or overlap
     */
    public void addRowVector(int m, int n, float[] x, int xOff, float[] v, int vOff, float[] y, int yOff) {
        int size = rowMajor(m, n, x, xOff);
        Checks.vector("v", v, vOff, n);
        Checks.vector("y", y, yOff, size);
        Checks.noOverlap("y", y, yOff, size, "x", x, xOff, size, true);
        Checks.noOverlap("y", y, yOff, size, "v", v, vOff, n, false);
        route(KernelFamily.ELEMENTWISE).addRowVector(m, n, x, xOff, v, vOff, y, yOff);
    }

    // ---------------------------------------------------------------- reductions

    /**
     * Column sums (the bias gradient): {@code y[j] = Σ_i x[i][j] + beta * y[j]} for an
     * {@code m × n} contiguous row-major x; {@code beta == 0} means y is not read, and
     * {@code beta == 1} accumulates. Canonical order: per column, a chain from +0 over the
     * rows in order, then {@code beta == 0 ? s : beta * y[j] + s}. Bit-exact; bounded with
     * {@code k = m + 1} per column.
     *
     * @param m rows summed, {@code >= 0}
     * @param n columns, {@code >= 0}
     * @param x input matrix ({@code m·n} elements); not modified
     * @param xOff index of x's first element
     * @param beta scale of the old y
     * @param y output vector; modified in {@code [yOff, yOff + n)}; must not overlap x
     * @param yOff index of y's first element
     * @throws IllegalArgumentException on a bad count, null, bad offset, short array or overlap
     */
    public void columnSums(int m, int n, float[] x, int xOff, float beta, float[] y, int yOff) {
        int size = rowMajor(m, n, x, xOff);
        Checks.vector("y", y, yOff, n);
        Checks.noOverlap("y", y, yOff, n, "x", x, xOff, size, false);
        route(KernelFamily.REDUCTIONS).columnSums(m, n, x, xOff, beta, y, yOff);
    }

    /**
     * {@code Σ_i x[i]}, +0 for {@code n == 0}. Canonical order (that of every long reduction):
     * term i goes to partial sum {@code i mod 64} in increasing i, the 64 partials start at +0,
     * and they are combined by folding the upper half onto the lower,
     * {@code p[q] += p[q + h]} for {@code q < h}, h = 32, 16, 8, 4, 2, 1. Bit-exact; bounded with
     * {@code k = n}.
     *
     * @param n element count, {@code >= 0}
     * @param x input; not modified
     * @param xOff index of x's first element
     * @return the sum
     * @throws IllegalArgumentException on a bad count, null, bad offset or short array
     */
    public float sum(int n, float[] x, int xOff) {
        Checks.atLeast("n", n, 0);
        Checks.vector("x", x, xOff, n);
        return route(KernelFamily.REDUCTIONS).sum(n, x, xOff);
    }

    /**
     * {@code Σ_i x[i] * y[i]}, +0 for {@code n == 0}, in {@link #sum}'s order, each product
     * fused into its partial sum ({@code p = fma(x[i], y[i], p)}). Bit-exact; bounded with
     * {@code k = n}.
     *
     * @param n element count, {@code >= 0}
     * @param x first vector; not modified
     * @param xOff index of x's first element
     * @param y second vector; not modified
     * @param yOff index of y's first element
     * @return the dot product
     * @throws IllegalArgumentException on a bad count, null, bad offset or short array
     */
    public float dot(int n, float[] x, int xOff, float[] y, int yOff) {
        Checks.atLeast("n", n, 0);
        Checks.vector("x", x, xOff, n);
        Checks.vector("y", y, yOff, n);
        return route(KernelFamily.REDUCTIONS).dot(n, x, xOff, y, yOff);
    }

    /**
     * Mean squared error, {@code (1/n) Σ_i (p[i] - t[i])²}, as {@code torch.nn.MSELoss()}.
     * In {@link #sum}'s order, each {@code d = p[i] - t[i]} squared into its partial sum
     * ({@code s = fma(d, d, s)}), the total divided by n. Bit-exact; bounded with
     * {@code k = n + 3}: the subtraction rounds once and its error is squared
     * (two), the sum rounds up to n times and the division once.
     *
     * @param n element count, {@code >= 1}
     * @param p predictions; not modified
     * @param pOff index of p's first element
     * @param t targets; not modified
     * @param tOff index of t's first element
     * @return the mean squared error
     * @throws IllegalArgumentException when {@code n < 1}, or on null, bad offset or short array
     */
    public float mse(int n, float[] p, int pOff, float[] t, int tOff) {
        Checks.atLeast("n", n, 1);
        Checks.vector("p", p, pOff, n);
        Checks.vector("t", t, tOff, n);
        return route(KernelFamily.REDUCTIONS).mse(n, p, pOff, t, tOff);
    }

    /**
     * MSE gradient, accumulated: {@code dp[i] = fma(s, p[i] - t[i], dp[i])} with
     * {@code s = (float) (2.0 * gradOut / n)}. Bit-exact.
     *
     * @param n element count, {@code >= 1}
     * @param gradOut gradient of the loss (1 for {@code loss.backward()})
     * @param p predictions; not modified
     * @param pOff index of p's first element
     * @param t targets; not modified
     * @param tOff index of t's first element
     * @param dp gradient of the predictions; modified in {@code [dpOff, dpOff + n)}
     * @param dpOff index of dp's first element
     * @throws IllegalArgumentException when {@code n < 1}, or on null, bad offset, short array or partial overlap
     */
    public void mseBackward(int n, float gradOut, float[] p, int pOff, float[] t, int tOff, float[] dp, int dpOff) {
        Checks.atLeast("n", n, 1);
        binary(n, p, pOff, t, tOff, dp, dpOff, "p", "t", "dp")
                .mseBackward(n, (float) (2.0 * gradOut / n), p, pOff, t, tOff, dp, dpOff);
    }

    // ---------------------------------------------------------------- optimizer updates

    /**
     * One SGD step on {@code n} parameters, PyTorch's {@code torch.optim.SGD} formulas in
     * its order, per element:
     * <pre>
     * d = wd == 0 ? g : fma(wd, p, g)
     * if momentum != 0:
     *     buf = firstStep ? d : fma(1 - dampening, d, momentum * buf)
     *     d   = nesterov ? fma(momentum, buf, d) : buf
     * p = fma(-lr, d, p)
     * </pre>
     * Bit-exact.
     *
     * @param n parameter count, {@code >= 0}
     * @param lr learning rate, finite and {@code >= 0}
     * @param momentum momentum factor, finite and {@code >= 0}
     * @param dampening dampening for momentum, finite and {@code >= 0}
     * @param weightDecay L2 penalty, finite and {@code >= 0}
     * @param nesterov Nesterov momentum; needs {@code momentum > 0} and {@code dampening == 0}
     * @param firstStep true on the first step, when the momentum buffer is initialised to d
     * @param p parameters; modified in {@code [pOff, pOff + n)}
     * @param pOff index of p's first element
     * @param g gradients; not modified
     * @param gOff index of g's first element
     * @param buf momentum buffer; modified, may be null when {@code momentum == 0}
     * @param bufOff index of buf's first element
     * @throws IllegalArgumentException on a bad hyper-parameter, count, null, offset, short
     *         array or overlapping windows; no element is updated then
     */
    public void sgdStep(int n, float lr, float momentum, float dampening, float weightDecay,
                        boolean nesterov, boolean firstStep,
                        float[] p, int pOff, float[] g, int gOff, float[] buf, int bufOff) {
        Checks.atLeast("n", n, 0);
        Checks.finiteNonNegative("lr", lr);
        Checks.finiteNonNegative("momentum", momentum);
        Checks.finiteNonNegative("dampening", dampening);
        Checks.finiteNonNegative("weightDecay", weightDecay);
        Checks.nesterov(nesterov, momentum, dampening);
        Checks.vector("p", p, pOff, n);
        Checks.vector("g", g, gOff, n);
        Checks.noOverlap("p", p, pOff, n, "g", g, gOff, n, false);
        if (momentum != 0f) {
            Checks.vector("buf", buf, bufOff, n);
            Checks.noOverlap("buf", buf, bufOff, n, "p", p, pOff, n, false);
            Checks.noOverlap("buf", buf, bufOff, n, "g", g, gOff, n, false);
        }
        route(KernelFamily.OPTIMIZER).sgdStep(n, lr, momentum, 1f - dampening, weightDecay, nesterov, firstStep, p, pOff, g, gOff, buf, bufOff);
    }

    /**
     * One Adam step ({@code step} counts from 1), PyTorch's {@code torch.optim.Adam} without
     * amsgrad, in its order, per element:
     * <pre>
     * d     = wd == 0 ? g : fma(wd, p, g)                     (coupled weight decay)
     * m     = lerp(m, d, 1 - beta1)                           (torch.lerp's two-branch formula)
     * v     = beta2 * v + (1 - beta2) * d * d
     * denom = sqrt(v) / sqrt(1 - beta2^step) + eps
     * p     = p + -(lr / (1 - beta1^step)) * (m / denom)
     * </pre>
     * The two bias corrections are computed in double and rounded to float once. Bit-exact.
     *
     * @param n parameter count, {@code >= 0}
     * @param lr learning rate, finite and {@code >= 0}
     * @param beta1 first-moment decay, in {@code [0, 1)}
     * @param beta2 second-moment decay, in {@code [0, 1)}
     * @param eps denominator term, finite and {@code >= 0}
     * @param weightDecay L2 penalty, finite and {@code >= 0}
     * @param step the step number, {@code >= 1}
     * @param p parameters; modified in {@code [pOff, pOff + n)}
     * @param pOff index of p's first element
     * @param g gradients; not modified
     * @param gOff index of g's first element
     * @param m first-moment buffer; modified
     * @param mOff index of m's first element
     * @param v second-moment buffer; modified
     * @param vOff index of v's first element
     * @throws IllegalArgumentException on a bad hyper-parameter, count, null, offset, short
     *         array or overlapping windows; no element is updated then
     */
    public void adamStep(int n, float lr, float beta1, float beta2, float eps, float weightDecay, int step,
                         float[] p, int pOff, float[] g, int gOff, float[] m, int mOff, float[] v, int vOff) {
        Checks.atLeast("n", n, 0);
        Checks.finiteNonNegative("lr", lr);
        Checks.unitInterval("beta1", beta1);
        Checks.unitInterval("beta2", beta2);
        Checks.finiteNonNegative("eps", eps);
        Checks.finiteNonNegative("weightDecay", weightDecay);
        Checks.atLeast("step", step, 1);
        Checks.vector("p", p, pOff, n);
        Checks.vector("g", g, gOff, n);
        Checks.vector("m", m, mOff, n);
        Checks.vector("v", v, vOff, n);
        Checks.noOverlap("p", p, pOff, n, "g", g, gOff, n, false);
        Checks.noOverlap("m", m, mOff, n, "p", p, pOff, n, false);
        Checks.noOverlap("m", m, mOff, n, "g", g, gOff, n, false);
        Checks.noOverlap("v", v, vOff, n, "p", p, pOff, n, false);
        Checks.noOverlap("v", v, vOff, n, "g", g, gOff, n, false);
        Checks.noOverlap("v", v, vOff, n, "m", m, mOff, n, false);
        double biasCorrection1 = 1.0 - Math.pow(beta1, step);
        double biasCorrection2 = 1.0 - Math.pow(beta2, step);
        float stepSize = (float) (lr / biasCorrection1);
        float bc2Sqrt = (float) Math.sqrt(biasCorrection2);
        route(KernelFamily.OPTIMIZER).adamStep(n, beta1, beta2, eps, weightDecay, stepSize, bc2Sqrt, p, pOff, g, gOff, m, mOff, v, vOff);
    }

    // ---------------------------------------------------------------- the checks shared by several kernels

    /**
     * Checks the counts of a contiguous row-major {@code m × n} matrix x and its window.
     *
     * @return its element count {@code m·n}
     */
    private static int rowMajor(int m, int n, float[] x, int xOff) {
        Checks.atLeast("m", m, 0);
        Checks.atLeast("n", n, 0);
        int size = Checks.product("m", m, "n", n);
        Checks.vector("x", x, xOff, size);
        return size;
    }

    /**
     * Checks {@code (n, x, xOff, y, yOff)}: input x and output y of n elements, y exactly x or disjoint.
     *
     * @return the backend, to call once the arguments are valid
     */
    private KernelSupport unary(int n, float[] x, int xOff, float[] y, int yOff) {
        Checks.atLeast("n", n, 0);
        Checks.vector("x", x, xOff, n);
        Checks.vector("y", y, yOff, n);
        Checks.noOverlap("y", y, yOff, n, "x", x, xOff, n, true);
        return route(KernelFamily.ELEMENTWISE);
    }

    /**
     * Checks {@code (n, a, aOff, b, bOff, y, yOff)} under the given names: inputs a and b and
     * output y of n elements, y exactly a, exactly b, or disjoint from each.
     *
     * @return the backend, to call once the arguments are valid
     */
    private KernelSupport binary(int n, float[] a, int aOff, float[] b, int bOff, float[] y, int yOff,
                                 String aName, String bName, String yName) {
        Checks.atLeast("n", n, 0);
        Checks.vector(aName, a, aOff, n);
        Checks.vector(bName, b, bOff, n);
        Checks.vector(yName, y, yOff, n);
        Checks.noOverlap(yName, y, yOff, n, aName, a, aOff, n, true);
        Checks.noOverlap(yName, y, yOff, n, bName, b, bOff, n, true);
        return route(KernelFamily.ELEMENTWISE);
    }
}
