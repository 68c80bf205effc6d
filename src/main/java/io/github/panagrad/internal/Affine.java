package io.github.panagrad.internal;

import io.github.panagrad.Tensor;
import io.github.panagrad.kernel.Kernels;

/**
 * The fused affine map of a linear layer, {@code y = x · Wᵀ + b}, as
 * {@code torch.nn.functional.linear}; behind {@code nn.Linear}, recorded as {@code LinearBackward}.
 *
 * <p>Shapes: {@code x [batch, in]} (or {@code [in]}, giving {@code [out]}), {@code W [out, in]},
 * {@code b [out]} or none, {@code y [batch, out]}.
 *
 * <p>Forward, as PyTorch's {@code addmm}: every row of {@code y} is first set to {@code b}
 * (copied, exact), then {@code y = x · Wᵀ + 1·y} (gemm with B transposed, {@code beta = 1});
 * without bias, gemm with {@code beta = 0}. Backward, each gradient accumulated straight into
 * its buffer (for parameters, their {@code .grad} storage), no temporaries:
 * <pre>
 * dW += dyᵀ · x           gemm(transA), beta = 1
 * db += Σ_rows dy         columnSums, beta = 1
 * dx += dy · W            gemm, beta = 1
 * </pre>
 * with beta = 0 instead on a gradient's first contribution (see {@link Node.Gradients}),
 * which writes it without reading (or zero-filling) the buffer first.
 * Bounded: forward within gemm's γ(in + 2)·(Σ_p |x_ip W_jp| + |b_j|). Saves {@code x} when
 * {@code W} needs a gradient and {@code W} when {@code x} does.
 */
public final class Affine extends Node {

    private static final String[] ARGUMENTS = {"input", "weight", "bias"};
    private static final int INPUT_X = 0;
    private static final int INPUT_W = 1;
    private static final int INPUT_B = 2;

    private final int batch;
    private final int in;
    private final int out;

    private Affine(Tensor x, Tensor weight, Tensor bias, int batch, int in, int out) {
        super(ARGUMENTS, new Tensor[] {x, weight, bias}, factorsSaved(x, weight), false);
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
        int[] xShape = shapeOf(Checks.notNull(ARGUMENTS[INPUT_X], x));
        checkParameters(weight, bias);
        int[] wShape = shapeOf(weight);
        int out = wShape[0];
        int in = wShape[1];
        Checks.shape(ARGUMENTS[INPUT_X], xShape, (xShape.length == 1 || xShape.length == 2)
                && xShape[xShape.length - 1] == in, "[batch, " + in + "] or [" + in + "]", ARGUMENTS[INPUT_W], wShape);
        int batch = xShape.length == 2 ? xShape[0] : 1;
        float[] y = outputStorage(batch * out);
        float beta = 0f;
        if (bias != null) {
            broadcastRows(batch, out, data(bias), y);
            beta = 1f;
        }
        Kernels.current().gemm(false, true, batch, out, in, 1f, data(x), 0, ld(in), data(weight), 0, ld(in),
                beta, y, 0, ld(out));
        int[] shape = xShape.length == 2 ? new int[] {batch, out} : new int[] {out};
        Node node = recording(x, weight, bias) ? new Affine(x, weight, bias, batch, in, out) : null;
        return result(y, shape, node);
    }

    /**
     * Checks the parameters of a linear map: {@code weight [out, in]} and {@code bias [out]} or none.
     *
     * @param weight the weight
     * @param bias the bias, or null
     * @throws IllegalArgumentException when {@code weight} is null or not rank 2, or {@code bias}
     *         is not {@code [out]} (naming both shapes)
     */
    public static void checkParameters(Tensor weight, Tensor bias) {
        int[] wShape = shapeOf(Checks.notNull(ARGUMENTS[INPUT_W], weight));
        Checks.shape(ARGUMENTS[INPUT_W], wShape, wShape.length == 2, "[out, in]");
        if (bias != null) {
            int[] bShape = shapeOf(bias);
            Checks.shape(ARGUMENTS[INPUT_B], bShape, bShape.length == 1 && bShape[0] == wShape[0],
                    "[" + wShape[0] + "]", ARGUMENTS[INPUT_W], wShape);
        }
    }

    /**
     * {@code y[i][j] = v[j]} for an {@code m × n} row-major {@code y}: {@code v} copied into
     * the first row, then the rows filled so far copied after them, doubling. Exact.
     */
    private static void broadcastRows(int m, int n, float[] v, float[] y) {
        int total = m * n;
        if (total == 0) {
            return;
        }
        System.arraycopy(v, 0, y, 0, n);
        for (int filled = n; filled < total; ) {
            int chunk = Math.min(filled, total - filled);
            System.arraycopy(y, 0, y, filled, chunk);
            filled += chunk;
        }
    }

    /** @return {@code LinearBackward}, after the layer users know it by */
    @Override
    public String name() {
        return "LinearBackward";
    }

    @Override
    void backward(Kernels kernels, float[] gradOutput, Gradients gradients) {
        productInto(kernels, gradients, INPUT_W, true, false, out, in, batch, gradOutput, ld(out), saved(INPUT_X),
                ld(in));
        Tensor bias = input(INPUT_B);
        if (bias != null) {
            float beta = gradients.prepare(bias);
            kernels.columnSums(batch, out, gradOutput, 0, beta, gradients.buffer(bias), 0);
        }
        productInto(kernels, gradients, INPUT_X, false, false, batch, in, out, gradOutput, ld(out), saved(INPUT_W),
                ld(in));
    }
}
