package io.github.panagrad.optim;

import io.github.panagrad.Tensor;
import io.github.panagrad.internal.Checks;
import io.github.panagrad.internal.TensorAccess;
import io.github.panagrad.kernel.Backend;
import io.github.panagrad.kernel.Kernels;

import java.util.ArrayList;
import java.util.Collections;
import java.util.IdentityHashMap;
import java.util.List;
import java.util.Set;

/**
 * Updates a fixed list of parameters from their gradients, as {@code torch.optim.Optimizer}:
 * {@link SGD} or {@link Adam}.
 *
 * <p>{@link #step()} changes each parameter's elements in place with one kernel call on
 * {@link Kernels#current()}; the update is never recorded in the graph, and counts as an
 * in-place change of the parameter (see {@link Tensor}). Parameters without a gradient are
 * skipped, as PyTorch does. {@link #zeroGrad()} clears the gradients. The class is sealed:
 * an update rule works on the parameters' storage, which only the library's own code reaches.
 */
public abstract sealed class Optimizer permits SGD, Adam {

    private static final TensorAccess ACCESS = TensorAccess.get();

    /**
     * The kernels a constructor validates its hyper-parameters with: a step on no elements
     * ({@link #NONE}) checks them as every step does, so a bad value is rejected at
     * construction with the step's message.
     */
    static final Kernels NO_ELEMENTS = Kernels.of(Backend.SCALAR);

    /** An empty array, for the step on no elements. */
    static final float[] NONE = {};

    private final List<Tensor> parameters;

    /**
     * @param parameters the tensors to update, each a leaf, none twice; the list is copied
     * @throws IllegalArgumentException when the list is null or empty, or holds a null, a
     *         non-leaf or the same tensor twice (naming its index)
     */
    Optimizer(List<Tensor> parameters) {
        Checks.notEmpty("params", Checks.notNull("params", parameters).isEmpty());
        Set<Tensor> seen = Collections.newSetFromMap(new IdentityHashMap<>());
        List<Tensor> copy = new ArrayList<>(parameters.size());
        for (int i = 0; i < parameters.size(); i++) {
            String name = "params[" + i + "]";
            Tensor parameter = Checks.notNull(name, parameters.get(i));
            Checks.leaf(name, parameter);
            Checks.notRepeated(name, !seen.add(parameter));
            copy.add(parameter);
        }
        this.parameters = Collections.unmodifiableList(copy);
    }

    /** @return the parameters, in the order given; unmodifiable */
    public final List<Tensor> parameters() {
        return parameters;
    }

    /**
     * One update of every parameter that has a gradient, in place, by the subclass's rule. Each
     * update counts as an in-place change of its parameter: a graph recorded before the step
     * that saved the parameter for backward fails that backward (as in PyTorch), since its
     * gradients would be computed from the new values. Only backward creates gradients, so
     * each has its parameter's shape and storage of its own: a step has nothing to reject.
     */
    public final void step() {
        Kernels kernels = Kernels.current();
        for (int i = 0; i < parameters.size(); i++) {
            Tensor parameter = parameters.get(i);
            Tensor grad = ACCESS.grad(parameter);
            if (grad != null) {
                update(kernels, i, ACCESS.data(parameter), ACCESS.data(grad));
                ACCESS.markModified(parameter);
            }
        }
    }

    /**
     * Updates one parameter in place.
     *
     * @param kernels the kernels to compute with
     * @param index the parameter's position in {@link #parameters()} (for per-parameter state)
     * @param parameter the parameter's elements; modified
     * @param grad its gradient, the same length; not modified
     */
    abstract void update(Kernels kernels, int index, float[] parameter, float[] grad);

    /**
     * Clears every parameter's gradient (sets it to null), as PyTorch 2's
     * {@code zero_grad()} with its default {@code set_to_none=True}: the next backward
     * starts each gradient afresh, and {@link #step()} skips parameters it does not reach.
     *
     * <p>A gradient tensor obtained from {@link Tensor#grad()} before this call keeps its
     * values: the next backward gives that parameter a new gradient tensor. A gradient that
     * {@code grad()} never returned is unreachable outside the library, so the next backward
     * writes the new gradient into its storage instead of allocating (see {@link Tensor#grad()}).
     */
    public void zeroGrad() {
        for (int i = 0; i < parameters.size(); i++) {
            ACCESS.clearGrad(parameters.get(i));
        }
    }
}
