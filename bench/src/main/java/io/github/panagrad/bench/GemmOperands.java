package io.github.panagrad.bench;

import io.github.panagrad.kernel.ErrorBound;
import io.github.panagrad.kernel.Kernels;
import org.openjdk.jmh.annotations.Param;
import org.openjdk.jmh.annotations.Scope;
import org.openjdk.jmh.annotations.Setup;
import org.openjdk.jmh.annotations.State;

/**
 * The operands of one gemm case, {@code C = op(A) · op(B)} row-major, shared by every
 * program that times a gemm implementation on it: Panagrad's {@link GemmBenchmark}, the
 * native peers and the cold-start harness ({@link ColdStart}). A benchmark takes this state
 * as an argument of its {@code @Setup} method, a program outside JMH gets it from
 * {@link #of}, so all of them run the same shapes, read the same arrays and check their
 * result the same way ({@link #check}).
 *
 * <p>Shapes: squares (127 shows the cost of a ragged tail next to 128); the products of
 * training the 784→256→10 network at batch 128 (first layer forward, weight gradient and
 * input gradient); and the thin products of the 3→8→1 network at batch 1000 (both layers
 * forward, both weight gradients, the hidden gradient) and of the seed 3→1 model at batch
 * 1000 (forward and weight gradient).
 */
@State(Scope.Thread)
public class GemmOperands {

    private static final int CHECKED_ELEMENTS = 32;

    /** The product's shape, {@code m x n x k}: op(A) is m × k, op(B) is k × n. */
    @Param({"64x64x64", "127x127x127", "128x128x128", "256x256x256", "512x512x512", "1024x1024x1024",
            "128x256x784", "256x784x128", "128x784x256",
            "1000x8x3", "8x3x1000", "1x8x1000", "1000x1x8", "1000x8x1", "1000x1x3", "1x3x1000"})
    public String shape;

    /**
     * Which operands are transposed: NN (C = A·B), NT (C = A·Bᵀ) or TN (C = Aᵀ·B), the three
     * the autograd layer uses; TT (C = Aᵀ·Bᵀ) may be given with {@code -p variant=TT}.
     */
    @Param({"NN", "NT", "TN"})
    public String variant;

    /** Rows of op(A) and C. */
    int m;
    /** Columns of op(B) and C. */
    int n;
    /** Columns of op(A), rows of op(B). */
    int k;
    /** Whether A is stored transposed (k × m). */
    boolean transA;
    /** Whether B is stored transposed (n × k). */
    boolean transB;
    /** Leading dimension of A as stored: {@code transA ? m : k}. */
    int lda;
    /** Leading dimension of B as stored: {@code transB ? k : n}. */
    int ldb;
    /** A as stored, m·k floats from [-1, 1). */
    float[] a;
    /** B as stored, k·n floats from [-1, 1). */
    float[] b;

    /**
     * A case outside JMH.
     *
     * @param shape {@code m x n x k}, such as {@code 128x256x784}
     * @param variant NN, NT, TN or TT
     * @return the case, A and B drawn
     * @throws IllegalArgumentException when the shape or the variant is malformed
     */
    static GemmOperands of(String shape, String variant) {
        GemmOperands operands = new GemmOperands();
        operands.shape = shape;
        operands.variant = variant;
        operands.draw();
        return operands;
    }

    /** Parses the shape and variant and draws A and B as stored for the variant. */
    @Setup
    public void draw() {
        int[] dims = Data.dims(shape, 3);
        m = dims[0];
        n = dims[1];
        k = dims[2];
        if (!variant.matches("[NT]{2}")) {
            throw new IllegalArgumentException("variant = '" + variant + "' must be two of N and T");
        }
        transA = variant.charAt(0) == 'T';
        transB = variant.charAt(1) == 'T';
        lda = transA ? m : k;
        ldb = transB ? k : n;
        a = Data.uniform(m * k, 1);
        b = Data.uniform(k * n, 2);
    }

    /**
     * Panagrad's product of the operands, {@code alpha = 1}, {@code beta = 0}.
     *
     * @param kernels the backend computing it
     * @param c the m × n row-major result, overwritten
     * @return {@code c}
     */
    float[] multiply(Kernels kernels, float[] c) {
        kernels.gemm(transA, transB, m, n, k, 1f, a, 0, lda, b, 0, ldb, 0f, c, 0, n);
        return c;
    }

    /**
     * Checks 32 sampled elements of an implementation's C against a double-precision
     * reference within the γ(k + 2) bound, so that a wrong product fails the trial instead
     * of being timed.
     *
     * @param implementation names the implementation in the message
     * @param c the m × n row-major result
     * @throws IllegalStateException naming the element, its value and the allowed error,
     *         when an element is outside the bound
     */
    void check(String implementation, float[] c) {
        for (int s = 0; s < CHECKED_ELEMENTS; s++) {
            int i = (int) ((long) s * 37 % m);
            int j = (int) ((long) s * 101 % n);
            double exact = 0;
            double absSum = 0;
            for (int p = 0; p < k; p++) {
                double term = (double) (transA ? a[p * m + i] : a[i * k + p]) * (transB ? b[j * k + p] : b[p * n + j]);
                exact += term;
                absSum += Math.abs(term);
            }
            float computed = c[i * n + j];
            if (!ErrorBound.holds(computed, exact, k + 2L, absSum)) {
                throw new IllegalStateException(implementation + " gemm " + variant + " " + shape + ": C[" + i + "][" + j
                        + "] = " + computed + ", exact " + exact + ", allowed error " + ErrorBound.allowed(k + 2L, absSum));
            }
        }
    }
}
