package io.github.panagrad.concurrent;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertSame;
import static org.junit.jupiter.api.Assertions.assertTimeoutPreemptively;

import io.github.panagrad.kernel.Backend;
import io.github.panagrad.kernel.BackendScope;
import io.github.panagrad.kernel.Kernels;

import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.Callable;
import java.util.concurrent.CyclicBarrier;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.ForkJoinPool;
import java.util.concurrent.Future;
import java.util.concurrent.RecursiveTask;
import java.util.function.Supplier;
import java.util.stream.IntStream;
import org.junit.jupiter.api.Test;

/**
 * Panagrad used from many threads at once: kernels and independent autograd graphs give the
 * bits of a sequential run, the same on both backends; backend scopes stay with their thread;
 * and gemm (which splits its own work over helper threads) never deadlocks when called from
 * ForkJoin tasks, from a one-thread pool, or from many callers at the same time.
 */
class ConcurrentUseTest {

    /** Every test's limit: ample on two busy cores, and a deadlock fails instead of hanging the build. */
    private static final Duration LIMIT = Duration.ofSeconds(120);
    private static final int CALLERS = 8;

    /** A named piece of deterministic work. */
    private record Job(String name, Supplier<int[]> work) {
    }

    private static List<Job> jobs() {
        List<Job> jobs = new ArrayList<>();
        for (Backend backend : Backend.values()) {
            Kernels kernels = Kernels.of(backend);
            jobs.add(new Job(backend + " gemm 160x150x140 (split over threads)",
                    () -> Workloads.gemm(kernels, 1, 160, 150, 140, false, false)));
            jobs.add(new Job(backend + " gemm 37x29x67 Aᵀ Bᵀ", () -> Workloads.gemm(kernels, 2, 37, 29, 67, true, true)));
            jobs.add(new Job(backend + " gemm 1x300x5 Bᵀ", () -> Workloads.gemm(kernels, 3, 1, 300, 5, false, true)));
            jobs.add(new Job(backend + " sum, dot, mse, adamStep n=1021",
                    () -> Workloads.reductionsAndUpdates(kernels, 4, 1021)));
            jobs.add(new Job(backend + " training, 5 steps", () -> {
                try (BackendScope scope = Kernels.use(backend)) {
                    return Workloads.training(5, 5);
                }
            }));
        }
        return jobs;
    }

    @Test
    void kernelsAndGraphsOnManyThreadsGiveTheBitsOfASequentialRun() {
        List<Job> jobs = jobs();
        List<int[]> sequential = new ArrayList<>();
        for (Job job : jobs) {
            sequential.add(job.work().get());
        }
        // jobs() lists every piece of work once per backend, in the same order: the backends agree too
        int perBackend = jobs.size() / Backend.values().length;
        for (int i = perBackend; i < jobs.size(); i++) {
            assertArrayEquals(sequential.get(i % perBackend), sequential.get(i),
                    jobs.get(i).name() + " against " + jobs.get(i % perBackend).name());
        }
        assertTimeoutPreemptively(LIMIT, () -> {
            ExecutorService callers = Executors.newFixedThreadPool(CALLERS);
            try {
                List<Future<int[]>> results = new ArrayList<>();
                for (int round = 0; round < 3; round++) {
                    for (Job job : jobs) {
                        results.add(callers.submit(job.work()::get));
                    }
                }
                for (int i = 0; i < results.size(); i++) {
                    assertArrayEquals(sequential.get(i % jobs.size()), results.get(i).get(),
                            jobs.get(i % jobs.size()).name() + ", round " + i / jobs.size());
                }
            } finally {
                callers.shutdownNow();
            }
        });
    }

    /**
     * Threads alternate between SCALAR scopes, VECTOR scopes and none, all switching at the
     * same moments (a barrier); each sees only its own choice. A pooled thread whose task
     * closed its scope runs the next task on the default again.
     */
    @Test
    void backendScopesStayWithTheirThread() {
        Kernels defaultKernels = Kernels.current();
        int rounds = 50;
        CyclicBarrier together = new CyclicBarrier(CALLERS);
        assertTimeoutPreemptively(LIMIT, () -> {
            ExecutorService callers = Executors.newFixedThreadPool(CALLERS);
            try {
                List<Future<?>> done = new ArrayList<>();
                for (int t = 0; t < CALLERS; t++) {
                    int thread = t;
                    done.add(callers.submit(() -> {
                        for (int round = 0; round < rounds; round++) {
                            Backend mine = (thread + round) % 3 == 2 ? null : Backend.values()[(thread + round) % 3];
                            Kernels expected = mine == null ? defaultKernels : Kernels.of(mine);
                            BackendScope scope = mine == null ? null : Kernels.use(mine);
                            together.await();
                            assertSame(expected, Kernels.current(), "thread " + thread + ", round " + round);
                            together.await();
                            if (scope != null) {
                                scope.close();
                            }
                            assertSame(defaultKernels, Kernels.current(), "thread " + thread + " after closing");
                        }
                        return null;
                    }));
                }
                for (Future<?> f : done) {
                    f.get();
                }
                for (Future<Kernels> next : callers.invokeAll(IntStream.range(0, CALLERS)
                        .mapToObj(i -> (Callable<Kernels>) Kernels::current).toList())) {
                    assertSame(defaultKernels, next.get(), "a pooled thread after its tasks closed their scopes");
                }
            } finally {
                callers.shutdownNow();
            }
        });
        assertSame(defaultKernels, Kernels.current());
    }

    /** gemm large enough to split, from every worker of the common pool at once, with a result per task. */
    @Test
    void gemmInsideCommonPoolTasksNeitherDeadlocksNorChangesBits() {
        Kernels vector = Kernels.of(Backend.VECTOR);
        int[] expected = Workloads.gemm(vector, 7, 150, 140, 130, false, true);
        assertTimeoutPreemptively(LIMIT, () -> {
            List<int[]> results = IntStream.range(0, 12).parallel()
                    .mapToObj(i -> Workloads.gemm(vector, 7, 150, 140, 130, false, true)).toList();
            for (int[] result : results) {
                assertArrayEquals(expected, result);
            }
        });
    }

    /**
     * A pool with parallelism 1 whose task forks subtasks that call gemm and joins them: the
     * joining worker runs the subtasks itself, and each gemm must finish without any other
     * worker of that pool.
     */
    @Test
    void gemmInsideAOneThreadForkJoinPoolNeitherDeadlocksNorChangesBits() {
        Kernels vector = Kernels.of(Backend.VECTOR);
        int[] expected = Workloads.gemm(vector, 8, 140, 150, 160, true, false);
        ForkJoinPool single = new ForkJoinPool(1);
        try {
            List<int[]> results = assertTimeoutPreemptively(LIMIT, () -> single.invoke(new GemmTasks(vector, 4)));
            assertEquals(4, results.size());
            for (int[] result : results) {
                assertArrayEquals(expected, result);
            }
        } finally {
            single.shutdownNow();
        }
    }

    /** Forks {@code count} gemm subtasks and joins them. */
    private static final class GemmTasks extends RecursiveTask<List<int[]>> {
        private static final long serialVersionUID = 1L;
        private final transient Kernels kernels;
        private final int count;

        GemmTasks(Kernels kernels, int count) {
            this.kernels = kernels;
            this.count = count;
        }

        @Override
        protected List<int[]> compute() {
            if (count == 1) {
                return List.of(Workloads.gemm(kernels, 8, 140, 150, 160, true, false));
            }
            GemmTasks left = new GemmTasks(kernels, count / 2);
            GemmTasks right = new GemmTasks(kernels, count - count / 2);
            left.fork();
            List<int[]> all = new ArrayList<>(right.compute());
            all.addAll(left.join());
            return all;
        }
    }
}
