package io.github.panagrad.autograd;

/**
 * Whether operations on the calling thread record a graph for differentiation, as
 * {@code torch.is_grad_enabled()}. Enabled by default on every thread; {@link #disable()}
 * (or {@code Tensor.noGrad()}) turns it off for a scope.
 */
public final class GradMode {

    private static final ThreadLocal<Boolean> DISABLED = ThreadLocal.withInitial(() -> Boolean.FALSE);

    private GradMode() {
    }

    /** @return true when operations on this thread record the graph */
    public static boolean isEnabled() {
        return !DISABLED.get();
    }

    /**
     * Stops recording on the calling thread until the returned scope is closed.
     *
     * @return the scope restoring the previous mode
     */
    public static NoGradScope disable() {
        NoGradScope scope = new NoGradScope(isEnabled());
        DISABLED.set(Boolean.TRUE);
        return scope;
    }

    static void restore(boolean enabled) {
        DISABLED.set(!enabled);
    }
}
