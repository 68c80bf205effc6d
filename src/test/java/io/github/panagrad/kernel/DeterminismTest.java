package io.github.panagrad.kernel;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.github.panagrad.contract.Call;
import io.github.panagrad.contract.ContractCheck;
import io.github.panagrad.contract.ContractOutcome;
import io.github.panagrad.contract.KernelCatalogue;
import io.github.panagrad.contract.Values;
import io.github.panagrad.contract.Variant;

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
                    int m = shape[0];
                    int n = shape[1];
                    int k = shape[2];
                    Variant gemm = Variant.ANY.with("transA", transA).with("transB", transB).with("m", m).with("n", n)
                            .with("k", k).with("alpha", 1.25f).with("beta", 0.5f).with("lda", (transA ? m : k) + 3)
                            .with("ldb", transB ? k : n).with("ldc", n + 1);
                    checked += assertSameBitsForEveryThreadCount("gemm",
                            gemm, Inputs.seed("determinism", transA, transB, shape[0]));
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
                Variant gemm = Variant.ANY.with("transA", transA).with("transB", false).with("m", m).with("n", n)
                        .with("k", k).with("alpha", 0.75f).with("beta", 1f).with("lda", (transA ? m : k) + 1)
                        .with("ldb", n).with("ldc", n + 2);
                checked += assertSameBitsForEveryThreadCount("gemm", gemm, Inputs.seed("thin determinism", transA, m));
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
        int checked = 0;
        for (int n : new int[] {1021, 4099, 100_003}) {
            for (String kernel : new String[] {"sum", "dot", "mse"}) {
                checked += assertSameBitsForEveryThreadCount(kernel, Variant.ANY.with("n", n), Inputs.seed(kernel, n));
            }
        }
        checked += assertSameBitsForEveryThreadCount("columnSums",
                Variant.ANY.with("m", 1000).with("n", 257).with("beta", 1f), Inputs.seed("columnSums"));
        assertEquals(10 * Backends.all().size(), checked);
    }

    /**
     * Runs the catalogue's call of {@code kernel} (its arguments fixed by {@code arguments}, its
     * arrays drawn from {@code seed}) on every backend at every thread count; every run must
     * give the bits of the scalar run with one thread. Returns the backends checked.
     */
    private static int assertSameBitsForEveryThreadCount(String kernel, Variant arguments, long seed) {
        Call call = KernelCatalogue.entry(kernel).generate(new Random(seed), 0, Values.REGULAR, arguments);
        ContractCheck check = new ContractCheck(KernelCatalogue.entry(kernel), call, Values.REGULAR);
        int checked = 0;
        Kernels.setThreads(THREAD_COUNTS[0]);
        ContractCheck.Run first = check.run(Backends.scalar());
        for (Kernels kernels : Backends.all()) {
            for (int threads : THREAD_COUNTS) {
                Kernels.setThreads(threads);
                ContractOutcome outcome = check.sameBits(first, check.run(kernels));
                assertTrue(outcome.holds(), () -> kernels + " with " + threads + " threads differs from SCALAR with "
                        + THREAD_COUNTS[0] + ": " + outcome.firstViolation());
            }
            checked++;
        }
        return checked;
    }
}
