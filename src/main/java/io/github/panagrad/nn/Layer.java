package io.github.panagrad.nn;

import io.github.panagrad.Tensor;

import java.util.List;

/**
 * A building block of a model, as PyTorch's {@code torch.nn.Module} (named {@code Layer}
 * because {@code java.lang.Module} would make {@code import io.github.panagrad.nn.*}
 * ambiguous). Implement it for a layer of your own; {@link #keepsNoActivations()} lets it take
 * part in {@link Sequential}'s reuse of activation storage.
 */
public interface Layer {

    /**
     * Computes this layer's output; records the graph when an input or parameter requires
     * grad and gradients are enabled.
     *
     * @param input the input; not modified
     * @return the output
     * @throws IllegalArgumentException when {@code input} is null or its shape does not fit the layer
     */
    Tensor forward(Tensor input);

    /**
     * The tensors an optimizer updates, in a fixed order, each once.
     *
     * @return an unmodifiable list of the trainable tensors (empty for a layer without any)
     */
    List<Tensor> parameters();

    /**
     * Whether {@link Sequential} may reuse the storage of the tensors it passes into and out of
     * this layer's {@link #forward} (between two layers that both return true) once nothing can
     * read them any more, instead of leaving them to the garbage collector: a training loop of
     * such layers then allocates no new activation arrays but the output it returns. The
     * default is false, which is always safe.
     *
     * <p>A layer may return true only when every call of {@code forward(input)}:
     * <ul>
     *   <li>returns a tensor that Tensor operations computed during that call: not
     *       {@code input} itself, not a tensor made before the call, not a {@code detach()} of
     *       either;</li>
     *   <li>once it returns, keeps no reference to {@code input}, to its output or to any tensor
     *       computed from them (in fields, caches, collections, other threads or objects it
     *       hands them to), and reads none of them later; the graph it recorded holds what
     *       backward needs.</li>
     * </ul>
     * Then such a tensor is seen only by library code and by the two {@code forward} calls,
     * and the only recorded operations that read its storage are the one that computed it
     * and the ones that consumed it; a backward pass runs the consumers first, so Sequential
     * hands the storage back once the pass that frees the graph has run the operation that
     * computed it (or at once when no graph recorded it). A layer that breaks the contract
     * may find a tensor it kept overwritten by later steps; a graph it kept fails its backward
     * with {@link IllegalStateException} rather than read reused storage (the reuse counts as
     * an in-place change).
     *
     * @return true when this layer meets the contract above; false by default
     */
    default boolean keepsNoActivations() {
        return false;
    }
}
