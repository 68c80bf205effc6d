package io.github.panagrad.nn;

import io.github.panagrad.Tensor;
import io.github.panagrad.internal.Checks;
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
 * <p>A tensor that {@link #forward} passes between two layers that both declare
 * {@link Layer#keepsNoActivations()} (Linear, ReLU, a layer of your own that meets that
 * contract) is never seen outside the library, so its storage is reused by later operations
 * once nothing can read it (after the backward pass that frees its graph, or at once when no
 * graph was recorded): a training loop of such layers allocates new activation arrays only for
 * the output it returns. Tensors going into or out of other layers are left alone, since their
 * code may keep them.
 */
public final class Sequential implements Layer {

    private static final TensorAccess ACCESS = TensorAccess.get();

    private final List<Layer> layers;

    /**
     * @param layers the layers in application order; the array is copied
     * @throws IllegalArgumentException when {@code layers} or one of them is null
     */
    public Sequential(Layer... layers) {
        Checks.notNull("layers", layers);
        for (int i = 0; i < layers.length; i++) {
            Checks.notNull("layers[" + i + "]", layers[i]);
        }
        this.layers = List.of(layers);
    }

    /**
     * Feeds {@code input} through every layer in order (the input itself when there is none).
     *
     * @param input the first layer's input; not modified
     * @return the last layer's output
     * @throws IllegalArgumentException when {@code input} is null or a layer rejects its input
     * @throws IllegalStateException when a layer that declares {@link Layer#keepsNoActivations()}
     *         returns its input, breaking that contract
     */
    @Override
    public Tensor forward(Tensor input) {
        Tensor x = Checks.notNull("input", input);
        Layer previous = null;
        for (Layer layer : layers) {
            Tensor next = layer.forward(x);
            if (next == x && layer.keepsNoActivations()) {
                throw new IllegalStateException("Sequential: " + layer + " declares keepsNoActivations() but its forward"
                        + " returned its input; such a layer must return a tensor computed in that call");
            }
            if (previous != null && previous.keepsNoActivations() && layer.keepsNoActivations()) {
                recycle(x, next);
            }
            x = next;
            previous = layer;
        }
        return x;
    }

    /**
     * Hands the storage of {@code intermediate}, which only library code and two layers that
     * keep nothing have seen, back for reuse (see {@link TensorAccess#recycle}): after backward
     * when it is part of a graph, at once when neither it nor its consumer's output
     * {@code next} was recorded.
     */
    private static void recycle(Tensor intermediate, Tensor next) {
        if (intermediate.gradFn() != null || next.gradFn() == null) {
            ACCESS.recycle(intermediate);
        }
    }

    /**
     * True when this sequence is not empty and every layer declares it: its input goes into the
     * first layer, its output is the last layer's, and the tensors in between are reused or
     * left alone as {@link #forward} describes.
     *
     * @return whether every layer keeps no activations (false for an empty sequence, which
     *         returns its input)
     */
    @Override
    public boolean keepsNoActivations() {
        for (Layer layer : layers) {
            if (!layer.keepsNoActivations()) {
                return false;
            }
        }
        return !layers.isEmpty();
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
