package io.github.panagrad.autograd;

/**
 * A scope without graph recording on one thread, opened by {@code Tensor.noGrad()}; as
 * {@code with torch.no_grad():}. While open, operations on the opening thread return tensors
 * that do not require grad and record nothing. {@link #close()} restores the mode the thread
 * had before, so scopes nest; close them on the opening thread, innermost first
 * (try-with-resources does both). Only {@code Tensor.noGrad()} creates scopes.
 */
public sealed interface NoGradScope extends AutoCloseable permits io.github.panagrad.internal.GradMode {

    /**
     * Restores the recording mode the opening thread had before this scope opened; a second
     * call does nothing. Declares no checked exception.
     */
    @Override
    void close();
}
