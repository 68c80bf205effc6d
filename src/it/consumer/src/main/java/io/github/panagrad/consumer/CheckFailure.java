package io.github.panagrad.consumer;

/** A check of {@link ConsumerCheck} that did not hold; the message says what was expected and found. */
final class CheckFailure extends RuntimeException {

    private static final long serialVersionUID = 1L;

    CheckFailure(String message) {
        super(message);
    }

    /** Throws a failure with {@code message} unless {@code condition} holds. */
    static void unless(boolean condition, String message) {
        if (!condition) {
            throw new CheckFailure(message);
        }
    }
}
