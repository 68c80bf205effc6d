package io.github.panagrad.internal;

import io.github.panagrad.Tensor;
import io.github.panagrad.kernel.Kernels;

import java.util.Arrays;

/**
 * Reverse-mode differentiation over the recorded graph, as PyTorch's autograd engine; behind
 * {@link Tensor#backward(Tensor, boolean)}.
 *
 * <p>{@link #backward} orders the nodes reachable from the root through their inputs'
 * gradient functions topologically (every node before the nodes that computed its inputs),
 * checks every node's saved tensors ({@link Node#checkSaved()}: none released, none changed
 * in place since it was saved), seeds the root's gradient, then runs each node's backward
 * once, after all of its output's gradient has been accumulated. Leaves accumulate straight
 * into their {@link Tensor#grad()} storage, so an operation such as Linear's backward writes
 * the weight gradient into {@code weight.grad} with gemm's {@code beta = 1} (or
 * {@code beta = 0} on the first contribution since the gradient was cleared, see
 * {@link Node.Gradients}). A non-leaf's gradient lives in a buffer that its node holds during
 * the pass and that goes back to the thread's {@link BufferPool} once the node has run,
 * unless the tensor {@linkplain Tensor#retainGrad() retains} it: in a training loop the same
 * buffers serve every step. So does the storage of an intermediate tensor handed over with
 * {@link TensorAccess#recycle(Tensor)}, once the pass has run the node that computed it and
 * freed the graph. Every write into a gradient tensor's storage (a leaf's gradient, a retained
 * gradient) counts as an in-place change of that tensor ({@link TensorAccess#markModified}).
 *
 * <p>The working arrays of a pass (the order, the depth-first stack) belong to the calling
 * thread and are reused; a pass leaves no reference to the graph in them.
 */
public final class Engine {

    private static final TensorAccess ACCESS = TensorAccess.access();
    private static final ThreadLocal<Pass> PASS = ThreadLocal.withInitial(Pass::new);

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
     *         is null and the root has other than one element, when a node on the way was
     *         released by an earlier backward, or when a tensor a node on the way saved has been
     *         changed in place since (the message names it, its shape and both versions)
     */
    public static void backward(Tensor root, Tensor gradient, boolean retainGraph) {
        if (!Checks.notNull("root", root).requiresGrad()) {
            throw new IllegalStateException("backward() on a tensor that does not require grad and has no gradient"
                    + " function: mark an input with requiresGrad(true) before computing it, outside noGrad()");
        }
        checkGradient(root, gradient);
        PASS.get().run(root, gradient, retainGraph);
    }

    private static void checkGradient(Tensor root, Tensor gradient) {
        if (gradient == null) {
            if (root.numel() != 1) {
                throw new IllegalStateException("backward() without a gradient needs a one-element output, got shape "
                        + Arrays.toString(root.shape()) + "; pass a gradient of that shape to backward(gradient)");
            }
        } else {
            Checks.sameShape("gradient", ACCESS.shape(gradient), "output", ACCESS.shape(root));
        }
    }

    /** One thread's backward pass: its working arrays, and the gradient buffers it hands to the nodes. */
    private static final class Pass implements Node.Gradients {

        private static final int INITIAL_CAPACITY = 16;

        /** The reachable nodes in depth-first post-order: each after the nodes of its inputs. */
        private Node[] postOrder = new Node[INITIAL_CAPACITY];
        private int nodeCount;
        /** The depth-first path and, per entry, the next input to look at. */
        private Node[] path = new Node[INITIAL_CAPACITY];
        private int[] nextInput = new int[INITIAL_CAPACITY];
        private BufferPool pool;

        void run(Tensor root, Tensor gradient, boolean retainGraph) {
            pool = BufferPool.current();
            Kernels kernels = Kernels.current();
            Node rootNode = ACCESS.gradFn(root);
            try {
                if (rootNode == null) {
                    seed(kernels, root, gradient);
                    return;
                }
                order(rootNode);
                for (int i = 0; i < nodeCount; i++) {
                    postOrder[i].checkSaved();
                }
                seed(kernels, root, gradient);
                for (int i = nodeCount - 1; i >= 0; i--) {
                    Node node = postOrder[i];
                    float[] gradOutput = node.outputGradient();
                    node.outputGradient(null);
                    node.backward(kernels, gradOutput, this);
                    finish(kernels, node.output(), gradOutput);
                    if (!retainGraph) {
                        node.release();
                        float[] recycled = node.takeRecycledOutput();
                        if (recycled != null) {
                            pool.give(recycled);
                        }
                    }
                }
            } finally {
                reset();
            }
        }

        /** Adds {@code gradient} (1 when null) into the root's gradient: its buffer's first contribution for a non-leaf. */
        private void seed(Kernels kernels, Tensor root, Tensor gradient) {
            boolean first = prepare(root) == 0f;
            float[] buffer = buffer(root);
            if (gradient == null) {
                buffer[0] = first ? 1f : buffer[0] + 1f;
                return;
            }
            float[] values = ACCESS.data(gradient);
            if (first) {
                System.arraycopy(values, 0, buffer, 0, values.length);
            } else {
                kernels.add(values.length, buffer, 0, values, 0, buffer, 0);
            }
        }

        /**
         * After a node ran: hands its output's finished gradient to the tensor when it retains
         * it (or adds it to the one it has, in place), and otherwise returns the buffer to the pool.
         */
        private void finish(Kernels kernels, Tensor output, float[] gradient) {
            if (!output.retainsGrad()) {
                pool.give(gradient);
                return;
            }
            Tensor existing = ACCESS.grad(output);
            if (existing == null) {
                ACCESS.setGrad(output, ACCESS.create(gradient, ACCESS.shape(output), null));
            } else {
                float[] acc = ACCESS.data(existing);
                kernels.add(acc.length, acc, 0, gradient, 0, acc, 0);
                ACCESS.markModified(existing);
                pool.give(gradient);
            }
        }

        /**
         * Fills {@link #postOrder} with the nodes reachable from {@code root} (iterative
         * depth-first search, so deep graphs do not overflow the stack).
         */
        private void order(Node root) {
            int depth = 0;
            root.visited(true);
            path[0] = root;
            nextInput[0] = 0;
            while (depth >= 0) {
                Node node = path[depth];
                int index = nextInput[depth];
                if (index < node.inputCount()) {
                    nextInput[depth] = index + 1;
                    Tensor input = node.input(index);
                    Node producer = input == null ? null : ACCESS.gradFn(input);
                    if (producer != null && !producer.visited()) {
                        producer.visited(true);
                        depth++;
                        if (depth == path.length) {
                            path = Arrays.copyOf(path, 2 * depth);
                            nextInput = Arrays.copyOf(nextInput, 2 * depth);
                        }
                        path[depth] = producer;
                        nextInput[depth] = 0;
                    }
                } else {
                    path[depth--] = null;
                    if (nodeCount == postOrder.length) {
                        postOrder = Arrays.copyOf(postOrder, 2 * nodeCount);
                    }
                    postOrder[nodeCount++] = node;
                }
            }
        }

        /** Clears the pass's marks and references, also after a failure part way. */
        private void reset() {
            for (int i = 0; i < nodeCount; i++) {
                Node node = postOrder[i];
                node.visited(false);
                node.outputGradient(null);
                postOrder[i] = null;
            }
            nodeCount = 0;
            pool = null;
        }

        /** For a leaf: counts the write into its gradient as an in-place change of that tensor, new or not. */
        @Override
        public float prepare(Tensor input) {
            Node producer = ACCESS.gradFn(input);
            if (producer == null) {
                boolean first = ACCESS.grad(input) == null;
                if (first) {
                    ACCESS.newGrad(input);
                }
                ACCESS.markModified(ACCESS.grad(input));
                return first ? 0f : 1f;
            }
            if (producer.outputGradient() != null) {
                return 1f;
            }
            producer.outputGradient(pool.take(input.numel()));
            return 0f;
        }

        @Override
        public float[] buffer(Tensor input) {
            Node producer = ACCESS.gradFn(input);
            return producer == null ? ACCESS.data(ACCESS.grad(input)) : producer.outputGradient();
        }

        @Override
        public float[] accumulator(Tensor input) {
            boolean first = prepare(input) == 0f;
            float[] buffer = buffer(input);
            if (first) {
                Arrays.fill(buffer, 0f);
            }
            return buffer;
        }
    }
}
