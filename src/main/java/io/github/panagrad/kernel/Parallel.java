package io.github.panagrad.kernel;

import io.github.panagrad.internal.Checks;

import java.util.concurrent.SynchronousQueue;
import java.util.concurrent.ThreadFactory;
import java.util.concurrent.ThreadPoolExecutor;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.function.IntConsumer;

/**
 * Splits a kernel's work into numbered tasks and runs them on up to {@link #threads()}
 * threads, the caller being one of them.
 *
 * <p>Tasks are claimed from a shared counter, so which thread runs a task never changes
 * what the task computes: a kernel that gives each task a fixed block of its output gets
 * the same bits for any thread count. The caller works through tasks itself and waits
 * only for helpers that have actually started, so a call can never deadlock, whether it
 * comes from a ForkJoin task, from a pool thread, or from many callers at once. Helper
 * threads are daemon threads that end after a minute idle; nothing needs shutting down.
 */
final class Parallel {

    /** System property giving the thread count; defaults to the available processors. */
    static final String THREADS_PROPERTY = "panagrad.threads";

    private static final ThreadPoolExecutor HELPERS = new ThreadPoolExecutor(
            0, Integer.MAX_VALUE, 60, TimeUnit.SECONDS, new SynchronousQueue<>(), daemonThreads());

    /** Why the {@link #THREADS_PROPERTY} value is unusable, or null; reported on every use until {@link #setThreads}. */
    private static volatile String invalidProperty;

    private static volatile int threads = initialThreads();

    private Parallel() {
    }

    static int threads() {
        String invalid = invalidProperty;
        if (invalid != null) {
            throw new IllegalArgumentException(invalid);
        }
        return threads;
    }

    static void setThreads(int count) {
        Checks.atLeast("threads", count, 1);
        threads = count;
        invalidProperty = null;
    }

    /**
     * Runs {@code body.accept(t)} once for every {@code t} in {@code [0, tasks)}, on at most
     * {@code min(threads(), tasks)} threads; returns when all are done. The first exception
     * a task throws is rethrown here once every started task has finished.
     */
    static void forEach(int tasks, IntConsumer body) {
        int helpers = Math.min(threads(), tasks) - 1;
        if (helpers <= 0) {
            for (int t = 0; t < tasks; t++) {
                body.accept(t);
            }
            return;
        }
        Run run = new Run(tasks, body);
        for (int h = 0; h < helpers; h++) {
            HELPERS.execute(run::helperLoop);
        }
        run.callerLoop();
    }

    private static int initialThreads() {
        String value = System.getProperty(THREADS_PROPERTY);
        if (value == null || value.isBlank()) {
            return Runtime.getRuntime().availableProcessors();
        }
        try {
            int parsed = Integer.parseInt(value.trim());
            if (parsed >= 1) {
                return parsed;
            }
        } catch (NumberFormatException e) {
            // reported below
        }
        invalidProperty = THREADS_PROPERTY + " = '" + value + "' must be a whole number >= 1";
        return 1;
    }

    private static ThreadFactory daemonThreads() {
        AtomicInteger counter = new AtomicInteger();
        return r -> {
            Thread t = new Thread(r, "panagrad-worker-" + counter.incrementAndGet());
            t.setDaemon(true);
            return t;
        };
    }

    /** One call's shared state: the task counter and the helpers still working. */
    private static final class Run {
        private final int tasks;
        private final IntConsumer body;
        private final AtomicInteger next = new AtomicInteger();
        private int activeHelpers;
        private boolean closed;
        private Throwable failure;

        Run(int tasks, IntConsumer body) {
            this.tasks = tasks;
            this.body = body;
        }

        void helperLoop() {
            synchronized (this) {
                if (closed) {
                    return;
                }
                activeHelpers++;
            }
            try {
                work();
            } finally {
                synchronized (this) {
                    activeHelpers--;
                    notifyAll();
                }
            }
        }

        void callerLoop() {
            work();
            boolean interrupted = false;
            synchronized (this) {
                closed = true;
                while (activeHelpers > 0) {
                    try {
                        wait();
                    } catch (InterruptedException e) {
                        interrupted = true;
                    }
                }
            }
            if (interrupted) {
                Thread.currentThread().interrupt();
            }
            Throwable f;
            synchronized (this) {
                f = failure;
            }
            if (f instanceof RuntimeException) {
                throw (RuntimeException) f;
            }
            if (f instanceof Error) {
                throw (Error) f;
            }
        }

        private void work() {
            try {
                for (int t = next.getAndIncrement(); t < tasks; t = next.getAndIncrement()) {
                    body.accept(t);
                }
            } catch (RuntimeException | Error e) {
                synchronized (this) {
                    if (failure == null) {
                        failure = e;
                    }
                }
                next.set(tasks);
            }
        }
    }
}
