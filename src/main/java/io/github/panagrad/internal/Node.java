package io.github.panagrad.internal;

import io.github.panagrad.Tensor;
import io.github.panagrad.autograd.GradFn;
import io.github.panagrad.kernel.Kernels;

import java.util.Arrays;

/**
 * One recorded operation of the autograd graph, as PyTorch's {@code grad_fn}: it knows the
 * inputs its output was computed from and adds ({@code +=}) each input's share of the output
 * gradient into that input's gradient buffer. Each differentiable operation is one subclass
 * whose static {@code apply} runs the forward computation and records the node, and whose
 * {@code backward} computes only the gradients that some input needs. Users see a node only as
 * its {@link GradFn} (its name).
 *
 * <p>A node keeps references to the tensors its backward reads (the <i>saved tensors</i>: some
 * of its operands, or its own output), not copies, and records each one's version when it was
 * saved. Before a backward pass changes any gradient, {@link Engine} calls {@link #checkSaved()}
 * on every node it will run: a saved tensor changed in place since (an optimizer step between
 * forward and backward) fails the pass with {@link IllegalStateException}, as PyTorch's
 * version counter does. The engine releases the saved tensors after a backward unless asked
 * to retain the graph, and a later backward through a node that saved tensors fails too.
 *
 * <p>During a backward pass the node also holds the gradient of its output while the engine
 * accumulates it; see {@link Engine}.
 */
public abstract non-sealed class Node implements GradFn {

    /** The shape of a rank-0 result; shared, as no code modifies a tensor's dimensions. */
    static final int[] SCALAR_SHAPE = {};
    /** The saved tensors of a node whose backward reads no operand. */
    static final Tensor[] NO_OPERAND_SAVED = {};

    static final TensorAccess ACCESS = TensorAccess.access();

    private final Tensor[] inputs;
    private final String[] argumentNames;
    private final boolean savesTensors;
    private final boolean savesOutput;
    private final int[] savedVersions;
    private Tensor[] saved;
    private boolean released;
    private int outputVersion;
    private Tensor output;
    private float[] outputGradient;
    private boolean visited;
    private boolean recyclesOutput;

    /**
     * A node whose backward reads no tensor's values.
     *
     * @param operands the operation's inputs in order, a new array that the node keeps; a null
     *        entry or a tensor that does not require grad gets no gradient
     */
    Node(Tensor... operands) {
        this(null, operands, NO_OPERAND_SAVED, false);
    }

    /**
     * A node whose backward reads operands' values or its own output's.
     *
     * @param argumentNames the operands' names, by position, to name a saved tensor in an error
     * @param operands as {@link #Node(Tensor...)}
     * @param saved by operand position, the operands whose values backward reads (null where it
     *        reads none); their current versions are recorded. Released by {@link #release()}
     * @param savesOutput whether backward reads the output's values ({@link #savedOutput()})
     */
    Node(String[] argumentNames, Tensor[] operands, Tensor[] saved, boolean savesOutput) {
        this.argumentNames = argumentNames;
        this.savesTensors = saved.length > 0 || savesOutput;
        this.savesOutput = savesOutput;
        this.saved = saved;
        this.savedVersions = new int[saved.length];
        for (int i = 0; i < saved.length; i++) {
            savedVersions[i] = saved[i] == null ? 0 : ACCESS.version(saved[i]);
        }
        for (int i = 0; i < operands.length; i++) {
            if (operands[i] != null && !operands[i].requiresGrad()) {
                operands[i] = null;
            }
        }
        this.inputs = operands;
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

    /**
     * The gradient buffers of one backward pass. An input's buffer holds no gradient until
     * its first contribution of the pass (for a leaf: until its first contribution since its
     * gradient was cleared), and its contents are undefined until then: a kernel either adds
     * into an {@link #accumulator} (zeros before the first contribution) or, when it can
     * overwrite its output ({@code dst = contribution + beta·dst}), takes the beta from
     * {@link #prepare} and writes the {@link #buffer}, skipping the zero fill.
     */
    interface Gradients {
        /**
         * Readies the gradient buffer of {@code input} for a kernel that computes
         * {@code buffer = contribution + beta·buffer}, writing every element.
         *
         * @param input a tensor that requires grad
         * @return the beta: 0 when this is the input's first contribution (the buffer's old
         *         contents are not gradient and must not be read), else 1
         */
        float prepare(Tensor input);

        /**
         * @param input a tensor whose buffer {@link #prepare} or {@link #accumulator} readied
         * @return its gradient buffer, {@code input.numel()} long
         */
        float[] buffer(Tensor input);

        /**
         * @param input a tensor that requires grad
         * @return its gradient buffer holding the gradient accumulated so far (zeros before
         *         the first contribution), for kernels that add into their output
         */
        float[] accumulator(Tensor input);
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
     * @return the gradient accumulated so far for input {@code index} (zeros before its first
     *         contribution), to add into; null when that input needs no gradient
     */
    final float[] accumulator(int index, Gradients gradients) {
        Tensor input = inputs[index];
        return input == null ? null : gradients.accumulator(input);
    }

    /**
     * @param index the position of an operand
     * @return its storage, which {@link #checkSaved()} found unchanged, or null when it was not
     *         saved (no gradient that backward computes reads it)
     * @throws IllegalStateException when the saved tensors were released by an earlier backward
     */
    final float[] saved(int index) {
        if (released) {
            throw freedError();
        }
        return saved[index] == null ? null : ACCESS.data(saved[index]);
    }

    /**
     * @return the output's storage, for a node that saves its output
     * @throws IllegalStateException when the saved tensors were released by an earlier backward
     */
    final float[] savedOutput() {
        if (released) {
            throw freedError();
        }
        return ACCESS.data(output);
    }

    /**
     * Checks that backward can run this node: its saved tensors were not released by an
     * earlier backward, and none was changed in place since it was saved.
     *
     * @throws IllegalStateException naming the first problem found (for a changed tensor: its
     *         role, shape, and the version it was saved at and has now)
     */
    final void checkSaved() {
        if (savesTensors && released) {
            throw freedError();
        }
        for (int i = 0; i < saved.length; i++) {
            if (saved[i] != null && ACCESS.version(saved[i]) != savedVersions[i]) {
                throw modifiedError("the " + argumentNames[i] + " (argument " + i + ")", saved[i], savedVersions[i]);
            }
        }
        if (savesOutput && ACCESS.version(output) != outputVersion) {
            throw modifiedError("the output", output, outputVersion);
        }
    }

    private IllegalStateException modifiedError(String role, Tensor tensor, int savedVersion) {
        return new IllegalStateException("backward: " + role + " of " + name() + ", shape "
                + Arrays.toString(ACCESS.shape(tensor)) + ", is needed for gradient computation but has been modified"
                + " by an in-place operation: it was saved at version " + savedVersion + " and is now at version "
                + ACCESS.version(tensor) + "; no gradient was changed. An optimizer step between forward and backward"
                + " does this: call backward() before step(), or compute the forward pass again after it");
    }

    /** Drops the saved tensors, so that the activations they hold can be collected. */
    final void release() {
        released = true;
        saved = NO_OPERAND_SAVED;
    }

    /**
     * Asks the engine to return the output's storage to the thread's {@link BufferPool} once
     * a backward pass that frees the graph has run this node; see
     * {@link TensorAccess#recycle(Tensor)} for when that is safe.
     */
    final void recycleOutput() {
        recyclesOutput = true;
    }

    /**
     * Called by a backward pass that ran this node and freed the graph: when
     * {@link #recycleOutput()} asked for it (once: later calls do nothing), counts an in-place
     * change of the output, whose storage is about to be reused.
     *
     * @return the output's storage to give back to the pool, or null
     */
    final float[] takeRecycledOutput() {
        if (!recyclesOutput) {
            return null;
        }
        recyclesOutput = false;
        ACCESS.markModified(output);
        return ACCESS.data(output);
    }

    // ---------------------------------------------------------------- engine state of a backward pass

    /** @return the tensor this node computed */
    final Tensor output() {
        return output;
    }

    /** @return the gradient of the output accumulated so far in the running pass, or null before its first contribution */
    final float[] outputGradient() {
        return outputGradient;
    }

    /** @param gradient the buffer holding the output's gradient in the running pass, or null once taken */
    final void outputGradient(float[] gradient) {
        outputGradient = gradient;
    }

    /** @return whether the running pass has already reached this node */
    final boolean visited() {
        return visited;
    }

    /** @param reached whether the running pass has reached this node; false again when the pass ends */
    final void visited(boolean reached) {
        visited = reached;
    }

    private IllegalStateException freedError() {
        return new IllegalStateException("trying to backward through the graph a second time: the tensors saved by "
                + name() + " were freed by the first backward; pass retainGraph = true to "
                + "backward(gradient, retainGraph) to keep them");
    }

    /** @return the operation's name: by default the class name followed by {@code Backward}, for example {@code MulBackward} */
    @Override
    public String name() {
        return getClass().getSimpleName() + "Backward";
    }

    /** @return {@link #name()} */
    @Override
    public final String toString() {
        return name();
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

    /** The leading dimension of a contiguous row-major matrix with {@code cols} columns, as gemm accepts it. */
    static int ld(int cols) {
        return Math.max(1, cols);
    }

    /**
     * When input {@code index} needs a gradient, adds a product into it,
     * {@code dInput += op(x) · op(y)} with {@code op(x)} {@code m × k} and {@code op(y)}
     * {@code k × n}: gemm with {@code alpha = 1} and the {@code beta} of
     * {@link Gradients#prepare} (0 on the gradient's first contribution, which is then written
     * without being read), the gradient being a contiguous {@code m × n} matrix. Bounded, γ(k + 2).
     */
    final void productInto(Kernels kernels, Gradients gradients, int index, boolean transX, boolean transY,
                           int m, int n, int k, float[] x, int ldx, float[] y, int ldy) {
        Tensor input = inputs[index];
        if (input != null) {
            float beta = gradients.prepare(input);
            kernels.gemm(transX, transY, m, n, k, 1f, x, 0, ldx, y, 0, ldy, beta, gradients.buffer(input), 0, ld(n));
        }
    }

    /** {@code acc[i] += value} for every element: the gradient of a reduction to one value. Bit-exact. */
    static void addToEach(Kernels kernels, float value, float[] acc) {
        kernels.addScalar(acc.length, value, acc, 0, acc, 0);
    }

    /** @return the tensor's dimensions array itself, shared: never modify it */
    static int[] shapeOf(Tensor tensor) {
        return ACCESS.shape(tensor);
    }

    static float[] data(Tensor tensor) {
        return ACCESS.data(tensor);
    }

    /**
     * The saved tensors of a product of two factors, whose gradients read the other factor.
     *
     * @return {@code {a, b}}, each entry null unless the other factor requires grad
     */
    static Tensor[] factorsSaved(Tensor a, Tensor b) {
        return new Tensor[] {b.requiresGrad() ? a : null, a.requiresGrad() ? b : null};
    }

    /**
     * Storage for an operation's output, taken from the thread's {@link BufferPool}: its
     * values are undefined, so the operation writes every element.
     *
     * @param length the output's element count
     * @return the array
     */
    static float[] outputStorage(int length) {
        return BufferPool.current().take(length);
    }

    /**
     * @param data the output's elements, owned by the new tensor
     * @param shape the output's dimensions, owned by the new tensor
     * @param node the recording node, or null when the operation is not recorded
     * @return the output tensor, computed by {@code node}
     */
    static Tensor result(float[] data, int[] shape, Node node) {
        Tensor output = ACCESS.create(data, shape, node);
        if (node != null) {
            node.output = output;
            node.outputVersion = ACCESS.version(output);
        }
        return output;
    }
}
