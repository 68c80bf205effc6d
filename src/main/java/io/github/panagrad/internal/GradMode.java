package io.github.panagrad.internal;

import io.github.panagrad.autograd.NoGradScope;

/**
 * Whether operations on the calling thread record a graph for differentiation, as
 * {@code torch.is_grad_enabled()}, and the scopes that turn recording off. Enabled by default
 * on every thread; {@link #disable()} (behind {@code Tensor.noGrad()}) turns it off until the
 * returned scope is closed.
 */
public final class GradMode implements NoGradScope {

    private static final ThreadLocal<Boolean> DISABLED = ThreadLocal.withInitial(() -> Boolean.FALSE);

    private final boolean previouslyEnabled;
    private boolean closed;

    private GradMode(boolean previouslyEnabled) {
        this.previouslyEnabled = previouslyEnabled;
    }

    /** @return true when operations on this thread record the graph */
    static boolean isEnabled() {
        return !DISABLED.get();
    }

    /**
     * Stops recording on the calling thread until the returned scope is closed.
     *
     * @return the scope restoring the previous mode
     */
    public static NoGradScope disable() {
        GradMode scope = new GradMode(isEnabled());
        DISABLED.set(Boolean.TRUE);
        return scope;
    }

    /** Restores the recording mode from before this scope opened; a second call does nothing. */
    @Override
    public void close() {
        if (!closed) {
            closed = true;
            DISABLED.set(!previouslyEnabled);
        }
    }
}
