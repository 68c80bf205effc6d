package io.github.panagrad.consumer;

import io.github.panagrad.kernel.ErrorBound;
import io.github.panagrad.kernel.Kernels;

import java.util.Arrays;
import java.util.Random;

/** Matrix multiply through the public {@link Kernels#gemm} contract. */
final class GemmCheck {

    private static final float GUARD = -7777f;

    private GemmCheck() {
    }

    /**
     * {@code [[1,2,3],[4,5,6]] · [[7,8],[9,10],[11,12]] = [[58,64],[139,154]]} with A stored at
     * offset 1 with leading dimension 4 and C at offset 2 with leading dimension 3; C's window
     * starts as NaN ({@code beta = 0} must not read it) and every element outside it must keep
     * its guard value.
     */
    static void knownAnswer(Kernels kernels) {
        float[] a = {GUARD, 1, 2, 3, GUARD, 4, 5, 6};
        float[] b = {7, 8, 9, 10, 11, 12};
        float[] c = new float[9];
        Arrays.fill(c, GUARD);
        int[] window = {2, 3, 5, 6};
        for (int index : window) {
            c[index] = Float.NaN;
        }
        kernels.gemm(false, false, 2, 2, 3, 1f, a, 1, 4, b, 0, 2, 0f, c, 2, 3);
        float[] expected = {GUARD, GUARD, 58, 64, GUARD, 139, 154, GUARD, GUARD};
        CheckFailure.unless(Arrays.equals(c, expected),
                "gemm known answer: expected " + Arrays.toString(expected) + ", got " + Arrays.toString(c));
    }

    /**
     * {@code C = 1.25 · A · Bᵀ + 0.5 · C} for a 37 × 29 result with k = 67, checked per element
     * against a double-precision reference with the documented bound
     * {@code γ(k + 2) · (|alpha| Σ|a·b| + |beta·c|)}.
     *
     * @return the number of elements checked
     */
    static int withinErrorBound(Kernels kernels) {
        int m = 37;
        int n = 29;
        int k = 67;
        float alpha = 1.25f;
        float beta = 0.5f;
        Random random = new Random(20240917L);
        float[] a = uniform(random, m * k);
        float[] b = uniform(random, n * k);
        float[] c0 = uniform(random, m * n);
        float[] c = c0.clone();
        kernels.gemm(false, true, m, n, k, alpha, a, 0, k, b, 0, k, beta, c, 0, n);
        for (int i = 0; i < m; i++) {
            for (int j = 0; j < n; j++) {
                double dot = 0;
                double absDot = 0;
                for (int p = 0; p < k; p++) {
                    double term = (double) a[i * k + p] * b[j * k + p];
                    dot += term;
                    absDot += Math.abs(term);
                }
                double exact = alpha * dot + beta * (double) c0[i * n + j];
                double absSum = Math.abs(alpha) * absDot + Math.abs(beta * (double) c0[i * n + j]);
                float computed = c[i * n + j];
                CheckFailure.unless(ErrorBound.holds(computed, exact, k + 2, absSum),
                        "gemm C[" + i + "][" + j + "] = " + computed + " is off the double reference " + exact
                                + " by more than γ(" + (k + 2) + ") · " + absSum);
            }
        }
        return m * n;
    }

    private static float[] uniform(Random random, int count) {
        float[] values = new float[count];
        for (int i = 0; i < count; i++) {
            values[i] = random.nextFloat() * 2f - 1f;
        }
        return values;
    }
}
