package io.github.panagrad.bench;

import java.util.SplittableRandom;
import java.util.regex.Pattern;

/** Deterministic benchmark inputs. */
final class Data {

    private Data() {
    }

    /**
     * @param n element count
     * @param seed random seed; the same seed gives the same array
     * @return n floats drawn uniformly from [-1, 1)
     */
    static float[] uniform(int n, long seed) {
        SplittableRandom random = new SplittableRandom(seed);
        float[] values = new float[n];
        for (int i = 0; i < n; i++) {
            values[i] = (float) (2 * random.nextDouble() - 1);
        }
        return values;
    }

    /**
     * Parses positive numbers joined by a separator, such as {@code 784-256-10}.
     *
     * @param text the text
     * @param separator the separator, taken literally
     * @return the numbers, in order
     * @throws IllegalArgumentException when a part is not a positive number
     */
    static int[] numbers(String text, String separator) {
        String[] parts = text.split(Pattern.quote(separator), -1);
        int[] values = new int[parts.length];
        for (int i = 0; i < parts.length; i++) {
            try {
                values[i] = Integer.parseInt(parts[i]);
            } catch (NumberFormatException e) {
                values[i] = 0;
            }
            if (values[i] < 1) {
                throw new IllegalArgumentException("'" + text + "' must hold positive numbers joined by '" + separator + "'");
            }
        }
        return values;
    }

    /**
     * Parses a shape written as numbers joined by {@code x}, such as {@code 128x256x784}.
     *
     * @param shape the text
     * @param count how many numbers it must hold
     * @return the numbers, in order
     * @throws IllegalArgumentException when the text does not hold {@code count} positive numbers
     */
    static int[] dims(String shape, int count) {
        int[] values = numbers(shape, "x");
        if (values.length != count) {
            throw new IllegalArgumentException("shape = '" + shape + "' must hold " + count + " numbers joined by 'x'");
        }
        return values;
    }
}
