package io.github.panagrad.internal;

import io.github.panagrad.Tensor;

/**
 * Zero-copy access to a {@link Tensor}'s state for Panagrad's own packages: the operations and
 * the engine in this package, {@code Sequential}'s reuse of activation storage and the
 * optimizers' in-place updates. Applications use {@link Tensor}'s methods instead: the arrays
 * handed out here are live storage, and writing them behind the graph's back would invalidate
 * saved tensors.
 *
 * <p>{@link Tensor} implements the accessor in its static initialiser and installs it there
 * ({@link #install} accepts only an accessor of {@code Tensor}'s own nest, and only once).
 * This class's initialisation initialises {@code Tensor}, so the accessor is installed
 * before any class of this package can ask for it. Classes of this package reach it directly; the
 * library's other packages through {@link #get()}, which serves only classes of Panagrad
 * itself. On the module path this package is not exported, so no other module can name it;
 * on the class path, where every public type is visible, {@code get}'s caller check is what
 * keeps other code out (see {@code docs/design.md} for what holds there).
 */
public abstract class TensorAccess {

    private static final StackWalker STACK = StackWalker.getInstance(StackWalker.Option.RETAIN_CLASS_REFERENCE);

    private static volatile TensorAccess installed;

    static {
        // Tensor's static initialiser installs the accessor that access() returns.
        try {
            Class.forName(Tensor.class.getName(), true, Tensor.class.getClassLoader());
        } catch (ClassNotFoundException e) {
            throw new IllegalStateException(e);
        }
    }

    /** For {@link Tensor}'s implementation; any other instance cannot be installed. */
    protected TensorAccess() {
    }

    /**
     * Installs {@link Tensor}'s accessor; called once, by {@link Tensor}'s static initialiser.
     *
     * @param access the accessor, an instance of a class nested in {@link Tensor}
     * @throws IllegalArgumentException when {@code access} is null or its class is not a
     *         nestmate of {@link Tensor}: no other code can write one
     * @throws IllegalStateException when the accessor is already installed
     */
    public static synchronized void install(TensorAccess access) {
        if (access == null || access.getClass().getNestHost() != Tensor.class) {
            throw new IllegalArgumentException("only " + Tensor.class.getName() + "'s own accessor can be installed, not "
                    + (access == null ? "null" : access.getClass().getName()));
        }
        if (installed != null) {
            throw new IllegalStateException("the tensor accessor is already installed");
        }
        installed = access;
    }

    /**
     * The accessor, for the library's classes outside this package, which keep it in a
     * {@code static final} field.
     *
     * @return the accessor {@link Tensor} installed
     * @throws IllegalCallerException when the caller is not a class of Panagrad: not of this
     *         module, or (on the class path) not loaded from the same jar or directory
     */
    public static TensorAccess get() {
        Class<?> caller = STACK.getCallerClass();
        if (caller.getModule() != TensorAccess.class.getModule()
                || caller.getProtectionDomain() != TensorAccess.class.getProtectionDomain()) {
            throw new IllegalCallerException(caller.getName() + " is not a class of Panagrad; the tensor accessor"
                    + " serves the library's own classes only");
        }
        return access();
    }

    /** @return the accessor, for the classes of this package */
    static TensorAccess access() {
        return installed;
    }

    /**
     * @param tensor a tensor
     * @return its element array itself, row-major, not a copy
     */
    public abstract float[] data(Tensor tensor);

    /**
     * @param tensor a tensor
     * @return its dimensions array itself, not a copy; never modified by the caller
     */
    public abstract int[] shape(Tensor tensor);

    /**
     * @param tensor a tensor
     * @return the node that computed it, or null for a leaf
     */
    public abstract Node gradFn(Tensor tensor);

    /**
     * Wraps {@code data} without copying; the new tensor owns its storage (version 0).
     *
     * @param data the elements, {@code Π shape} of them; owned by the new tensor from now on
     * @param shape the dimensions, already validated; owned by the new tensor from now on
     * @param gradFn the operation that computed it (the result requires grad), or null for a leaf
     *        that does not require grad
     * @return the new tensor
     */
    public abstract Tensor create(float[] data, int[] shape, Node gradFn);

    /**
     * The version of a tensor's storage: how many in-place changes it has had, shared by the
     * tensors that share the storage ({@link Tensor#detach()}).
     *
     * @param tensor a tensor
     * @return its storage's version, 0 for new storage
     */
    public abstract int version(Tensor tensor);

    /**
     * Counts one in-place change of a tensor's storage: every write into an existing tensor's
     * elements calls this, so that a backward pass through nodes that saved the tensor before
     * the change fails instead of reading the new values.
     *
     * @param tensor the tensor whose elements were or are about to be changed
     */
    public abstract void markModified(Tensor tensor);

    /**
     * @param tensor a tensor
     * @return its gradient, as {@link Tensor#grad()} but without counting it as handed out
     *         (see {@link #clearGrad})
     */
    public abstract Tensor grad(Tensor tensor);

    /**
     * Replaces a tensor's gradient with one the caller may keep referring to, so it counts as
     * handed out: clearing it never recycles its storage.
     *
     * @param tensor the tensor whose {@link Tensor#grad()} changes
     * @param grad its new gradient, same shape, or null to clear it
     */
    public abstract void setGrad(Tensor tensor, Tensor grad);

    /**
     * Sets a tensor's gradient to null, as PyTorch's {@code zero_grad(set_to_none=True)}. When
     * {@link Tensor#grad()} never returned that gradient, no code outside the library can hold
     * it, and the tensor keeps it for {@link #newGrad} to reuse.
     *
     * @param tensor the tensor whose gradient is cleared
     */
    public abstract void clearGrad(Tensor tensor);

    /**
     * Gives a tensor that has no gradient a new one of its shape, not handed out: the cleared
     * gradient it kept, else a new zero-filled one.
     *
     * @param tensor a tensor whose {@link Tensor#grad()} is null
     * @return the new gradient's storage; its contents are undefined (a recycled gradient's old
     *         values), so the caller overwrites every element
     */
    public abstract float[] newGrad(Tensor tensor);

    /**
     * Gives the storage of an intermediate tensor back to the calling thread's buffer pool
     * (which later operations draw their outputs and gradient buffers from) as soon as nothing
     * can read it any more: at once when no graph recorded it, else when a backward pass that
     * frees the graph has run the node that computed it. Either way the tensor's version is
     * counted up then, so a node that still saved it fails its backward instead of reading
     * reused storage.
     *
     * <p>The caller guarantees that no code outside the library holds {@code tensor} or ever
     * will, and that the only nodes that saved it are the one that computed it and the ones
     * that consume it, all recorded in the same forward pass; when it was not recorded, no
     * recorded operation consumed it. Then, in a backward pass, its consumers run before the
     * node that computed it, and a later backward through the freed graph fails before
     * reading a saved tensor.
     *
     * @param tensor the intermediate tensor
     */
    public final void recycle(Tensor tensor) {
        Node producer = gradFn(tensor);
        if (producer != null) {
            producer.recycleOutput();
        } else {
            BufferPool.current().give(data(tensor));
            markModified(tensor);
        }
    }
}
