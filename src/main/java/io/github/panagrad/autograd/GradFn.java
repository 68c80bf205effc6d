package io.github.panagrad.autograd;

/**
 * The recorded operation that computed a tensor and carries its gradient back, as PyTorch's
 * {@code grad_fn}: {@code Tensor.gradFn()} returns it for every tensor computed from a tensor
 * that requires grad, and null for a leaf. It is opaque: it tells the operation's name and
 * gives no access to the graph, its saved tensors or their storage. Only Panagrad's own
 * operations implement it.
 */
public sealed interface GradFn permits io.github.panagrad.internal.Node {

    /**
     * The operation's name followed by {@code Backward}, in the style of PyTorch's gradient
     * function names (which add a digit): {@code AddBackward}, {@code MatMulBackward},
     * {@code LinearBackward}, {@code MseLossBackward}, ...
     *
     * @return the name; {@code toString()} returns the same
     */
    String name();
}
