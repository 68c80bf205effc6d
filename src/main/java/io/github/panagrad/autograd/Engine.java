package io.github.panagrad.autograd;

import io.github.panagrad.Tensor;
import io.github.panagrad.kernel.Kernels;

import java.util.ArrayDeque;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.Collections;
import java.util.Deque;
import java.util.IdentityHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;

/**
 * Reverse-mode differentiation over the recorded graph, as PyTorch's autograd engine.
 *
 * <p>{@link #backward} orders the tensors reachable from the root through
 * {@link Tensor#gradFn()} edges topologically (every tensor before the inputs it was
 * computed from), seeds the root's gradient, then runs each node's backward once, after all
 * of its output's gradient has been accumulated. Leaves accumulate straight into their
 * {@link Tensor#grad()} storage (created as zeros on the first contribution), so an
 * operation such as Linear's backward writes the weight gradient into {@code weight.grad}
 * with gemm's {@code beta = 1}; a non-leaf's gradient lives in a buffer that is dropped once
 * its node has run, unless the tensor {@linkplain Tensor#retainGrad() retains} it.
 */
public final class Engine {

    private Engine() {
    }

    /**
     * Adds {@code gradientᵀ · ∂root/∂leaf} into the {@link Tensor#grad()} of every leaf
     * that requires grad and is reachable from {@code root}, and into the retained gradient
     * of every reachable non-leaf that asked for it. The graph is checked first: when it
     * fails, no gradient is changed.
     *
     * @param root the output to differentiate; not modified
     * @param gradient the gradient of the root, its shape; null means 1 for a one-element root.
     *        Not modified
     * @param retainGraph false to release the saved tensors of every node that ran
     * @throws IllegalArgumentException when {@code root} is null, or {@code gradient}'s shape
     *         differs from the root's (naming both)
     * @throws IllegalStateException when the root does not require grad, when {@code gradient}
     *         is null and the root has other than one element, or when a node on the way was
     *         released by an earlier backward
     */
    public static void backward(Tensor root, Tensor gradient, boolean retainGraph) {
        if (root == null) {
            throw new IllegalArgumentException("backward: root must not be null");
        }
        if (!root.requiresGrad()) {
            throw new IllegalStateException("backward() on a tensor that does not require grad and has no gradient"
                    + " function: mark an input with requiresGrad(true) before computing it, outside noGrad()");
        }
        float[] seed = seed(root, gradient);
        List<Tensor> order = topologicalOrder(root);
        for (Tensor tensor : order) {
            Node node = tensor.gradFn();
            if (node != null && node.isFreed()) {
                throw node.freedError();
            }
        }
        Kernels kernels = Kernels.current();
        Map<Tensor, float[]> buffers = new IdentityHashMap<>();
        Node.Gradients gradients = input -> input.isLeaf()
                ? leafGradient(input)
                : buffers.computeIfAbsent(input, tensor -> new float[tensor.numel()]);
        float[] rootGradient = gradients.of(root);
        kernels.add(seed.length, rootGradient, 0, seed, 0, rootGradient, 0);
        for (Tensor tensor : order) {
            Node node = tensor.gradFn();
            if (node == null) {
                continue;
            }
            float[] gradOutput = buffers.remove(tensor);
            node.backward(kernels, gradOutput, gradients);
            if (tensor.retainsGrad()) {
                keep(kernels, tensor, gradOutput);
            }
            if (!retainGraph) {
                node.release();
            }
        }
    }

    private static float[] seed(Tensor root, Tensor gradient) {
        if (gradient == null) {
            if (root.numel() != 1) {
                throw new IllegalStateException("backward() without a gradient needs a one-element output, got shape "
                        + Arrays.toString(root.shape()) + "; pass a gradient of that shape to backward(gradient)");
            }
            return new float[] {1f};
        }
        if (!Arrays.equals(root.shape(), gradient.shape())) {
            throw new IllegalArgumentException("backward: gradient shape " + Arrays.toString(gradient.shape())
                    + " does not match output shape " + Arrays.toString(root.shape()));
        }
        return TensorAccess.data(gradient);
    }

    /** The leaf's own {@code grad} storage, created as zeros on first use. */
    private static float[] leafGradient(Tensor leaf) {
        if (leaf.grad() == null) {
            TensorAccess.setGrad(leaf, TensorAccess.create(new float[leaf.numel()], leaf.shape(), null));
        }
        return TensorAccess.data(leaf.grad());
    }

    /** Hands a finished non-leaf gradient to the tensor that retains it, or adds it to the one it has. */
    private static void keep(Kernels kernels, Tensor tensor, float[] gradient) {
        Tensor existing = tensor.grad();
        if (existing == null) {
            TensorAccess.setGrad(tensor, TensorAccess.create(gradient, tensor.shape(), null));
        } else {
            float[] acc = TensorAccess.data(existing);
            kernels.add(acc.length, acc, 0, gradient, 0, acc, 0);
        }
    }

    /**
     * Tensors reachable from {@code root} through nodes' inputs, each before every input it
     * was computed from (reverse depth-first post-order; iterative, so deep graphs do not
     * overflow the stack).
     */
    private static List<Tensor> topologicalOrder(Tensor root) {
        List<Tensor> postOrder = new ArrayList<>();
        Set<Tensor> visited = Collections.newSetFromMap(new IdentityHashMap<>());
        Deque<Tensor> path = new ArrayDeque<>();
        Deque<Integer> nextInput = new ArrayDeque<>();
        visited.add(root);
        path.push(root);
        nextInput.push(0);
        while (!path.isEmpty()) {
            Tensor tensor = path.peek();
            Node node = tensor.gradFn();
            int index = nextInput.pop();
            if (node != null && index < node.inputCount()) {
                nextInput.push(index + 1);
                Tensor input = node.input(index);
                if (input != null && visited.add(input)) {
                    path.push(input);
                    nextInput.push(0);
                }
            } else {
                path.pop();
                postOrder.add(tensor);
            }
        }
        Collections.reverse(postOrder);
        return postOrder;
    }
}
