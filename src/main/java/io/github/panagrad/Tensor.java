package io.github.panagrad;

import io.github.panagrad.autograd.GradFn;
import io.github.panagrad.autograd.NoGradScope;
import io.github.panagrad.internal.Add;
import io.github.panagrad.internal.Checks;
import io.github.panagrad.internal.Engine;
import io.github.panagrad.internal.GradMode;
import io.github.panagrad.internal.MatMul;
import io.github.panagrad.internal.Mean;
import io.github.panagrad.internal.Mul;
import io.github.panagrad.internal.Node;
import io.github.panagrad.internal.Relu;
import io.github.panagrad.internal.Sub;
import io.github.panagrad.internal.Sum;
import io.github.panagrad.internal.TensorAccess;
import io.github.panagrad.internal.Transpose;

import java.util.Arrays;

/**
 * A dense, row-major {@code float} tensor of any rank (0 for a scalar) that records the
 * operations applied to it, PyTorch style, so that {@link #backward()} can compute
 * gradients.
 *
 * <p><b>Leaves and graph.</b> A tensor made by {@link #of}, {@link #zeros}, {@link #scalar}
 * or {@link #detach()} is a <i>leaf</i>. An operation ({@link #add}, {@link #matmul}, ...)
 * whose inputs include a tensor that requires grad, run while gradients are enabled (outside
 * {@link #noGrad()}), returns a non-leaf that requires grad and remembers its
 * {@link #gradFn() gradient function}; otherwise it returns a leaf that does not require
 * grad. {@link #backward()} walks that graph from this tensor in topological order and adds
 * ({@code +=}) each leaf's gradient into its {@link #grad()}: gradients accumulate across
 * backward calls and across several uses of one tensor, until an optimizer's
 * {@code zeroGrad()} clears them.
 *
 * <p><b>In-place changes.</b> Operations never change their inputs; the only writes into an
 * existing tensor's elements are an optimizer's {@code step()} (the parameters) and backward
 * adding into an existing gradient. Each counts as a new version of the tensor's storage,
 * shared with the tensors that share it ({@link #detach()}). A recorded operation that saved
 * a tensor for its backward ({@link #matmul}, {@link #mul}, {@link #relu}, and in
 * {@code nn} {@code Linear} and {@code Loss.mse}; each says what it saves) remembers its
 * version, and {@link #backward()} fails, before changing any gradient, when a saved tensor
 * has changed since, as PyTorch does ("modified by an inplace operation").
 *
 * <p><b>Numerics.</b> Every computation runs on {@link io.github.panagrad.kernel.Kernels#current()},
 * the calling thread's backend. Every result has the same bits on either backend, at every
 * vector width and thread count (each kernel has one canonical evaluation order); reductions
 * (matmul, sums, means) also stay within the γ(k) bound of {@code docs/numerics.md}.
 *
 * <p><b>Errors.</b> Shapes that do not fit an operation give an
 * {@link IllegalArgumentException} naming both shapes; null arguments an
 * {@code IllegalArgumentException} naming the argument. Tensors are not thread-safe; a graph
 * must be built and differentiated on one thread at a time.
 */
public final class Tensor {

    static {
        TensorAccess.install(new TensorAccess() {
            @Override
            public float[] data(Tensor tensor) {
                return tensor.data;
            }

            @Override
            public int[] shape(Tensor tensor) {
                return tensor.shape;
            }

            @Override
            public Node gradFn(Tensor tensor) {
                return tensor.gradFn;
            }

            @Override
            public Tensor create(float[] data, int[] shape, Node gradFn) {
                return new Tensor(data, shape, gradFn, gradFn != null, null);
            }

            @Override
            public int version(Tensor tensor) {
                return tensor.owner.version;
            }

            @Override
            public void markModified(Tensor tensor) {
                tensor.owner.version++;
            }

            @Override
            public Tensor grad(Tensor tensor) {
                return tensor.grad;
            }

            @Override
            public void setGrad(Tensor tensor, Tensor grad) {
                tensor.grad = grad;
                tensor.gradHandedOut = true;
                tensor.clearedGrad = null;
            }

            @Override
            public void clearGrad(Tensor tensor) {
                if (tensor.grad != null && !tensor.gradHandedOut) {
                    tensor.clearedGrad = tensor.grad;
                }
                tensor.grad = null;
            }

            @Override
            public float[] newGrad(Tensor tensor) {
                Tensor fresh = tensor.clearedGrad != null ? tensor.clearedGrad
                        : new Tensor(new float[tensor.data.length], tensor.shape, null, false, null);
                tensor.clearedGrad = null;
                tensor.grad = fresh;
                tensor.gradHandedOut = false;
                return fresh.data;
            }
        });
    }

    private static final int TO_STRING_ELEMENTS = 8;

    private final float[] data;
    private final int[] shape;
    private final Node gradFn;
    /** The tensor whose storage {@link #data} is: this one, or the one it was {@linkplain #detach() detached} from. */
    private final Tensor owner;
    /** In-place changes of the storage so far; kept by the {@link #owner} only. */
    private int version;
    private boolean requiresGrad;
    private boolean retainsGrad;
    private Tensor grad;
    /** True once {@link #grad()} has returned the current gradient: code outside may hold it. */
    private boolean gradHandedOut;
    /** A gradient cleared before {@link #grad()} ever returned it: unreachable from outside, so the next backward reuses it. */
    private Tensor clearedGrad;

    /** @param owner the tensor owning {@code data} when it is shared, or null for new storage */
    private Tensor(float[] data, int[] shape, Node gradFn, boolean requiresGrad, Tensor owner) {
        this.data = data;
        this.shape = shape;
        this.gradFn = gradFn;
        this.requiresGrad = requiresGrad;
        this.owner = owner == null ? this : owner;
    }

    // ---------------------------------------------------------------- creation

    /**
     * A new leaf holding a copy of {@code data} in row-major order with the given shape; it
     * does not require grad. No shape means rank 0 (one element).
     *
     * <pre>{@code Tensor x = Tensor.of(new float[] {1, 2, 3, 4, 5, 6}, 2, 3);  // [[1,2,3],[4,5,6]] }</pre>
     *
     * @param data the elements, {@code Π shape} of them; not modified and not retained
     * @param shape the dimensions, each {@code >= 0}
     * @return the new tensor
     * @throws IllegalArgumentException when {@code data} or {@code shape} is null, a
     *         dimension is negative, or {@code data.length} differs from the shape's element count
     */
    public static Tensor of(float[] data, int... shape) {
        Checks.notNull("data", data);
        int[] dims = checkedShape(shape);
        int count = elementCount(dims);
        Checks.exactly("data.length", data.length, count, "the element count of shape " + Arrays.toString(dims));
        return new Tensor(data.clone(), dims, null, false, null);
    }

    /**
     * A new leaf of zeros that does not require grad.
     *
     * @param shape the dimensions, each {@code >= 0}; none for a scalar
     * @return the new tensor
     * @throws IllegalArgumentException when {@code shape} is null or a dimension is negative
     */
    public static Tensor zeros(int... shape) {
        int[] dims = checkedShape(shape);
        return new Tensor(new float[elementCount(dims)], dims, null, false, null);
    }

    /**
     * A new rank-0 leaf holding {@code value}; it does not require grad.
     *
     * @param value the element
     * @return the new tensor, shape {@code []}
     */
    public static Tensor scalar(float value) {
        return new Tensor(new float[] {value}, new int[0], null, false, null);
    }

    // ---------------------------------------------------------------- values

    /** @return a copy of the dimensions; empty for a scalar */
    public int[] shape() {
        return shape.clone();
    }

    /** @return the rank, {@code shape().length} */
    public int dim() {
        return shape.length;
    }

    /** @return the element count, the product of the dimensions (1 for a scalar) */
    public int numel() {
        return data.length;
    }

    /** @return a copy of the elements in row-major order */
    public float[] toArray() {
        return data.clone();
    }

    /**
     * The value of a one-element tensor, as {@code torch.Tensor.item()}.
     *
     * @return the single element
     * @throws IllegalStateException when the tensor does not hold exactly one element
     */
    public float item() {
        if (data.length != 1) {
            throw new IllegalStateException("item() needs a tensor with one element, got shape "
                    + Arrays.toString(shape) + " (" + data.length + " elements)");
        }
        return data[0];
    }

    // ---------------------------------------------------------------- autograd state

    /**
     * Sets whether operations on this leaf are recorded for differentiation, as
     * {@code torch.Tensor.requires_grad_}.
     *
     * @param requiresGrad true to have {@link #backward()} compute this tensor's {@link #grad()}
     * @return this tensor
     * @throws IllegalStateException when this tensor is not a leaf (it was computed from a
     *         tensor that requires grad); use {@link #detach()} for a leaf sharing its values
     */
    public Tensor requiresGrad(boolean requiresGrad) {
        if (gradFn != null) {
            throw new IllegalStateException("requiresGrad(" + requiresGrad + ") applies to leaf tensors only; this one"
                    + " was computed by " + gradFn + " (use detach() for a leaf that shares its values)");
        }
        this.requiresGrad = requiresGrad;
        return this;
    }

    /** @return whether gradients flow to this tensor: a leaf marked so, or any recorded result */
    public boolean requiresGrad() {
        return requiresGrad;
    }

    /** @return true when this tensor was not computed by a recorded operation (it has no {@link #gradFn()}) */
    public boolean isLeaf() {
        return gradFn == null;
    }

    /**
     * As {@code torch.Tensor.grad_fn}: the recorded operation that computed this tensor and
     * carries its gradient back, by name ({@link GradFn#name()}, for example {@code MulBackward}).
     *
     * @return the gradient function, or null for a leaf
     */
    public GradFn gradFn() {
        return gradFn;
    }

    /**
     * The gradient accumulated by {@link #backward()} calls that reached this tensor: for a
     * leaf that requires grad, or a non-leaf after {@link #retainGrad()}. It has this
     * tensor's shape and does not require grad. Later backward calls add into the same
     * tensor, so a reference held across them sees the new values (an in-place change of it:
     * a graph that saved the gradient tensor cannot run backward after that).
     *
     * <p>Clearing the gradient (an optimizer's {@code zeroGrad()}) sets it to null, as
     * PyTorch's {@code set_to_none}: a gradient tensor that this method returned keeps its
     * values for whoever holds it, and the next backward creates a new one. A gradient this
     * method never returned cannot be held outside the library, so the next backward reuses
     * its storage instead of allocating; with {@code zeroGrad()}, forward, backward and
     * step in a loop that does not call {@code grad()}, the parameters' gradients are
     * allocated once.
     *
     * @return the gradient, or null when none has been computed (or it was cleared)
     */
    public Tensor grad() {
        if (grad != null) {
            gradHandedOut = true;
        }
        return grad;
    }

    /**
     * Asks {@link #backward()} to keep this non-leaf's gradient in {@link #grad()}, as
     * {@code torch.Tensor.retain_grad()}; does nothing for a leaf that requires grad.
     *
     * @return this tensor
     * @throws IllegalStateException when this tensor does not require grad
     */
    public Tensor retainGrad() {
        if (!requiresGrad) {
            throw new IllegalStateException("retainGrad() on a tensor that does not require grad");
        }
        if (gradFn != null) {
            retainsGrad = true;
        }
        return this;
    }

    /**
     * As {@code torch.Tensor.retains_grad}: true for a non-leaf after {@link #retainGrad()},
     * false otherwise (a leaf that requires grad always gets its {@link #grad()}).
     *
     * @return whether {@link #backward()} keeps this non-leaf's gradient
     */
    public boolean retainsGrad() {
        return retainsGrad;
    }

    /**
     * Gradients of this one-element tensor (usually a loss) with respect to every leaf that
     * requires grad in its graph, added into their {@link #grad()}; as
     * {@code loss.backward()}. The graph's saved tensors are freed afterwards, so a second
     * backward through operations that saved tensors fails; see {@link #backward(Tensor, boolean)}.
     * The graph is checked before any gradient changes: when backward fails, no gradient has
     * changed.
     *
     * @throws IllegalStateException when this tensor has other than one element, does not
     *         require grad, its graph was already freed by an earlier backward, or a tensor that
     *         an operation in it saved for backward has been changed in place since (an
     *         optimizer step between forward and backward; the message names the tensor's role,
     *         its shape, and the version it was saved at and has now)
     */
    public void backward() {
        Engine.backward(this, null, false);
    }

    /**
     * Vector-Jacobian product: adds {@code gradientᵀ · ∂this/∂leaf} into each leaf's
     * {@link #grad()}, as {@code tensor.backward(gradient)}; frees the graph's saved tensors.
     *
     * @param gradient the gradient of some scalar with respect to this tensor, this tensor's
     *        shape; not modified. Null means 1 and is allowed for one-element tensors only
     * @throws IllegalArgumentException when {@code gradient}'s shape differs from this tensor's
     *         (the message names both)
     * @throws IllegalStateException as {@link #backward()}
     */
    public void backward(Tensor gradient) {
        Engine.backward(this, gradient, false);
    }

    /**
     * As {@link #backward(Tensor)}, with a choice to keep the graph: with {@code retainGraph}
     * true the saved tensors stay, so backward can run through the same graph again (and
     * gradients accumulate again), as {@code backward(gradient, retain_graph=True)}. The saved
     * tensors are the operands themselves, not copies: after an optimizer step changed a saved
     * parameter, a second pass through the retained graph fails, as in PyTorch, instead of
     * reading the new values.
     *
     * @param gradient as {@link #backward(Tensor)}; null means 1 for a one-element tensor
     * @param retainGraph true to keep the graph's saved tensors for another backward
     * @throws IllegalArgumentException as {@link #backward(Tensor)}
     * @throws IllegalStateException as {@link #backward()}
     */
    public void backward(Tensor gradient, boolean retainGraph) {
        Engine.backward(this, gradient, retainGraph);
    }

    /**
     * A new leaf sharing this tensor's elements but not its graph, as {@code torch.Tensor.detach()}:
     * it does not require grad, and nothing computed from it reaches this tensor's inputs.
     * The elements are shared, not copied: an in-place update of this tensor (an optimizer
     * step) shows in the detached one, and counts as a change of both (they share the version
     * that backward checks saved tensors against).
     *
     * @return the detached tensor
     */
    public Tensor detach() {
        return new Tensor(data, shape, null, false, owner);
    }

    /**
     * Disables graph recording on the calling thread until the returned scope is closed, as
     * {@code torch.no_grad()}: results computed inside do not require grad and record
     * nothing. Scopes nest; other threads are not affected.
     *
     * <pre>{@code try (var scope = Tensor.noGrad()) { Tensor prediction = model.forward(x); } }</pre>
     *
     * @return the scope; its {@code close()} restores the previous mode and throws nothing
     */
    public static NoGradScope noGrad() {
        return GradMode.disable();
    }

    // ---------------------------------------------------------------- operations

    /**
     * Matrix product {@code this · other}: {@code [m, k] × [k, n] → [m, n]}, via gemm.
     * Bounded (γ(k + 2)). Backward: {@code dThis += dOut · otherᵀ}, {@code dOther += thisᵀ · dOut};
     * saves {@code other} when this tensor requires grad and this tensor when {@code other} does.
     *
     * @param other right factor; not modified
     * @return the product
     * @throws IllegalArgumentException when either operand is not rank 2 or the inner
     *         dimensions differ (naming both shapes), or {@code other} is null
     */
    public Tensor matmul(Tensor other) {
        return MatMul.apply(this, other);
    }

    /**
     * Transpose of a matrix, {@code [m, n] → [n, m]}, as a new tensor (a copy, not a view).
     * Exact. Backward: {@code dThis += dOutᵀ}.
     *
     * @return the transpose
     * @throws IllegalArgumentException when this tensor is not rank 2
     */
    public Tensor t() {
        return Transpose.apply(this);
    }

    /**
     * Elementwise sum {@code this + other} for equal shapes, or with a row vector broadcast
     * over the rows of a matrix: {@code [m, n] + [n]}, {@code [m, n] + [1, n]} (either order)
     * give {@code [m, n]}. Bit-exact. Backward: each operand receives {@code dOut}, summed over
     * the broadcast rows (column sums) for the row vector.
     *
     * @param other the other addend; not modified
     * @return the sum
     * @throws IllegalArgumentException when the shapes neither match nor broadcast (naming
     *         both), or {@code other} is null
     */
    public Tensor add(Tensor other) {
        return Add.apply(this, other);
    }

    /**
     * Elementwise difference {@code this - other}, equal shapes. Bit-exact. Backward:
     * {@code dThis += dOut}, {@code dOther -= dOut}.
     *
     * @param other the subtrahend; not modified
     * @return the difference
     * @throws IllegalArgumentException when the shapes differ (naming both) or {@code other} is null
     */
    public Tensor sub(Tensor other) {
        return Sub.apply(this, other);
    }

    /**
     * Elementwise (Hadamard) product {@code this ⊙ other}, equal shapes. Bit-exact. Backward:
     * {@code dThis += dOut ⊙ other}, {@code dOther += dOut ⊙ this}; saves {@code other} when this
     * tensor requires grad and this tensor when {@code other} does.
     *
     * @param other the other factor; not modified
     * @return the product
     * @throws IllegalArgumentException when the shapes differ (naming both) or {@code other} is null
     */
    public Tensor mul(Tensor other) {
        return Mul.apply(this, other);
    }

    /**
     * {@code max(this, 0)} elementwise with PyTorch's edge cases (−0 stays −0, NaN stays NaN).
     * Bit-exact. Backward: {@code dThis += dOut} where the input is {@code > 0} (or NaN), else 0;
     * saves its output.
     *
     * @return the rectified tensor, same shape
     */
    public Tensor relu() {
        return Relu.apply(this);
    }

    /**
     * Sum of all elements, a rank-0 tensor (0 when empty). Bounded (γ(n)). Backward:
     * {@code dThis += dOut} in every element.
     *
     * @return the sum, shape {@code []}
     */
    public Tensor sum() {
        return Sum.apply(this);
    }

    /**
     * Mean of all elements, {@code sum / n}, a rank-0 tensor (NaN when empty, as PyTorch).
     * Bounded (γ(n + 1)). Backward: {@code dThis += dOut / n} in every element.
     *
     * @return the mean, shape {@code []}
     */
    public Tensor mean() {
        return Mean.apply(this);
    }

    /**
     * A short description: shape, up to the first {@value #TO_STRING_ELEMENTS} elements,
     * and the gradient function or requires-grad flag.
     */
    @Override
    public String toString() {
        StringBuilder text = new StringBuilder("Tensor(shape=").append(Arrays.toString(shape)).append(", data=[");
        int shown = Math.min(data.length, TO_STRING_ELEMENTS);
        for (int i = 0; i < shown; i++) {
            text.append(i == 0 ? "" : ", ").append(data[i]);
        }
        text.append(data.length > shown ? ", ...]" : "]");
        if (gradFn != null) {
            text.append(", gradFn=").append(gradFn);
        } else if (requiresGrad) {
            text.append(", requiresGrad=true");
        }
        return text.append(')').toString();
    }

    // ---------------------------------------------------------------- shape checks

    private static int[] checkedShape(int[] shape) {
        Checks.notNull("shape", shape);
        for (int d = 0; d < shape.length; d++) {
            Checks.atLeast("shape[" + d + "]", shape[d], 0);
        }
        return shape.clone();
    }

    /** The product of the (non-negative) dimensions, which must fit an array; exact up to {@code 2^63 - 1}. */
    private static int elementCount(int[] shape) {
        long count = 1;
        for (int dim : shape) {
            count = dim == 0 || count == 0 ? 0 : count > Long.MAX_VALUE / dim ? Long.MAX_VALUE : count * dim;
        }
        Checks.atMost("the element count of shape " + Arrays.toString(shape), count, Integer.MAX_VALUE);
        return (int) count;
    }
}
