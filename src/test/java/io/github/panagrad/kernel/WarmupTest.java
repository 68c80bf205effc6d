package io.github.panagrad.kernel;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.lang.reflect.InvocationTargetException;
import java.lang.reflect.Proxy;
import java.util.HashSet;
import java.util.List;
import java.util.Random;
import java.util.Set;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.condition.DisabledIfSystemProperty;

/**
 * The vector backend's warm-up: its workload runs on both implementations, its thread is a
 * daemon that starts only on the first call of a cold family and ends, within its budget, with
 * every family ready; until then calls go to the scalar code, whose bits they give anyway.
 */
@DisabledIfSystemProperty(named = Backends.EXPECT_SCALAR_FALLBACK, matches = "true",
        disabledReason = "warms the vector backend, which this run deliberately lacks")
class WarmupTest {

    /** Rounds enough to make every variant of every family's workload (they alternate from round to round). */
    private static final int ROUNDS = 2;

    @Test
    void theWorkloadRunsEveryFamilyOnBothImplementations() {
        List<KernelSupport> implementations = List.of(ScalarKernels.INSTANCE, BackendLookup.vector().orElseThrow());
        int runs = 0;
        for (KernelSupport implementation : implementations) {
            WarmupWorkload workload = new WarmupWorkload();
            for (KernelFamily family : KernelFamily.values()) {
                for (int round = 0; round < ROUNDS; round++) {
                    workload.run(family, implementation, round);
                    workload.probe(family, implementation, round);
                    runs++;
                }
            }
        }
        assertEquals(2 * KernelFamily.values().length * ROUNDS, runs);
    }

    /**
     * The vector kernels compile to code that allocates nothing, for the warm-up's calls and its
     * probes of realistic size: a kernel whose compiled loop boxes its vectors (as C2 compiles a
     * Vector API loop in some shapes) never gets there and fails this test after the limit.
     */
    @Test
    void everyFamilyCompilesToCodeThatAllocatesNothingOnLargeCalls() {
        com.sun.management.ThreadMXBean threads =
                (com.sun.management.ThreadMXBean) java.lang.management.ManagementFactory.getThreadMXBean();
        KernelSupport vector = BackendLookup.vector().orElseThrow();
        WarmupWorkload workload = new WarmupWorkload();
        long deadline = System.nanoTime() + 120_000_000_000L;
        for (KernelFamily family : KernelFamily.values()) {
            long allocated = Long.MAX_VALUE;
            for (int round = 0; allocated > WarmupWorkload.compiledRoundBytes(family); round++) {
                assertTrue(System.nanoTime() < deadline, family + "'s probes still allocate " + allocated + " bytes");
                long before = threads.getCurrentThreadAllocatedBytes();
                workload.run(family, vector, round);
                if (threads.getCurrentThreadAllocatedBytes() - before <= WarmupWorkload.compiledRoundBytes(family)) {
                    before = threads.getCurrentThreadAllocatedBytes();
                    workload.probe(family, vector, round);
                    allocated = threads.getCurrentThreadAllocatedBytes() - before;
                }
            }
        }
    }

    @Test
    void theThreadStartsOnTheFirstCallOfAColdFamilyIsADaemonAndEndsWithEveryFamilyReady()
            throws InterruptedException {
        Warmup warmup = new Warmup(BackendLookup.vector().orElseThrow());
        assertEquals("gemm cold, elementwise cold, reductions cold, optimizer cold", warmup.status());
        Set<Thread> before = new HashSet<>(warmupThreads());
        assertFalse(warmup.isReady(KernelFamily.GEMM), "a fresh warm-up has no ready family");
        List<Thread> started = warmupThreads().stream().filter(t -> !before.contains(t)).toList();
        assertEquals(1, started.size(), "one thread started: " + started);
        Thread thread = started.get(0);
        assertTrue(thread.isDaemon(), "a daemon thread");
        warmup.isReady(KernelFamily.ELEMENTWISE);
        assertEquals(1, warmupThreads().stream().filter(t -> !before.contains(t)).count(), "a second call starts no thread");
        long deadline = System.nanoTime() + Warmup.BUDGET_NANOS + 30_000_000_000L;
        while (!warmup.status().equals("gemm ready, elementwise ready, reductions ready, optimizer ready")) {
            assertTrue(System.nanoTime() < deadline, "not ready within the budget: " + warmup.status());
            Thread.sleep(20);
        }
        for (KernelFamily family : KernelFamily.values()) {
            assertTrue(warmup.isReady(family), family + " is ready");
        }
        thread.join(10_000);
        assertFalse(thread.isAlive(), "the warm-up thread ended once every family was ready");
    }

    /**
     * After a big gemm the thread warms gemm first and alone: its first call of any other
     * kernel comes once gemm is ready (seen through a recording proxy of the vector code). The
     * proxy's gemm allocates for its first 200 ms, as code not yet compiled does, so that gemm
     * takes longer than one turn of the round-robin however warm this JVM already is.
     */
    @Test
    void afterABigGemmTheWarmupMakesGemmReadyBeforeItCallsAnyOtherKernel() throws InterruptedException {
        KernelSupport vector = BackendLookup.vector().orElseThrow();
        Warmup[] warmup = new Warmup[1];
        String[] statusAtFirstOtherCall = new String[1];
        long[] firstGemm = {0};
        Object[] garbage = new Object[1];
        KernelSupport recording = (KernelSupport) Proxy.newProxyInstance(KernelSupport.class.getClassLoader(),
                new Class<?>[] {KernelSupport.class}, (proxy, method, args) -> {
                    if (!method.getName().equals("gemm") && statusAtFirstOtherCall[0] == null) {
                        statusAtFirstOtherCall[0] = warmup[0].status();
                    }
                    if (method.getName().equals("gemm")) {
                        if (firstGemm[0] == 0) {
                            firstGemm[0] = System.nanoTime();
                        }
                        if (System.nanoTime() - firstGemm[0] < 200_000_000L) {
                            garbage[0] = new byte[1 << 16];
                        }
                    }
                    try {
                        return method.invoke(vector, args);
                    } catch (InvocationTargetException e) {
                        throw e.getCause();
                    }
                });
        warmup[0] = new Warmup(recording);
        assertFalse(warmup[0].isReady(KernelFamily.GEMM));
        warmup[0].coldGemm(Warmup.BIG_GEMM_FLOPS);
        long deadline = System.nanoTime() + Warmup.BUDGET_NANOS + 30_000_000_000L;
        while (statusAtFirstOtherCall[0] == null) {
            assertTrue(System.nanoTime() < deadline, "no other kernel called within the budget: " + warmup[0].status());
            Thread.sleep(20);
        }
        assertTrue(statusAtFirstOtherCall[0].startsWith("gemm ready, "), statusAtFirstOtherCall[0]);
    }

    /**
     * A cold gemm runs panel by panel on the scalar code and moves to the vector code for the
     * remaining rows whenever the warm-up gets ready: wherever it moves (after the first or the
     * second of three panels, or never), C holds one scalar call's bits, in every transpose
     * and both beta rules, on operands at offsets and with gaps between rows, and nothing
     * outside C's window changes.
     */
    @Test
    void aColdGemmGivesOneCallsBitsWhereverItMovesToTheVectorCode() {
        KernelSupport vector = BackendLookup.vector().orElseThrow();
        // 2·n·k = 440,000 flops per row: panels of 19 rows, so 45 rows are three panels
        int m = 45;
        int n = 200;
        int k = 1100;
        Random random = new Random(45);
        int checked = 0;
        for (int t = 0; t < 4; t++) {
            boolean transA = t >= 2;
            boolean transB = t % 2 == 1;
            int lda = (transA ? m : k) + 3;
            int ldb = (transB ? k : n) + 2;
            int ldc = n + 5;
            float[] a = values(random, 7 + (transA ? k : m) * lda);
            float[] b = values(random, 4 + (transB ? n : k) * ldb);
            for (float beta : new float[] {0f, 1f}) {
                float[] c0 = values(random, 9 + m * ldc + 4);
                float[] expected = c0.clone();
                ScalarKernels.INSTANCE.gemm(transA, transB, m, n, k, 0.75f, a, 7, lda, b, 4, ldb, beta, expected, 9, ldc);
                for (int movesAfter = 1; movesAfter <= 3; movesAfter++) {
                    float[] c = c0.clone();
                    int[] panels = {0};
                    int after = movesAfter;
                    Kernels.coldGemm(vector, () -> ++panels[0] >= after,
                            transA, transB, m, n, k, 0.75f, a, 7, lda, b, 4, ldb, beta, c, 9, ldc);
                    for (int i = 0; i < c.length; i++) {
                        assertEquals(Float.floatToIntBits(expected[i]), Float.floatToIntBits(c[i]),
                                "transA " + transA + ", transB " + transB + ", beta " + beta
                                        + ", moved after panel " + movesAfter + ": c[" + i + "]");
                    }
                    checked++;
                }
            }
        }
        assertEquals(4 * 2 * 3, checked);
    }

    private static float[] values(Random random, int count) {
        float[] values = new float[count];
        for (int i = 0; i < count; i++) {
            values[i] = random.nextFloat() * 2f - 1f;
        }
        return values;
    }

    private static List<Thread> warmupThreads() {
        return Thread.getAllStackTraces().keySet().stream()
                .filter(t -> t.getName().equals("panagrad-warmup") && t.isAlive()).toList();
    }
}
