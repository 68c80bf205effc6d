package io.github.panagrad.nn;

import io.github.panagrad.Tensor;
import io.github.panagrad.internal.TensorAccess;

import java.util.ArrayList;
import java.util.Collections;
import java.util.IdentityHashMap;
import java.util.List;
import java.util.Set;

/**
 * Layers applied in order, {@code forward(x) = layer_k(...layer_2(layer_1(x)))}, as
 * {@code torch.nn.Sequential}.
 *
 * <p>A tensor that {@link #forward} passes from a {@link Linear} or {@link ReLU} straight
 * into another is never seen outside the library, so its storage is reused by later
 * operations once nothing can read it (after the backward pass that frees its graph, or
 * at once when no graph was recorded): a training loop of such layers allocates new
 * activation arrays only for the output it returns. Tensors going into or out of other
 * layers are left alone, since their code may keep them.
 */
public final class Sequential implements Layer {

    private static final TensorAccess ACCESS = TensorAccess.get();

    private final List<Layer> layers;

    /**
     * @param layers the layers in application order; the array is copied
     * @throws IllegalArgumentException when {@code layers} or one of them is null
     */
    public Sequential(Layer... layers) {
        if (layers == null) {
            throw new IllegalArgumentException("Sequential: layers must not be null");
        }
        for (int i = 0; i < layers.length; i++) {
            if (layers[i] == null) {
                throw new IllegalArgumentException("Sequential: layers[" + i + "] must not be null");
            }
        }
        this.layers = List.of(layers);
    }

    /**
     * Feeds {@code input} through every layer in order (the input itself when there is none).
     *
     * @param input the first layer's input; not modified
     * @return the last layer's output
     * @throws IllegalArgumentException when {@code input} is null or a layer rejects its input
     */
    @Override
    public Tensor forward(Tensor input) {
        if (input == null) {
            throw new IllegalArgumentException("Sequential: input must not be null");
        }
        Tensor x = input;
        Layer previous = null;
        for (Layer layer : layers) {
            Tensor next = layer.forward(x);
            if (previous != null && createsAndKeepsNothing(previous) && createsAndKeepsNothing(layer)) {
                recycle(x, next);
            }
            x = next;
            previous = layer;
        }
        return x;
    }

    /**
     * Linear and ReLU return a new tensor from every forward and keep no reference to their
     * input: a tensor passed from one to the other is seen by no code outside the library.
     */
    private static boolean createsAndKeepsNothing(Layer layer) {
        return layer instanceof Linear || layer instanceof ReLU;
    }

    /**
     * Hands the storage of {@code intermediate}, which only library code has seen, back for
     * reuse (see {@link TensorAccess#recycle}): after backward when it is part of a graph, at
     * once when neither it nor its consumer's output {@code next} was recorded.
     */
    private static void recycle(Tensor intermediate, Tensor next) {
        if (intermediate.gradFn() != null || next.gradFn() == null) {
            ACCESS.recycle(intermediate);
        }
    }

    /**
     * @return the layers' parameters in layer order, a tensor shared by several layers listed
     *         once (as PyTorch's {@code parameters()}); unmodifiable
     */
    @Override
    public List<Tensor> parameters() {
        Set<Tensor> seen = Collections.newSetFromMap(new IdentityHashMap<>());
        List<Tensor> parameters = new ArrayList<>();
        for (Layer layer : layers) {
            for (Tensor parameter : layer.parameters()) {
                if (seen.add(parameter)) {
                    parameters.add(parameter);
                }
            }
        }
        return Collections.unmodifiableList(parameters);
    }

    /** @return the layers in application order; unmodifiable */
    public List<Layer> layers() {
        return layers;
    }

    @Override
    public String toString() {
        return "Sequential" + layers;
    }
}
