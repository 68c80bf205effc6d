package io.github.panagrad.fuzz;

import io.github.panagrad.contract.Call;
import io.github.panagrad.contract.KernelEntry;
import io.github.panagrad.contract.Values;
import io.github.panagrad.contract.Variant;

import java.util.List;
import java.util.Random;

/**
 * Random valid calls for the fuzzers: a random variant of the kernel (every in-place and
 * shared layout, every branch of its scalars), a random size and a random source of values.
 *
 * @param call the call
 * @param variant the variant it was drawn in
 * @param values where its elements came from
 */
record RandomCalls(Call call, Variant variant, Values values) {

    /** Half the calls get adversarial values (every class of float), the rest one of the other sources. */
    private static final List<Values> OTHER_SOURCES = List.of(Values.REGULAR, Values.SPECIAL, Values.WIDE);

    /**
     * @param entry the kernel
     * @param random the case's generator
     * @return a valid call of it
     */
    static RandomCalls next(KernelEntry entry, Random random) {
        Variant variant = entry.variants().get(random.nextInt(entry.variants().size()));
        Values values = random.nextBoolean() ? Values.ADVERSARIAL : OTHER_SOURCES.get(random.nextInt(OTHER_SOURCES.size()));
        return new RandomCalls(entry.generate(random, size(random), values, variant), variant, values);
    }

    /**
     * A size: 0 to 70 most of the time (every vector width's tails), around a multiple of 64
     * now and then (the 64 partial sums, the unrolled main loops), up to 1100 otherwise.
     */
    private static int size(Random random) {
        int pick = random.nextInt(16);
        if (pick < 11) {
            return random.nextInt(71);
        }
        if (pick < 14) {
            return 64 * (1 + random.nextInt(8)) + random.nextInt(3) - 1;
        }
        return random.nextInt(1101);
    }

    /** @return the variant and values, for a failure message */
    String describe() {
        return "variant " + variant + ", " + values + " values";
    }
}
