package io.github.panagrad.autograd;

import io.github.panagrad.Tensor;
import io.github.panagrad.kernel.Kernels;

import java.util.Arrays;

/**
 * One recorded operation of the autograd graph, as PyTorch's {@code grad_fn}: it knows the
 * inputs its output was computed from and adds ({@code +=}) each input's share of the output
 * gradient into that input's gradient buffer. Each differentiable operation is one subclass
 * whose static {@code apply} runs the forward computation and records the node, and whose
 * {@code backward} computes only the gradients that some input needs.
 *
 * <p>A node keeps references to the tensor data its backward needs (the <i>saved tensors</i>);
 * {@link Engine} releases them after a backward unless asked to retain the graph, and a
 * later backward through a node that saved tensors fails with {@link IllegalStateException}.
 */
public abstract class Node {

    private final Tensor[] inputs;
    private final boolean savesTensors;
    private float[][] saved;

    /**
     * @param operands the operation's inputs in order; a null entry or a tensor that does not
     *        require grad gets no gradient
     * @param saved the arrays backward reads, by index (an entry may be null when no needed
     *        gradient uses it); released by {@link #release()}
     */
    Node(Tensor[] operands, float[]... saved) {
        this.inputs = new Tensor[operands.length];
        for (int i = 0; i < operands.length; i++) {
            Tensor operand = operands[i];
            inputs[i] = operand != null && operand.requiresGrad() ? operand : null;
        }
        this.savesTensors = saved.length > 0;
        this.saved = saved;
    }

    /**
     * Adds this operation's vector-Jacobian product into the gradient buffers of the inputs
     * that need one: {@code dInput_i += gradOutputᵀ · ∂output/∂input_i}.
     *
     * @param kernels the kernels to compute with
     * @param gradOutput the gradient of the output, the output's element count; not modified
     * @param gradients where each input's gradient buffer is found
     */
    abstract void backward(Kernels kernels, float[] gradOutput, Gradients gradients);

    /** The buffers that a backward pass accumulates input gradients into. */
    interface Gradients {
        /**
         * @param input a tensor that requires grad
         * @return its gradient buffer (zeros before the first contribution), {@code input.numel()} long
         */
        float[] of(Tensor input);
    }

    /** @return the number of inputs, including those that get no gradient */
    final int inputCount() {
        return inputs.length;
    }

    /**
     * @param index an input position
     * @return the input at {@code index} when it requires grad, else null
     */
    final Tensor input(int index) {
        return inputs[index];
    }

    /**
     * @param index an input position
     * @param gradients the pass's buffers
     * @return the gradient buffer of input {@code index}, or null when that input needs no gradient
     */
    final float[] gradientOf(int index, Gradients gradients) {
        Tensor input = inputs[index];
        return input == null ? null : gradients.of(input);
    }

    /**
     * @param index a saved array's position
     * @return the saved array
     * @throws IllegalStateException when the saved arrays were released by an earlier backward
     */
    final float[] saved(int index) {
        if (saved == null) {
            throw freedError();
        }
        return saved[index];
    }

    /** @return true when this node saved arrays and an earlier backward released them */
    final boolean isFreed() {
        return savesTensors && saved == null;
    }

    /** Drops the saved arrays, so that the activations they hold can be collected. */
    final void release() {
        saved = null;
    }

    final IllegalStateException freedError() {
        return new IllegalStateException("trying to backward through the graph a second time: the tensors saved by "
                + this + " were freed by the first backward; pass retainGraph = true to "
                + "backward(gradient, retainGraph) to keep them");
    }

    /** @return the operation's name, for example {@code MulBackward} */
    @Override
    public String toString() {
        return getClass().getSimpleName() + "Backward";
    }

    // ---------------------------------------------------------------- shared by the operations

    /** @return true when the result of an operation on {@code operands} must be recorded */
    static boolean recording(Tensor... operands) {
        if (!GradMode.isEnabled()) {
            return false;
        }
        for (Tensor operand : operands) {
            if (operand != null && operand.requiresGrad()) {
                return true;
            }
        }
        return false;
    }

    static Tensor nonNull(String operation, String name, Tensor tensor) {
        if (tensor == null) {
            throw new IllegalArgumentException(operation + ": " + name + " must not be null");
        }
        return tensor;
    }

    static void requireSameShape(String operation, Tensor a, Tensor b) {
        if (!Arrays.equals(a.shape(), b.shape())) {
            throw new IllegalArgumentException(operation + ": shapes " + Arrays.toString(a.shape()) + " and "
                    + Arrays.toString(b.shape()) + " differ");
        }
    }

    static void requireRank2(String operation, String name, Tensor tensor) {
        if (tensor.dim() != 2) {
            throw new IllegalArgumentException(operation + ": " + name + " must be rank 2, got shape "
                    + Arrays.toString(tensor.shape()));
        }
    }

    /** The leading dimension of a contiguous row-major matrix with {@code cols} columns, as gemm accepts it. */
    static int ld(int cols) {
        return Math.max(1, cols);
    }

    /** {@code acc[i] += value} for every element: the gradient of a reduction to one value. Bit-exact. */
    static void addToEach(Kernels kernels, float value, float[] acc) {
        kernels.addScalar(acc.length, value, acc, 0, acc, 0);
    }

    static float[] data(Tensor tensor) {
        return TensorAccess.data(tensor);
    }

    static float[] dataIf(boolean needed, Tensor tensor) {
        return needed ? TensorAccess.data(tensor) : null;
    }

    static Tensor result(float[] data, int[] shape, Node node) {
        return TensorAccess.create(data, shape, node);
    }
}
