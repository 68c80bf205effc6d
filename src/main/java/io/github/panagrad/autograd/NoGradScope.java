package io.github.panagrad.autograd;

/**
 * A scope without graph recording on one thread, opened by {@code Tensor.noGrad()} (or
 * {@link GradMode#disable()}); as {@code with torch.no_grad():}. While open, operations
 * on the opening thread return tensors that do not require grad. {@link #close()}
 * restores the mode the thread had before, so scopes nest; close them on the opening
 * thread, innermost first (try-with-resources does both). {@code close()} declares no
 * checked exception.
 */
public final class NoGradScope implements AutoCloseable {

    private final boolean previouslyEnabled;
    private boolean closed;

    NoGradScope(boolean previouslyEnabled) {
        this.previouslyEnabled = previouslyEnabled;
    }

    /** Restores the recording mode from before this scope opened; a second call does nothing. */
    @Override
    public void close() {
        if (!closed) {
            closed = true;
            GradMode.restore(previouslyEnabled);
        }
    }
}
