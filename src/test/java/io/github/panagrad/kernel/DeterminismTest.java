package io.github.panagrad.kernel;

import static org.junit.jupiter.api.Assertions.assertEquals;

import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/**
 * Same inputs, same bits: gemm on shapes large enough to be split across threads, and
 * the reductions, give bit-identical results for 1, 2 and 3 threads and when repeated.
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

    /** Thin products large enough to split: the element-by-element path, along a row and along a column. */
    @Test
    void thinGemmGivesTheSameBitsForAnyThreadCount() {
        int checked = 0;
        int[][] shapes = {{1, 2000, 10_000}, {2000, 1, 10_000}};
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
        assertEquals(4 * Backends.all().size(), checked);
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

    /** Runs the call on every backend at every thread count; all runs of one backend must agree bit for bit. */
    private static int assertSameBitsForEveryThreadCount(Invocation call) {
        int checked = 0;
        for (Kernels kernels : Backends.all()) {
            Kernels.setThreads(THREAD_COUNTS[0]);
            Invocation.Outcome first = call.run(kernels);
            for (int i = 1; i < THREAD_COUNTS.length; i++) {
                Kernels.setThreads(THREAD_COUNTS[i]);
                Invocation.Outcome again = call.run(kernels);
                try {
                    call.assertSameBits(first, again);
                } catch (AssertionError e) {
                    throw new AssertionError("run " + (i + 1) + " with " + THREAD_COUNTS[i] + " threads differs from"
                            + " the first with " + THREAD_COUNTS[0] + ": " + e.getMessage(), e);
                }
            }
            checked++;
        }
        return checked;
    }
}
