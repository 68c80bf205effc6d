package io.github.panagrad.kernel;

import java.lang.management.ManagementFactory;
import java.util.EnumSet;
import java.util.Locale;
import java.util.Set;
import java.util.StringJoiner;

/**
 * Compiles the vector kernels ahead of need. Until C2 has compiled a Vector API method, every
 * vector it touches is a heap object and a call is tens to thousands of times slower than the
 * scalar loop; the first calls of a fresh JVM would pay that. So the vector backend starts
 * with every {@link KernelFamily} cold and runs it on the scalar reference (the same bits);
 * a second after the first kernel call ({@link #START_DELAY_MILLIS}) a daemon thread,
 * {@code panagrad-warmup}, calls each cold family's vector code (gemm's first and alone if a big
 * gemm came meanwhile, {@link #BIG_GEMM_FLOPS}) on small inputs that take every path the large ones take (every gemm path and
 * transpose, edges, several k-blocks, both beta cases, every optimizer variant), round after
 * round, until a round allocates nothing but gemm's small job objects
 * ({@link WarmupWorkload#compiledRoundBytes}) and neither does a probe of calls of realistic
 * size: then C2 has compiled the family's code, in a form that serves large calls, and the
 * family is ready; from then on its calls run on the vector code.
 *
 * <p>Bounded: the thread stops after {@link #BUDGET_NANOS}, marking every family still cold
 * ready (C2 compiles them in use). It never prints, holds no lock while a kernel runs, does
 * not keep the JVM alive and works only on its own arrays, so any number of callers may use
 * the kernels meanwhile. Where the JVM cannot count a thread's allocations, a family is ready
 * after {@link #FALLBACK_ROUNDS} rounds. Turned off with {@code -Dpanagrad.warmup=off}: the
 * vector backend then runs its own code from the first call. No result depends on any of
 * this, only the speed of the first calls does.
 */
final class Warmup implements Runnable {

    /** System property turning the warm-up on (default) or off. */
    static final String PROPERTY = "panagrad.warmup";

    /**
     * How long the thread waits after the first call before it starts. Its work and the
     * compilations it causes take CPU and C2's queue from the application, which on two cores
     * made short runs slower: the first 100 to 1,000 steps of small models, which the scalar
     * code runs well, took up to twice as long with the warm-up started at once, and so did the
     * first calls of a big gemm, which run on the scalar code meanwhile.
     */
    static final long START_DELAY_MILLIS = 1000;

    /** Longest the warm-up thread runs, after its delay. */
    static final long BUDGET_NANOS = 10_000_000_000L;

    /** Time given to one family's rounds before the next cold family's turn. */
    private static final long SLICE_NANOS = 20_000_000L;

    /** Rounds after which a family counts as compiled when allocations cannot be measured. */
    private static final int FALLBACK_ROUNDS = 3000;

    private final KernelSupport vector;
    private final WarmupWorkload workload = new WarmupWorkload();
    /**
     * Whether the thread has started; set under this object's lock, in {@link #start}. Not an
     * {@code AtomicBoolean}: its first compare-and-set links a VarHandle, which cost the first
     * kernel call of a fresh JVM about a millisecond.
     */
    private volatile boolean started;
    /** Set by the first big gemm ({@link #BIG_GEMM_FLOPS}): the thread then warms gemm first. */
    private volatile boolean bigGemmSeen;
    /** Bit {@code f.ordinal()} is set once family f is ready. */
    private volatile int readyMask;

    /** A warm-up of {@code vector}'s code; its thread starts on the first {@link #isReady} of a cold family. */
    Warmup(KernelSupport vector) {
        this.vector = vector;
    }

    /** False only when {@link #PROPERTY} is {@code off}. */
    static boolean enabled() {
        return !"off".equals(System.getProperty(PROPERTY, "on").trim().toLowerCase(Locale.ROOT));
    }

    /** Flops ({@code 2·m·n·k}) from which a gemm counts as big: the warm-up then compiles gemm first. */
    static final long BIG_GEMM_FLOPS = 1L << 25;

    /**
     * Whether calls of the family may run on the vector code; the first call of a cold family
     * starts the thread. Cold calls, big ones too, run on the scalar code: even a big first call
     * is faster there than on vector code not yet compiled (docs/design.md, "Cold start").
     */
    boolean isReady(KernelFamily family) {
        if ((readyMask & bit(family)) != 0) {
            return true;
        }
        if (!started) {
            start();
        }
        return false;
    }

    /** Notes a gemm of this many flops made while gemm is cold: a big one makes the thread warm gemm first. */
    void coldGemm(long flops) {
        if (flops >= BIG_GEMM_FLOPS && !bigGemmSeen) {
            bigGemmSeen = true;
        }
    }

    private synchronized void start() {
        if (!started) {
            Thread thread = new Thread(this, "panagrad-warmup");
            thread.setDaemon(true);
            thread.start();
            started = true;
        }
    }

    /** Each family and its state: cold (the thread has not started), warming or ready. */
    String status() {
        StringJoiner text = new StringJoiner(", ");
        for (KernelFamily family : KernelFamily.values()) {
            String state = (readyMask & bit(family)) != 0 ? "ready" : started ? "warming" : "cold";
            text.add(family.label() + " " + state);
        }
        return text.toString();
    }

    @Override
    public void run() {
        try {
            Thread.sleep(START_DELAY_MILLIS);
            long deadline = System.nanoTime() + BUDGET_NANOS;
            if (bigGemmSeen) {
                warmAlone(KernelFamily.GEMM, deadline);
            }
            warm(deadline);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        } catch (RuntimeException e) {
            // a fault here must not reach the application: the kernels then warm up in use
        } finally {
            for (KernelFamily family : KernelFamily.values()) {
                markReady(family);
            }
        }
    }

    /**
     * Rounds of the family alone and without rests until it is compiled or the deadline
     * passes: for gemm after a big one, since such a program gains 25 to 40 times per gemm call
     * from the compiled vector code, more than the other families and the half duty give back.
     */
    private void warmAlone(KernelFamily family, long deadline) {
        for (int round = 0; System.nanoTime() < deadline; round++) {
            if (compilesRound(family, round)) {
                markReady(family);
                return;
            }
        }
    }

    /**
     * Rounds of every family not yet ready in turn, {@link #SLICE_NANOS} of them at a time so
     * that a cheap family is not held back by an expensive one, at half duty, until each is
     * compiled or the deadline passes.
     */
    private void warm(long deadline) {
        Set<KernelFamily> cold = EnumSet.noneOf(KernelFamily.class);
        for (KernelFamily family : KernelFamily.values()) {
            if ((readyMask & bit(family)) == 0) {
                cold.add(family);
            }
        }
        int[] rounds = new int[KernelFamily.values().length];
        while (!cold.isEmpty() && System.nanoTime() < deadline) {
            long cycle = System.nanoTime();
            for (KernelFamily family : EnumSet.copyOf(cold)) {
                long sliceEnd = System.nanoTime() + SLICE_NANOS;
                do {
                    if (compilesRound(family, rounds[family.ordinal()]++)) {
                        markReady(family);
                        cold.remove(family);
                        break;
                    }
                } while (System.nanoTime() < sliceEnd);
            }
            rest(System.nanoTime() - cycle);
        }
    }

    /** One round of the family, and its probe if the round allocated nothing: whether both did. */
    private boolean compilesRound(KernelFamily family, int round) {
        return compiles(() -> workload.run(family, vector, round), family, round)
                && compiles(() -> workload.probe(family, vector, round), family, round);
    }

    /** Sleeps as long as the last cycle of rounds ran: the thread takes at most half a core. */
    private static void rest(long nanos) {
        try {
            Thread.sleep(nanos / 1_000_000, (int) (nanos % 1_000_000));
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
    }

    /**
     * Runs {@code calls} and tells whether they allocated no more than compiled code does, or,
     * where allocations cannot be counted, whether {@link #FALLBACK_ROUNDS} rounds have passed.
     */
    private static boolean compiles(Runnable calls, KernelFamily family, int round) {
        long before = allocatedBytes();
        calls.run();
        long after = allocatedBytes();
        return before < 0 || after < 0 ? round >= FALLBACK_ROUNDS
                : after - before <= WarmupWorkload.compiledRoundBytes(family);
    }

    private synchronized void markReady(KernelFamily family) {
        readyMask |= bit(family);
    }

    private static int bit(KernelFamily family) {
        return 1 << family.ordinal();
    }

    /** Bytes this thread has allocated so far, or -1 when the JVM does not say. */
    private static long allocatedBytes() {
        try {
            java.lang.management.ThreadMXBean threads = ManagementFactory.getThreadMXBean();
            if (threads instanceof com.sun.management.ThreadMXBean) {
                return ((com.sun.management.ThreadMXBean) threads).getCurrentThreadAllocatedBytes();
            }
        } catch (LinkageError | UnsupportedOperationException e) {
            // jdk.management is not in the boot layer, or allocation counting is off
        }
        return -1;
    }
}
