package io.github.panagrad.optim;

import io.github.panagrad.Tensor;
import io.github.panagrad.kernel.Kernels;

import java.util.List;

/**
 * Stochastic gradient descent with optional momentum, dampening, Nesterov momentum and
 * coupled weight decay, as {@code torch.optim.SGD}. Per element, for gradient {@code g} and
 * parameter {@code p} (see {@link Kernels#sgdStep} for the exact rounding):
 * <pre>
 * d = g + weightDecay · p
 * if momentum != 0:
 *     buf = first step ? d : momentum · buf + (1 − dampening) · d
 *     d   = nesterov ? d + momentum · buf : buf
 * p = p − lr · d
 * </pre>
 * The momentum buffer of a parameter starts at its first step that has a gradient.
 * Bit-exact across backends.
 */
public final class SGD extends Optimizer {

    private final float lr;
    private final float momentum;
    private final float dampening;
    private final float weightDecay;
    private final boolean nesterov;
    private final float[][] momentumBuffers;

    /**
     * Plain SGD, {@code p = p − lr · g}.
     *
     * @param params the parameters; see {@link Optimizer#Optimizer(List)}
     * @param lr learning rate, finite and {@code >= 0}
     * @throws IllegalArgumentException on a bad parameter list or learning rate
     */
    public SGD(List<Tensor> params, float lr) {
        this(params, lr, 0f, 0f, 0f, false);
    }

    /**
     * SGD without dampening.
     *
     * @param params the parameters; see {@link Optimizer#Optimizer(List)}
     * @param lr learning rate, finite and {@code >= 0}
     * @param momentum momentum factor, finite and {@code >= 0} (0: none)
     * @param weightDecay L2 penalty, finite and {@code >= 0}
     * @param nesterov Nesterov momentum; needs {@code momentum > 0}
     * @throws IllegalArgumentException on a bad parameter list or hyper-parameter (naming it and its value)
     */
    public SGD(List<Tensor> params, float lr, float momentum, float weightDecay, boolean nesterov) {
        this(params, lr, momentum, 0f, weightDecay, nesterov);
    }

    /**
     * SGD with every option of {@code torch.optim.SGD}.
     *
     * @param params the parameters; see {@link Optimizer#Optimizer(List)}
     * @param lr learning rate, finite and {@code >= 0}
     * @param momentum momentum factor, finite and {@code >= 0} (0: none)
     * @param dampening dampening for momentum, finite and {@code >= 0}
     * @param weightDecay L2 penalty, finite and {@code >= 0}
     * @param nesterov Nesterov momentum; needs {@code momentum > 0} and {@code dampening == 0}, as PyTorch
     * @throws IllegalArgumentException on a bad parameter list or hyper-parameter (naming it and its value)
     */
    public SGD(List<Tensor> params, float lr, float momentum, float dampening, float weightDecay, boolean nesterov) {
        super(params);
        NO_ELEMENTS.sgdStep(0, lr, momentum, dampening, weightDecay, nesterov, true, NONE, 0, NONE, 0, NONE, 0);
        this.lr = lr;
        this.momentum = momentum;
        this.dampening = dampening;
        this.weightDecay = weightDecay;
        this.nesterov = nesterov;
        this.momentumBuffers = new float[params.size()][];
    }

    @Override
    void update(Kernels kernels, int index, float[] parameter, float[] grad) {
        boolean firstStep = momentum != 0f && momentumBuffers[index] == null;
        float[] buffer = firstStep ? new float[parameter.length] : momentumBuffers[index];
        kernels.sgdStep(parameter.length, lr, momentum, dampening, weightDecay, nesterov, firstStep,
                parameter, 0, grad, 0, buffer, 0);
        momentumBuffers[index] = buffer; // kept only once the step succeeded
    }

    @Override
    public String toString() {
        return "SGD(lr=" + lr + ", momentum=" + momentum + ", dampening=" + dampening + ", weightDecay="
                + weightDecay + ", nesterov=" + nesterov + ")";
    }
}
