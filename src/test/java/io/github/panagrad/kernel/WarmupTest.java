package io.github.panagrad.kernel;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.HashSet;
import java.util.List;
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

    private static List<Thread> warmupThreads() {
        return Thread.getAllStackTraces().keySet().stream()
                .filter(t -> t.getName().equals("panagrad-warmup") && t.isAlive()).toList();
    }
}
