package io.github.panagrad.nn;

import io.github.panagrad.Tensor;
import io.github.panagrad.internal.Affine;
import io.github.panagrad.internal.Checks;

import java.util.List;
import java.util.Random;

/**
 * A fully connected layer, {@code y = x · Wᵀ + b}, as {@code torch.nn.Linear}: weight
 * {@code W [out, in]}, bias {@code b [out]} (optional), input {@code [batch, in]} or
 * {@code [in]}, output {@code [batch, out]} or {@code [out]}. Forward and backward run as one
 * fused operation ({@code LinearBackward} in the graph), so backward writes {@code dW} straight
 * into {@code weight().grad()} with gemm's {@code beta = 1}: {@code dW += dyᵀ · x},
 * {@code db += Σ_rows dy}, {@code dx += dy · W}. For backward it saves the input when the
 * weight requires grad and the weight when the input does.
 */
public final class Linear implements Layer {

    private final Tensor weight;
    private final Tensor bias;

    /**
     * A layer with PyTorch's default initialisation: every weight and bias element drawn
     * independently from {@code U(-1/√in, 1/√in)} (the bound that
     * {@code kaiming_uniform_(a = √5)} works out to), as
     * {@code (float) (bound · (2·rng.nextDouble() − 1))}, weight in row-major order first, then
     * the bias. Both require grad.
     *
     * @param in input features, {@code >= 1}
     * @param out output features, {@code >= 1}
     * @param rng the source of randomness; advanced by {@code out·in + out} draws
     * @throws IllegalArgumentException when {@code in} or {@code out} is below 1, {@code in·out} exceeds
     *         the largest array, or {@code rng} is null
     */
    public Linear(int in, int out, Random rng) {
        Checks.atLeast("in", in, 1);
        Checks.atLeast("out", out, 1);
        Checks.notNull("rng", rng);
        int size = Checks.product("in", in, "out", out);
        double bound = 1.0 / Math.sqrt(in);
        this.weight = Tensor.of(uniform(rng, size, bound), out, in).requiresGrad(true);
        this.bias = Tensor.of(uniform(rng, out, bound), out).requiresGrad(true);
    }

    /**
     * A layer around given tensors, which become its parameters (shared, not copied) and are
     * marked {@code requiresGrad(true)}.
     *
     * @param weight {@code [out, in]}, a leaf
     * @param bias {@code [out]}, a leaf, or null for a layer without bias
     * @throws IllegalArgumentException when {@code weight} is null or not rank 2, {@code bias}
     *         is not {@code [out]} (naming both shapes), or either is not a leaf
     */
    public Linear(Tensor weight, Tensor bias) {
        Affine.checkParameters(weight, bias);
        Checks.leaf("weight", weight);
        if (bias != null) {
            Checks.leaf("bias", bias);
            bias.requiresGrad(true);
        }
        this.weight = weight.requiresGrad(true);
        this.bias = bias;
    }

    private static float[] uniform(Random rng, int count, double bound) {
        float[] values = new float[count];
        for (int i = 0; i < count; i++) {
            values[i] = (float) (bound * (2.0 * rng.nextDouble() - 1.0));
        }
        return values;
    }

    /**
     * {@code input · weightᵀ + bias}: every output row starts as the bias, then gemm adds the
     * product ({@code beta = 1}); bounded, within γ(in + 2) of the exact value.
     *
     * @param input {@code [batch, in]} or {@code [in]}; not modified
     * @return {@code [batch, out]} or {@code [out]}
     * @throws IllegalArgumentException when {@code input} is null or its last dimension is not {@code in}
     *         (naming the input and weight shapes)
     */
    @Override
    public Tensor forward(Tensor input) {
        return Affine.apply(input, weight, bias);
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

    /** @return {@code [weight, bias]}, or {@code [weight]} without bias; unmodifiable */
    @Override
    public List<Tensor> parameters() {
        return bias == null ? List.of(weight) : List.of(weight, bias);
    }

    /** @return the weight {@code [out, in]} (the parameter itself, not a copy) */
    public Tensor weight() {
        return weight;
    }

    /** @return the bias {@code [out]} (the parameter itself), or null for a layer without bias */
    public Tensor bias() {
        return bias;
    }

    /** @return the number of input features, {@code in} */
    public int inFeatures() {
        return weight.shape()[1];
    }

    /** @return the number of output features, {@code out} */
    public int outFeatures() {
        return weight.shape()[0];
    }

    @Override
    public String toString() {
        return "Linear(in=" + inFeatures() + ", out=" + outFeatures() + ", bias=" + (bias != null) + ")";
    }
}
