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
         * Replaces a tensor's gradient.
         *
         * @param tensor the tensor whose {@link Tensor#grad()} changes
         * @param grad its new gradient, same shape, or null to clear it
         */
        void setGrad(Tensor tensor, Tensor grad);
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
     * Replaces a tensor's gradient.
     *
     * @param tensor the tensor
     * @param grad the new gradient (same shape), or null to clear it
     */
    public static void setGrad(Tensor tensor, Tensor grad) {
        access().setGrad(tensor, grad);
    }
}
