package io.github.panagrad.bench;

import java.lang.management.CompilationMXBean;
import java.lang.management.GarbageCollectorMXBean;
import java.lang.management.ManagementFactory;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * Times the first calls of one operation in this JVM, back to back on the calling thread,
 * and reports at fixed checkpoints (calls 1, 2, 3, 5, 10, 20, 30, 50, 100, ... up to the
 * call count) the cumulative wall time since the first call began and, over the same span,
 * the bytes the calling thread allocated, the JIT compilers' compilation time
 * ({@link CompilationMXBean}), the calling thread's CPU time, the process's CPU time (all
 * threads: the caller, the compiler threads, GC, the library's warm-up thread) and the
 * collectors' time. Nothing but a clock read runs between two calls; the other counters are
 * read at checkpoints only.
 *
 * <p>This is the timing loop of {@link ColdStart}; another engine's cold-start main (for
 * example PyTorch through DJL) builds its step as a {@link Runnable} and calls
 * {@link #time} the same way, so that its figures mean the same.
 */
final class CallTimer {

    private static final com.sun.management.ThreadMXBean THREADS =
            (com.sun.management.ThreadMXBean) ManagementFactory.getThreadMXBean();
    private static final com.sun.management.OperatingSystemMXBean SYSTEM =
            (com.sun.management.OperatingSystemMXBean) ManagementFactory.getOperatingSystemMXBean();
    private static final CompilationMXBean COMPILER = ManagementFactory.getCompilationMXBean();
    private static final List<GarbageCollectorMXBean> COLLECTORS = ManagementFactory.getGarbageCollectorMXBeans();

    private CallTimer() {
    }

    /**
     * @param count the number of calls
     * @return the checkpoints: 1, 2, 3, 5 times the powers of ten, up to and including {@code count}
     */
    static long[] checkpoints(int count) {
        List<Long> points = new ArrayList<>();
        for (long decade = 1; decade <= count; decade *= 10) {
            for (long mantissa : new long[] {1, 2, 3, 5}) {
                if (mantissa * decade < count) {
                    points.add(mantissa * decade);
                }
            }
        }
        points.add((long) count);
        return points.stream().mapToLong(Long::longValue).toArray();
    }

    /**
     * Makes up to {@code count} calls of the operation and measures them.
     *
     * @param operation one call
     * @param count how many calls at most
     * @param maxNanos after the first call that ends this long after the start, no more calls are made
     *                 (the checkpoints not reached are left out)
     * @return {@code uptime_ms_at_first_call} (the JVM's uptime when the first call starts),
     *         {@code points} (the checkpoints reached), and at each, cumulative since the first call
     *         began: {@code elapsed_ns}, {@code alloc_bytes}, {@code compile_ms}, {@code thread_cpu_ns}, {@code cpu_ns},
     *         {@code gc_ms}
     */
    static Map<String, Object> time(Runnable operation, int count, long maxNanos) {
        long[] points = checkpoints(count);
        long[] elapsed = new long[points.length];
        long[] alloc = new long[points.length];
        long[] compile = new long[points.length];
        long[] threadCpu = new long[points.length];
        long[] cpu = new long[points.length];
        long[] gc = new long[points.length];
        long alloc0 = THREADS.getCurrentThreadAllocatedBytes();
        long compile0 = COMPILER.getTotalCompilationTime();
        long threadCpu0 = THREADS.getCurrentThreadCpuTime();
        long cpu0 = SYSTEM.getProcessCpuTime();
        long gc0 = collectionMillis();
        int reached = 0;
        long uptime = ManagementFactory.getRuntimeMXBean().getUptime();
        long start = System.nanoTime();
        for (int call = 1; call <= count; call++) {
            operation.run();
            long now = System.nanoTime() - start;
            if (call == points[reached]) {
                elapsed[reached] = now;
                alloc[reached] = THREADS.getCurrentThreadAllocatedBytes() - alloc0;
                compile[reached] = COMPILER.getTotalCompilationTime() - compile0;
                threadCpu[reached] = THREADS.getCurrentThreadCpuTime() - threadCpu0;
                cpu[reached] = SYSTEM.getProcessCpuTime() - cpu0;
                gc[reached] = collectionMillis() - gc0;
                reached++;
            }
            if (now >= maxNanos) {
                break;
            }
        }
        Map<String, Object> result = new LinkedHashMap<>();
        result.put("uptime_ms_at_first_call", uptime);
        result.put("points", Arrays.copyOf(points, reached));
        result.put("elapsed_ns", Arrays.copyOf(elapsed, reached));
        result.put("alloc_bytes", Arrays.copyOf(alloc, reached));
        result.put("compile_ms", Arrays.copyOf(compile, reached));
        result.put("thread_cpu_ns", Arrays.copyOf(threadCpu, reached));
        result.put("cpu_ns", Arrays.copyOf(cpu, reached));
        result.put("gc_ms", Arrays.copyOf(gc, reached));
        return result;
    }

    /** @return the total time of all collections so far, in ms */
    private static long collectionMillis() {
        long total = 0;
        for (GarbageCollectorMXBean collector : COLLECTORS) {
            total += Math.max(0, collector.getCollectionTime());
        }
        return total;
    }
}
