package io.github.panagrad.nn;

import io.github.panagrad.Tensor;

import java.util.ArrayList;
import java.util.Collections;
import java.util.IdentityHashMap;
import java.util.List;
import java.util.Set;

/**
 * Layers applied in order, {@code forward(x) = layer_k(...layer_2(layer_1(x)))}, as
 * {@code torch.nn.Sequential}.
 */
public final class Sequential implements Layer {

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
        for (Layer layer : layers) {
            x = layer.forward(x);
        }
        return x;
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
