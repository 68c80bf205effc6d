package io.github.panagrad.internal;

import io.github.panagrad.Tensor;
import io.github.panagrad.kernel.Kernels;

/**
 * Mean squared error with mean reduction, as {@code torch.nn.MSELoss()}: forward
 * {@code loss = (1/n) Σ_i (p[i] - t[i])²}, a rank-0 tensor ({@code Kernels.mse}; bounded,
 * γ(n + 3)). Backward, accumulated by {@code Kernels.mseBackward}:
 * {@code dp[i] += (2·dLoss/n)(p[i] - t[i])} and, when the target requires grad,
 * {@code dt[i] += (2·dLoss/n)(t[i] - p[i])}. Bit-exact backward. Saves both operands.
 */
public final class MseLoss extends Node {

    private static final String[] ARGUMENTS = {"prediction", "target"};
    private static final int PREDICTION = 0;
    private static final int TARGET = 1;

    private MseLoss(Tensor prediction, Tensor target) {
        super(ARGUMENTS, new Tensor[] {prediction, target}, new Tensor[] {prediction, target}, false);
    }

    /**
     * The mean squared error of {@code prediction} against {@code target}.
     *
     * @param prediction model output; not modified
     * @param target expected values, the same shape; not modified
     * @return the loss, shape {@code []}, recorded when an operand requires grad and gradients are enabled
     * @throws IllegalArgumentException when an operand is null, the shapes differ (naming both),
     *         or they hold no element
     */
    public static Tensor apply(Tensor prediction, Tensor target) {
        Checks.notNull(ARGUMENTS[PREDICTION], prediction);
        Checks.notNull(ARGUMENTS[TARGET], target);
        Checks.sameShape(ARGUMENTS[TARGET], shapeOf(target), ARGUMENTS[PREDICTION], shapeOf(prediction));
        int n = prediction.numel();
        Checks.shape(ARGUMENTS[PREDICTION], shapeOf(prediction), n > 0, "non-empty");
        float loss = Kernels.current().mse(n, data(prediction), 0, data(target), 0);
        Node node = recording(prediction, target) ? new MseLoss(prediction, target) : null;
        return result(new float[] {loss}, SCALAR_SHAPE, node);
    }

    @Override
    void backward(Kernels kernels, float[] gradOutput, Gradients gradients) {
        float[] p = saved(PREDICTION);
        float[] t = saved(TARGET);
        float[] dp = accumulator(PREDICTION, gradients);
        if (dp != null) {
            kernels.mseBackward(p.length, gradOutput[0], p, 0, t, 0, dp, 0);
        }
        float[] dt = accumulator(TARGET, gradients);
        if (dt != null) {
            kernels.mseBackward(t.length, gradOutput[0], t, 0, p, 0, dt, 0);
        }
    }
}
