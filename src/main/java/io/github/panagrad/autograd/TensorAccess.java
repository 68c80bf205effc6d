package io.github.panagrad.autograd;

import io.github.panagrad.Tensor;

/**
 * Zero-copy access to a {@link Tensor}'s storage for Panagrad's own autograd, nn and optim
 * packages (the operations, the engine and the optimizers' in-place updates). Applications
 * use {@link Tensor}'s methods instead: the arrays handed out here are live storage, and
 * writing them behind the graph's back invalidates saved tensors.
 *
 * <p>{@link Tensor} installs the one {@link Access} when its class initialises.
 */
public final class TensorAccess {

    /** What {@link Tensor} exposes to the other packages of the library. */
    public interface Access {

        /**
         * @param tensor a tensor
         * @return its element array itself, row-major, not a copy
         */
        float[] data(Tensor tensor);

        /**
         * @param tensor a tensor
         * @return its dimensions array itself, not a copy; never modified by the caller
         */
        int[] shape(Tensor tensor);

        /**
         * Wraps {@code data} without copying.
         *
         * @param data the elements, {@code Π shape} of them; owned by the new tensor from now on
         * @param shape the dimensions, already validated; owned by the new tensor from now on
         * @param gradFn the operation that computed it (the result requires grad), or null for a leaf
         *        that does not require grad
         * @return the new tensor
         */
        Tensor create(float[] data, int[] shape, Node gradFn);

        /**
         * @param tensor a tensor
         * @return its gradient, as {@link Tensor#grad()} but without counting it as handed out
         *         (see {@link #clearGrad})
         */
        Tensor grad(Tensor tensor);

        /**
         * Replaces a tensor's gradient with one the caller may keep referring to, so it counts
         * as handed out: clearing it never recycles its storage.
         *
         * @param tensor the tensor whose {@link Tensor#grad()} changes
         * @param grad its new gradient, same shape, or null to clear it
         */
        void setGrad(Tensor tensor, Tensor grad);

        /**
         * Sets a tensor's gradient to null, as PyTorch's {@code zero_grad(set_to_none=True)}.
         * When {@link Tensor#grad()} never returned that gradient, no code outside the library
         * can hold it, and the tensor keeps it for {@link #newGrad} to reuse.
         *
         * @param tensor the tensor whose gradient is cleared
         */
        void clearGrad(Tensor tensor);

        /**
         * Gives a tensor that has no gradient a new one of its shape, not handed out: the
         * cleared gradient it kept, else a new zero-filled one.
         *
         * @param tensor a tensor whose {@link Tensor#grad()} is null
         * @return the new gradient's storage; its contents are undefined (a recycled
         *         gradient's old values), so the caller overwrites every element
         */
        float[] newGrad(Tensor tensor);
    }

    private static volatile Access access;

    private TensorAccess() {
    }

    /**
     * Called once, by {@link Tensor}'s static initialiser.
     *
     * @param tensorAccess the accessor
     * @throws IllegalStateException when an accessor is already installed
     */
    public static synchronized void install(Access tensorAccess) {
        if (access != null) {
            throw new IllegalStateException("the tensor accessor is already installed");
        }
        access = tensorAccess;
    }

    private static Access access() {
        Access installed = access;
        if (installed == null) {
            initialise(Tensor.class);
            installed = access;
        }
        return installed;
    }

    private static void initialise(Class<?> type) {
        try {
            Class.forName(type.getName(), true, type.getClassLoader());
        } catch (ClassNotFoundException e) {
            throw new IllegalStateException(e);
        }
    }

    /**
     * @param tensor a tensor
     * @return its element array itself (live storage, row-major)
     */
    public static float[] data(Tensor tensor) {
        return access().data(tensor);
    }

    /**
     * @param tensor a tensor
     * @return its dimensions array itself (live; never modify it)
     */
    public static int[] shape(Tensor tensor) {
        return access().shape(tensor);
    }

    /**
     * Wraps an array as a tensor without copying.
     *
     * @param data the elements; owned by the new tensor from now on
     * @param shape the dimensions, {@code Π shape == data.length}; owned by the new tensor
     * @param gradFn the recording operation, or null for a leaf that does not require grad
     * @return the new tensor
     */
    public static Tensor create(float[] data, int[] shape, Node gradFn) {
        return access().create(data, shape, gradFn);
    }

    /**
     * Gives the storage of an intermediate tensor back to the calling thread's buffer pool
     * (which later operations draw their outputs and gradient buffers from) as soon as
     * nothing can read it any more: at once when no graph recorded it, else when a backward
     * pass that frees the graph has run the node that computed it.
     *
     * <p>The caller guarantees that no code outside the library holds {@code tensor} or ever
     * will, and that the only nodes that saved its storage are the one that computed it and
     * the ones that consume it directly; when it was not recorded, no recorded operation
     * consumed it. Then, in a backward pass, its consumers run before the node that computed
     * it, and a later backward through the freed graph fails before reading a saved array.
     *
     * @param tensor the intermediate tensor
     */
    public static void recycle(Tensor tensor) {
        Node producer = tensor.gradFn();
        if (producer != null) {
            producer.recycleOutput();
        } else {
            BufferPool.current().give(data(tensor));
        }
    }

    /**
     * @param tensor a tensor
     * @return its gradient, without counting it as handed out (see {@link Access#clearGrad})
     */
    public static Tensor grad(Tensor tensor) {
        return access().grad(tensor);
    }

    /**
     * Replaces a tensor's gradient with one the caller may keep referring to.
     *
     * @param tensor the tensor
     * @param grad the new gradient (same shape), or null to clear it
     */
    public static void setGrad(Tensor tensor, Tensor grad) {
        access().setGrad(tensor, grad);
    }

    /**
     * Sets a tensor's gradient to null, keeping its storage for reuse when it was never handed out.
     *
     * @param tensor the tensor
     * @see Access#clearGrad
     */
    public static void clearGrad(Tensor tensor) {
        access().clearGrad(tensor);
    }

    /**
     * Gives a tensor without a gradient a new one.
     *
     * @param tensor a tensor whose gradient is null
     * @return the new gradient's storage, contents undefined
     * @see Access#newGrad
     */
    public static float[] newGrad(Tensor tensor) {
        return access().newGrad(tensor);
    }
}
