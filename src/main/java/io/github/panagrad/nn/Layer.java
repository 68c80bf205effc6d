package io.github.panagrad.nn;

import io.github.panagrad.Tensor;

import java.util.List;

/**
 * A building block of a model, as PyTorch's {@code torch.nn.Module} (named {@code Layer}
 * because {@code java.lang.Module} would make {@code import io.github.panagrad.nn.*}
 * ambiguous).
 */
public interface Layer {

    /**
     * Computes this layer's output; records the graph when an input or parameter requires
     * grad and gradients are enabled.
     *
     * @param input the input; not modified
     * @return the output
     * @throws IllegalArgumentException when {@code input} is null or its shape does not fit the layer
     */
    Tensor forward(Tensor input);

    /**
     * The tensors an optimizer updates, in a fixed order, each once.
     *
     * @return an unmodifiable list of the trainable tensors (empty for a layer without any)
     */
    List<Tensor> parameters();
}
