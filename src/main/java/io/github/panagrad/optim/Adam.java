package io.github.panagrad.optim;

import io.github.panagrad.Tensor;
import io.github.panagrad.kernel.Kernels;

import java.util.List;

/**
 * Adam with coupled (L2) weight decay, as {@code torch.optim.Adam} without amsgrad. Per
 * element, at a parameter's step {@code t} (counted from 1 over the steps in which it had a
 * gradient; see {@link Kernels#adamStep} for the exact rounding):
 * <pre>
 * d = g + weightDecay · p
 * m = beta1 · m + (1 − beta1) · d
 * v = beta2 · v + (1 − beta2) · d²
 * p = p − lr / (1 − beta1^t) · m / (√v / √(1 − beta2^t) + eps)
 * </pre>
 * with {@code m} and {@code v} starting at 0. Bit-exact across backends.
 */
public final class Adam extends Optimizer {

    private final float lr;
    private final float beta1;
    private final float beta2;
    private final float eps;
    private final float weightDecay;
    private final float[][] firstMoments;
    private final float[][] secondMoments;
    private final int[] steps;

    /**
     * Adam with PyTorch's defaults: betas (0.9, 0.999), eps 1e-8, no weight decay.
     *
     * @param params the parameters; see {@link Optimizer#Optimizer(List)}
     * @param lr learning rate, finite and {@code >= 0} (PyTorch's default is 1e-3)
     * @throws IllegalArgumentException on a bad parameter list or learning rate
     */
    public Adam(List<Tensor> params, float lr) {
        this(params, lr, 0.9f, 0.999f, 1e-8f, 0f);
    }

    /**
     * Adam with every option of {@code torch.optim.Adam} except amsgrad.
     *
     * @param params the parameters; see {@link Optimizer#Optimizer(List)}
     * @param lr learning rate, finite and {@code >= 0}
     * @param beta1 first-moment decay, in {@code [0, 1)}
     * @param beta2 second-moment decay, in {@code [0, 1)}
     * @param eps denominator term, finite and {@code >= 0}
     * @param weightDecay L2 penalty added to the gradient, finite and {@code >= 0}
     * @throws IllegalArgumentException on a bad parameter list or hyper-parameter (naming it and its value)
     */
    public Adam(List<Tensor> params, float lr, float beta1, float beta2, float eps, float weightDecay) {
        super(params);
        NO_ELEMENTS.adamStep(0, lr, beta1, beta2, eps, weightDecay, 1, NONE, 0, NONE, 0, NONE, 0, NONE, 0);
        this.lr = lr;
        this.beta1 = beta1;
        this.beta2 = beta2;
        this.eps = eps;
        this.weightDecay = weightDecay;
        this.firstMoments = new float[params.size()][];
        this.secondMoments = new float[params.size()][];
        this.steps = new int[params.size()];
    }

    @Override
    void update(Kernels kernels, int index, float[] parameter, float[] grad) {
        if (firstMoments[index] == null) {
            firstMoments[index] = new float[parameter.length];
            secondMoments[index] = new float[parameter.length];
        }
        int step = steps[index] + 1;
        kernels.adamStep(parameter.length, lr, beta1, beta2, eps, weightDecay, step,
                parameter, 0, grad, 0, firstMoments[index], 0, secondMoments[index], 0);
        steps[index] = step; // counted only once the step succeeded
    }

    @Override
    public String toString() {
        return "Adam(lr=" + lr + ", beta1=" + beta1 + ", beta2=" + beta2 + ", eps=" + eps + ", weightDecay="
                + weightDecay + ")";
    }
}
