package io.github.panagrad.fuzz;

import io.github.panagrad.contract.Call;
import io.github.panagrad.contract.KernelCatalogue;
import io.github.panagrad.contract.KernelEntry;
import io.github.panagrad.contract.Values;
import io.github.panagrad.contract.Variant;

import java.util.Random;
import java.util.stream.Stream;

/**
 * Random valid calls for the fuzzers: a random variant of the kernel (every in-place and
 * shared layout, every branch of its scalars), a random size and values of a random source.
 *
 * @param call the call
 * @param variant the variant it was drawn in
 * @param values where its elements came from
 */
record RandomCalls(Call call, Variant variant, Values values) {

    /** @return every kernel of the catalogue, for the fuzzers' parameterized tests */
    static Stream<KernelEntry> kernels() {
        return KernelCatalogue.all().stream();
    }

    /**
     * @param entry the kernel
     * @param random the case's generator
     * @return a valid call of it
     */
    static RandomCalls next(KernelEntry entry, Random random) {
        Variant variant = entry.variants().get(random.nextInt(entry.variants().size()));
        Values values = values(entry, random);
        return new RandomCalls(entry.generate(random, size(random), values, variant), variant, values);
    }

    /**
     * Values for a call: a reduction's always meet its bound's assumptions (regular, a quarter
     * of the calls with special values mixed in), so that every call is also checked against the
     * bound; an elementwise kernel's are adversarial (every class of float, random bit patterns),
     * a quarter of the calls half special values.
     */
    private static Values values(KernelEntry entry, Random random) {
        boolean special = random.nextInt(4) == 0;
        if (entry.bounded()) {
            return special ? Values.SPECIAL : Values.REGULAR;
        }
        return special ? Values.SPECIAL : Values.ADVERSARIAL;
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
