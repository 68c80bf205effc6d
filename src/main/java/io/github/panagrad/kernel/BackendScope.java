package io.github.panagrad.kernel;

/**
 * A thread-scoped backend override, opened by {@link Kernels#use(Backend)}.
 *
 * <p>While open, {@link Kernels#current()} on the opening thread returns the chosen
 * backend's kernels; {@link #close()} restores what the thread used before. Scopes nest
 * and must be closed on the thread that opened them, innermost first (try-with-resources
 * does both). {@code close()} declares no checked exception.
 */
public final class BackendScope implements AutoCloseable {
    private final Kernels previous;
    private boolean closed;

    BackendScope(Kernels previous) {
        this.previous = previous;
    }

    /** Restores the backend the thread used before this scope opened; a second call does nothing. */
    @Override
    public void close() {
        if (!closed) {
            closed = true;
            BackendChoice.restore(previous);
        }
    }
}
