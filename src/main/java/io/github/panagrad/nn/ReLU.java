package io.github.panagrad.nn;

import io.github.panagrad.Tensor;
import io.github.panagrad.internal.Checks;

import java.util.List;

/** The rectifier as a layer, {@code forward(x) = x.relu()}, as {@code torch.nn.ReLU}; no parameters. */
public final class ReLU implements Layer {

    /** Creates the layer. */
    public ReLU() {
    }

    /**
     * {@code max(x, 0)} elementwise; see {@link Tensor#relu()}.
     *
     * @param input any shape; not modified
     * @return the rectified tensor, same shape
     * @throws IllegalArgumentException when {@code input} is null
     */
    @Override
    public Tensor forward(Tensor input) {
        return Checks.notNull("input", input).relu();
    }

    /**
     * True: {@link #forward} returns a new tensor and keeps neither its input nor its output,
     * so {@link Sequential} may reuse their storage.
     *
     * @return true
     */
    @Override
    public boolean keepsNoActivations() {
        return true;
    }

    /** @return an empty list */
    @Override
    public List<Tensor> parameters() {
        return List.of();
    }

    @Override
    public String toString() {
        return "ReLU()";
    }
}
