package io.github.panagrad.autograd;

import io.github.panagrad.Tensor;
import io.github.panagrad.kernel.Kernels;

import java.util.Arrays;

/**
 * The fused affine map of a linear layer, {@code y = x · Wᵀ + b}, as
 * {@code torch.nn.functional.linear}.
 *
 * <p>Shapes: {@code x [batch, in]} (or {@code [in]}, giving {@code [out]}), {@code W [out, in]},
 * {@code b [out]} or none, {@code y [batch, out]}.
 *
 * <p>Forward: {@code y = x · Wᵀ} (gemm with B transposed, {@code beta = 0}), then
 * {@code y[i][j] += b[j]} ({@code Kernels.addRowVector} in place). Backward, each gradient
 * accumulated straight into its buffer (for parameters, their {@code .grad} storage), no
 * temporaries:
 * <pre>
 * dW += dyᵀ · x           gemm(transA), beta = 1
 * db += Σ_rows dy         columnSums, beta = 1
 * dx += dy · W            gemm, beta = 1
 * </pre>
 * Bounded (γ(in + 2) forward, then the bias add rounds once more). Saves {@code x} when
 * {@code W} needs a gradient and {@code W} when {@code x} does.
 */
public final class Affine extends Node {

    private static final String NAME = "linear";
    private static final int SAVED_X = 0;
    private static final int SAVED_W = 1;
    private static final int INPUT_X = 0;
    private static final int INPUT_W = 1;
    private static final int INPUT_B = 2;

    private final int batch;
    private final int in;
    private final int out;

    private Affine(Tensor x, Tensor weight, Tensor bias, int batch, int in, int out) {
        super(new Tensor[] {x, weight, bias}, dataIf(weight.requiresGrad(), x), dataIf(x.requiresGrad(), weight));
        this.batch = batch;
        this.in = in;
        this.out = out;
    }

    /**
     * {@code x · weightᵀ + bias}.
     *
     * @param x input {@code [batch, in]} or {@code [in]}; not modified
     * @param weight {@code [out, in]}; not modified
     * @param bias {@code [out]}, or null for none; not modified
     * @return {@code [batch, out]} (or {@code [out]} for a rank-1 input), recorded when an
     *         operand requires grad and gradients are enabled
     * @throws IllegalArgumentException when {@code x} or {@code weight} is null, a shape does
     *         not fit (the message names the shapes involved)
     */
    public static Tensor apply(Tensor x, Tensor weight, Tensor bias) {
        nonNull(NAME, "input", x);
        nonNull(NAME, "weight", weight);
        requireRank2(NAME, "weight", weight);
        int[] xShape = x.shape();
        int[] wShape = weight.shape();
        int out = wShape[0];
        int in = wShape[1];
        if ((xShape.length != 1 && xShape.length != 2) || xShape[xShape.length - 1] != in) {
            throw new IllegalArgumentException(NAME + ": input shape " + Arrays.toString(xShape)
                    + " does not fit weight shape " + Arrays.toString(wShape) + " (needs [batch, " + in + "] or ["
                    + in + "])");
        }
        if (bias != null && !Arrays.equals(bias.shape(), new int[] {out})) {
            throw new IllegalArgumentException(NAME + ": bias shape " + Arrays.toString(bias.shape())
                    + " does not fit weight shape " + Arrays.toString(wShape) + " (needs [" + out + "])");
        }
        int batch = xShape.length == 2 ? xShape[0] : 1;
        float[] y = new float[batch * out];
        Kernels kernels = Kernels.current();
        kernels.gemm(false, true, batch, out, in, 1f, data(x), 0, ld(in), data(weight), 0, ld(in), 0f, y, 0, ld(out));
        if (bias != null) {
            kernels.addRowVector(batch, out, y, 0, data(bias), 0, y, 0);
        }
        int[] shape = xShape.length == 2 ? new int[] {batch, out} : new int[] {out};
        Node node = recording(x, weight, bias) ? new Affine(x, weight, bias, batch, in, out) : null;
        return result(y, shape, node);
    }

    @Override
    void backward(Kernels kernels, float[] gradOutput, Gradients gradients) {
        float[] dw = gradientOf(INPUT_W, gradients);
        if (dw != null) {
            kernels.gemm(true, false, out, in, batch, 1f, gradOutput, 0, ld(out), saved(SAVED_X), 0, ld(in),
                    1f, dw, 0, ld(in));
        }
        float[] db = gradientOf(INPUT_B, gradients);
        if (db != null) {
            kernels.columnSums(batch, out, gradOutput, 0, 1f, db, 0);
        }
        float[] dx = gradientOf(INPUT_X, gradients);
        if (dx != null) {
            kernels.gemm(false, false, batch, in, out, 1f, gradOutput, 0, ld(out), saved(SAVED_W), 0, ld(in),
                    1f, dx, 0, ld(in));
        }
    }
}
