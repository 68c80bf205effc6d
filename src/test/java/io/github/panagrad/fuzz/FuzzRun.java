package io.github.panagrad.fuzz;

import io.github.panagrad.contract.KernelEntry;

import java.util.Locale;
import java.util.Map;
import java.util.Random;
import java.util.TreeMap;
import java.util.concurrent.atomic.AtomicLong;

/**
 * The run's seed and case counts, and the tally each fuzz test prints when it ends.
 *
 * <p>Every run draws a fresh seed unless the system property {@value #SEED_PROPERTY} gives
 * one (decimal or {@code 0x} hex); each case's generator is seeded from the run seed, the
 * fuzzer, the kernel and the case number, so a failure message names the seed that
 * reproduces it. {@value #SCALE_PROPERTY} multiplies every case count (default 1).
 */
final class FuzzRun {

    static final String SEED_PROPERTY = "panagrad.fuzz.seed";
    static final String SCALE_PROPERTY = "panagrad.fuzz.scale";

    static final long SEED = initialSeed();

    private final String fuzzer;
    private final long startNanos = System.nanoTime();
    private final Map<String, AtomicLong> counts = new TreeMap<>();

    FuzzRun(String fuzzer) {
        this.fuzzer = fuzzer;
    }

    /** The generator for one case, a pure function of the run seed, this fuzzer, the subject and the case number. */
    Random caseRandom(String subject, int index) {
        long h = SEED ^ 0x9E37_79B9_7F4A_7C15L * (fuzzer + "/" + subject).hashCode();
        return new Random(h + 0xBF58_476D_1CE4_E5B9L * index);
    }

    /** {@code base} times the scale property. */
    static int cases(int base) {
        double scale = Double.parseDouble(System.getProperty(SCALE_PROPERTY, "1"));
        return (int) Math.max(1, Math.round(base * scale));
    }

    /** Text for a failure: where it happened and how to replay it. */
    String replay(String subject, int index) {
        return String.format(Locale.ROOT, "%s, %s case %d; replay with -D%s=0x%x", fuzzer, subject, index, SEED_PROPERTY, SEED);
    }

    /** The body of one fuzz case of a kernel. */
    @FunctionalInterface
    interface KernelCase {
        /**
         * @param drawn the case's random valid call
         * @param random the case's generator, for further choices
         * @param where the case and how to replay it, for failure messages
         */
        void run(RandomCalls drawn, Random random, String where);
    }

    /** Runs {@code body} on {@link #cases cases(base)} random valid calls of {@code entry}, then counts them. */
    void forEachCall(KernelEntry entry, int base, KernelCase body) {
        int cases = cases(base);
        for (int index = 0; index < cases; index++) {
            Random random = caseRandom(entry.name(), index);
            RandomCalls drawn = RandomCalls.next(entry, random);
            body.run(drawn, random, replay(entry.name(), index) + ", " + drawn.describe());
        }
        count(entry.name(), cases);
    }

    synchronized void count(String subject, long cases) {
        counts.computeIfAbsent(subject, s -> new AtomicLong()).addAndGet(cases);
    }

    /** One line for the build log: cases per subject, the total, the time and the seed. */
    synchronized String summary() {
        long total = counts.values().stream().mapToLong(AtomicLong::get).sum();
        StringBuilder line = new StringBuilder(String.format(Locale.ROOT, "fuzz: %s ran %d cases in %.1f s (seed 0x%x):",
                fuzzer, total, (System.nanoTime() - startNanos) / 1e9, SEED));
        counts.forEach((subject, n) -> line.append(' ').append(subject).append('=').append(n.get()));
        return line.toString();
    }

    private static long initialSeed() {
        String value = System.getProperty(SEED_PROPERTY);
        if (value == null || value.isBlank()) {
            return new Random().nextLong();
        }
        String text = value.trim().toLowerCase(Locale.ROOT);
        return text.startsWith("0x") ? Long.parseUnsignedLong(text.substring(2), 16) : Long.parseLong(text);
    }
}
