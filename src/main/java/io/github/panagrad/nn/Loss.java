package io.github.panagrad.nn;

import io.github.panagrad.Tensor;
import io.github.panagrad.internal.MseLoss;

/** Loss functions, as {@code torch.nn.functional}'s. */
public final class Loss {

    private Loss() {
    }

    /**
     * Mean squared error, {@code (1/n) Σ_i (prediction[i] - target[i])²} over all {@code n}
     * elements, as {@code torch.nn.MSELoss()} (reduction {@code mean}). Bounded (γ(n + 3)).
     * Backward adds {@code (2/n)(prediction - target)} (times the loss's gradient) into the
     * prediction's gradient with {@code Kernels.mseBackward}, and the negation into the
     * target's when it requires grad. Saves both operands for backward.
     *
     * @param prediction the model output; not modified
     * @param target the expected values, same shape; not modified
     * @return the loss, a rank-0 tensor
     * @throws IllegalArgumentException when an argument is null, the shapes differ (naming both),
     *         or they hold no element
     */
    public static Tensor mse(Tensor prediction, Tensor target) {
        return MseLoss.apply(prediction, target);
    }
}
