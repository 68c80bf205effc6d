package io.github.panagrad.kernel;

import static org.junit.jupiter.api.Assertions.assertEquals;

import java.util.Random;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/**
 * Same inputs, same bits: gemm on shapes large enough to be split across threads, and
 * the reductions, give the scalar reference's bits on every backend for 1, 2 and 3 threads
 * and when repeated; a thin or narrow gemm gives the bits of the same columns of a wider one.
 */
class DeterminismTest {

    private static final int[] THREAD_COUNTS = {1, 2, 3, 1, 3};

    private int threadsBefore;

    @BeforeEach
    void rememberThreads() {
        threadsBefore = Kernels.threads();
    }

    @AfterEach
    void restoreThreads() {
        Kernels.setThreads(threadsBefore);
    }

    @Test
    void gemmGivesTheSameBitsForAnyThreadCount() {
        int checked = 0;
        int[][] shapes = {{300, 301, 257}, {517, 517, 517}};
        for (int[] shape : shapes) {
            for (boolean transA : new boolean[] {false, true}) {
                for (boolean transB : new boolean[] {false, true}) {
                    if (shape[0] == 517 && transA != transB) {
                        continue; // the large square shape in two combinations keeps the run short
                    }
                    Layout l = new Layout(Inputs.seed("determinism", transA, transB, shape[0]), Inputs.REGULAR);
                    int m = shape[0];
                    int n = shape[1];
                    int k = shape[2];
                    int a = l.matrixInput("a", transA ? k : m, transA ? m : k, (transA ? m : k) + 3);
                    int b = l.matrixInput("b", transB ? n : k, transB ? k : n, transB ? k : n);
                    int c = l.matrixOutput("c", m, n, n + 1);
                    checked += assertSameBitsForEveryThreadCount(
                            KernelCases.gemmCall(transA, transB, m, n, k, 1.25f, 0.5f, l, a, b, c));
                }
            }
        }
        assertEquals(6 * Backends.all().size(), checked);
    }

    /**
     * Thin products large enough to split: element by element along a row and along a column,
     * and a C one 512-bit vector wide.
     */
    @Test
    void thinGemmGivesTheSameBitsForAnyThreadCount() {
        int checked = 0;
        int[][] shapes = {{1, 2000, 10_000}, {2000, 1, 10_000}, {4096, 16, 300}};
        for (int[] shape : shapes) {
            for (boolean transA : new boolean[] {false, true}) {
                int m = shape[0];
                int n = shape[1];
                int k = shape[2];
                Layout l = new Layout(Inputs.seed("thin determinism", transA, m), Inputs.REGULAR);
                int a = l.matrixInput("a", transA ? k : m, transA ? m : k, (transA ? m : k) + 1);
                int b = l.matrixInput("b", k, n, n);
                int c = l.matrixOutput("c", m, n, n + 2);
                checked += assertSameBitsForEveryThreadCount(
                        KernelCases.gemmCall(transA, false, m, n, k, 0.75f, 1f, l, a, b, c));
            }
        }
        assertEquals(6 * Backends.all().size(), checked);
    }

    /**
     * Thin and narrow products, which gemm computes without its register tiles, give the
     * bits of the same columns of a product 40 columns wider (register tiles on every
     * backend width): the operations per element do not depend on how C is cut up.
     */
    @Test
    void thinAndNarrowProductsGiveTheBitsOfTheSameColumnsOfAWiderOne() {
        int[][] shapes = {{1000, 8, 3}, {1000, 1, 3}, {77, 5, 1}, {300, 10, 700}, {2, 13, 5}, {4096, 16, 300},
            {8, 3, 1000}, {1, 8, 1000}};
        int checked = 0;
        for (Kernels kernels : Backends.all()) {
            for (int[] shape : shapes) {
                for (boolean transA : new boolean[] {false, true}) {
                    for (boolean transB : new boolean[] {false, true}) {
                        for (float beta : new float[] {0f, 0.5f}) {
                            assertNarrowMatchesWide(kernels, transA, transB, shape[0], shape[1], shape[2], beta);
                            checked++;
                        }
                    }
                }
            }
        }
        assertEquals(8 * 8 * Backends.all().size(), checked);
    }

    private static void assertNarrowMatchesWide(Kernels kernels, boolean transA, boolean transB, int m, int n, int k,
                                                float beta) {
        int wide = n + 40;
        Random random = new Random(Inputs.seed("narrow", transA, transB, m, n, k));
        float[] a = new float[m * k];
        float[] b = new float[k * wide];
        float[] cWide = new float[m * wide];
        float[] cNarrow = new float[m * (n + 3)];
        fill(random, a);
        fill(random, b);
        fill(random, cWide);
        for (int i = 0; i < m; i++) {
            System.arraycopy(cWide, i * wide, cNarrow, i * (n + 3), n);
        }
        int lda = transA ? m : k;
        // op(B)'s first n columns: the first n columns of B, or its first n rows when transposed
        int ldb = transB ? k : wide;
        kernels.gemm(transA, transB, m, wide, k, 1.25f, a, 0, lda, b, 0, ldb, beta, cWide, 0, wide);
        kernels.gemm(transA, transB, m, n, k, 1.25f, a, 0, lda, b, 0, ldb, beta, cNarrow, 0, n + 3);
        for (int i = 0; i < m; i++) {
            for (int j = 0; j < n; j++) {
                float expected = cWide[i * wide + j];
                float actual = cNarrow[i * (n + 3) + j];
                if (Float.floatToRawIntBits(expected) != Float.floatToRawIntBits(actual)) {
                    throw new AssertionError(kernels.backend() + " gemm " + (transA ? "T" : "N") + (transB ? "T" : "N")
                            + " " + m + "x" + n + "x" + k + " beta " + beta + ": C[" + i + "][" + j + "] = " + actual
                            + ", the same column of the " + wide + "-column product " + expected);
                }
            }
        }
    }

    private static void fill(Random random, float[] values) {
        for (int i = 0; i < values.length; i++) {
            values[i] = random.nextFloat() * 2f - 1f;
        }
    }

    @Test
    void reductionsGiveTheSameBitsForAnyThreadCount() {
        for (int n : new int[] {1021, 4099, 100_003}) {
            assertSameBitsForEveryThreadCount(KernelCases.sum(n, new Layout(Inputs.seed("sum", n), Inputs.REGULAR)));
            assertSameBitsForEveryThreadCount(KernelCases.dot(n, new Layout(Inputs.seed("dot", n), Inputs.REGULAR)));
            assertSameBitsForEveryThreadCount(KernelCases.mse(n, new Layout(Inputs.seed("mse", n), Inputs.REGULAR)));
        }
        assertSameBitsForEveryThreadCount(KernelCases.columnSums(1000, 257, 1f,
                new Layout(Inputs.seed("columnSums"), Inputs.REGULAR)));
    }

    /** Runs the call on every backend at every thread count; every run must give the scalar run's bits. */
    private static int assertSameBitsForEveryThreadCount(Invocation call) {
        int checked = 0;
        Kernels.setThreads(THREAD_COUNTS[0]);
        Invocation.Outcome first = call.run(Backends.scalar());
        for (Kernels kernels : Backends.all()) {
            for (int i = 0; i < THREAD_COUNTS.length; i++) {
                Kernels.setThreads(THREAD_COUNTS[i]);
                Invocation.Outcome again = call.run(kernels);
                try {
                    call.assertSameBits(first, again);
                } catch (AssertionError e) {
                    throw new AssertionError(kernels + " with " + THREAD_COUNTS[i] + " threads differs from"
                            + " SCALAR: " + e.getMessage(), e);
                }
            }
            checked++;
        }
        return checked;
    }
}
