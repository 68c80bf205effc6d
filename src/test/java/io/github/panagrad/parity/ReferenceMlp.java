package io.github.panagrad.parity;

import java.util.ArrayList;
import java.util.List;

/**
 * The double-precision reference of a Linear/ReLU network with MSE loss, in which every
 * value carries the error radius that bounds any float32 computation of it
 * ({@link BoundedMatrix}). Parameters are given as bounded matrices too, so the radii of
 * parameters that an optimizer has already moved (and that the libraries hold only
 * approximately) flow into the next forward and backward pass.
 *
 * <p>Rounding counts r per element, each the one stated on the matching {@code Kernels}
 * method and covering PyTorch's kernels as well (any summation order, fused or not):
 * <ul>
 * <li>Linear forward {@code z = h·Wᵀ + b}: r = in + 2 (gemm with the bias as β·C);</li>
 * <li>MSE {@code (1/n)Σ(z − y)²}: r = n + 3 (the difference rounded once and squared, n fused square-adds, the division);</li>
 * <li>MSE gradient {@code (2/n)(z − y)}: r = 3 (the rounded constant 2/n, difference, product);</li>
 * <li>weight gradient {@code dzᵀ·h}: r = batch + 2; bias gradient {@code Σ_rows dz}: r = batch + 1;
 *     input gradient {@code dz·W}: r = out + 2.</li>
 * </ul>
 * ReLU rounds nothing and is 1-Lipschitz, so its output keeps its input's radius. Its
 * gradient mask {@code z > 0} is certain when {@code |z| > radius(z)}; otherwise a float
 * computation may take either branch and the radius becomes {@code |dy| + radius(dy)}.
 */
final class ReferenceMlp {

    private final List<LayerSpec> layers;

    /**
     * @param layers the network, first layer first
     */
    ReferenceMlp(List<LayerSpec> layers) {
        this.layers = List.copyOf(layers);
    }

    /**
     * What a forward pass keeps for the backward pass.
     *
     * @param layerInputs each layer's input, in layer order
     * @param output the network's output
     */
    record Pass(List<BoundedMatrix> layerInputs, BoundedMatrix output) {
    }

    /**
     * Gradients of the loss.
     *
     * @param parameters per Linear layer its weight gradient then its bias gradient
     * @param input the input gradient
     */
    record Gradients(List<BoundedMatrix> parameters, BoundedMatrix input) {
    }

    /**
     * @param parameters per Linear layer its weight ({@code out × in}) then its bias ({@code 1 × out})
     * @param x input, {@code batch × in}
     * @return the pass
     */
    Pass forward(List<BoundedMatrix> parameters, BoundedMatrix x) {
        List<BoundedMatrix> inputs = new ArrayList<>();
        BoundedMatrix h = x;
        int linear = 0;
        for (LayerSpec layer : layers) {
            inputs.add(h);
            if (layer.linear()) {
                BoundedMatrix w = parameters.get(2 * linear);
                BoundedMatrix b = parameters.get(2 * linear + 1);
                linear++;
                BoundedMatrix z = new BoundedMatrix(h.rows, w.rows);
                for (int i = 0; i < h.rows; i++) {
                    for (int j = 0; j < w.rows; j++) {
                        productSum(z, i * z.cols + j, h, i * h.cols, 1, w, j * w.cols, 1, h.cols, h.cols + 2L, b, j);
                    }
                }
                h = z;
            } else {
                BoundedMatrix y = new BoundedMatrix(h.rows, h.cols);
                for (int i = 0; i < h.size(); i++) {
                    y.value[i] = Math.max(h.value[i], 0.0);
                    y.error[i] = h.error[i];
                }
                h = y;
            }
        }
        return new Pass(inputs, h);
    }

    /**
     * @param prediction the network's output
     * @param target the targets, exact, same shape
     * @return the mean squared error as a {@code 1 × 1} matrix
     */
    static BoundedMatrix mse(BoundedMatrix prediction, BoundedMatrix target) {
        int n = prediction.size();
        double sum = 0;
        double magnitude = 0;
        double inherited = 0;
        for (int i = 0; i < n; i++) {
            double diff = Math.abs(prediction.value[i] - target.value[i]);
            double e = prediction.error[i];
            sum += diff * diff;
            magnitude += (diff + e) * (diff + e);
            inherited += e * (2 * diff + e); // |(d + δ)² − d²| ≤ δ(2|d| + δ)
        }
        BoundedMatrix loss = new BoundedMatrix(1, 1);
        loss.value[0] = sum / n;
        loss.error[0] = BoundedMatrix.gamma(n + 3L) * magnitude / n + inherited / n;
        return loss;
    }

    /**
     * Backward pass of {@code mse(forward(x), target)} with the incoming gradient 1.
     *
     * @param parameters the parameters the pass was run with
     * @param pass the forward pass
     * @param target the targets
     * @return every parameter gradient and the input gradient
     */
    Gradients backward(List<BoundedMatrix> parameters, Pass pass, BoundedMatrix target) {
        BoundedMatrix dy = mseBackward(pass.output(), target);
        BoundedMatrix[] grads = new BoundedMatrix[parameters.size()];
        int linear = parameters.size() / 2;
        for (int l = layers.size() - 1; l >= 0; l--) {
            BoundedMatrix in = pass.layerInputs().get(l);
            if (layers.get(l).linear()) {
                linear--;
                BoundedMatrix w = parameters.get(2 * linear);
                grads[2 * linear] = weightGradient(dy, in);
                grads[2 * linear + 1] = biasGradient(dy);
                dy = inputGradient(dy, w);
            } else {
                dy = reluBackward(in, dy);
            }
        }
        return new Gradients(List.of(grads), dy);
    }

    private static BoundedMatrix mseBackward(BoundedMatrix prediction, BoundedMatrix target) {
        int n = prediction.size();
        double scale = 2.0 / n;
        BoundedMatrix d = new BoundedMatrix(prediction.rows, prediction.cols);
        for (int i = 0; i < n; i++) {
            double diff = prediction.value[i] - target.value[i];
            d.value[i] = scale * diff;
            d.error[i] = BoundedMatrix.gamma(3) * scale * (Math.abs(diff) + prediction.error[i])
                    + scale * prediction.error[i];
        }
        return d;
    }

    private static BoundedMatrix reluBackward(BoundedMatrix z, BoundedMatrix dy) {
        BoundedMatrix dx = new BoundedMatrix(dy.rows, dy.cols);
        for (int i = 0; i < dy.size(); i++) {
            if (z.value[i] - z.error[i] > 0) {            // every float computation passes dy
                dx.value[i] = dy.value[i];
                dx.error[i] = dy.error[i];
            } else if (z.value[i] + z.error[i] > 0) {     // the mask may go either way
                dx.value[i] = z.value[i] > 0 ? dy.value[i] : 0.0;
                dx.error[i] = dy.magnitude(i);
            }                                             // else every computation gives 0
        }
        return dx;
    }

    /** dW[j][p] = Σ_i dy[i][j]·x[i][p]. */
    private static BoundedMatrix weightGradient(BoundedMatrix dy, BoundedMatrix x) {
        BoundedMatrix dw = new BoundedMatrix(dy.cols, x.cols);
        for (int j = 0; j < dy.cols; j++) {
            for (int p = 0; p < x.cols; p++) {
                productSum(dw, j * dw.cols + p, dy, j, dy.cols, x, p, x.cols, dy.rows, dy.rows + 2L, null, 0);
            }
        }
        return dw;
    }

    /** db[j] = Σ_i dy[i][j]. */
    private static BoundedMatrix biasGradient(BoundedMatrix dy) {
        BoundedMatrix db = new BoundedMatrix(1, dy.cols);
        for (int j = 0; j < dy.cols; j++) {
            productSum(db, j, dy, j, dy.cols, null, 0, 0, dy.rows, dy.rows + 1L, null, 0);
        }
        return db;
    }

    /** dx[i][p] = Σ_j dy[i][j]·W[j][p]. */
    private static BoundedMatrix inputGradient(BoundedMatrix dy, BoundedMatrix w) {
        BoundedMatrix dx = new BoundedMatrix(dy.rows, w.cols);
        for (int i = 0; i < dy.rows; i++) {
            for (int p = 0; p < w.cols; p++) {
                productSum(dx, i * dx.cols + p, dy, i * dy.cols, 1, w, p, w.cols, dy.cols, dy.cols + 2L, null, 0);
            }
        }
        return dx;
    }

    /**
     * Sets {@code out[o] = Σ_t a[aStart + t·aStride]·b[bStart + t·bStride] + c[cAt]} over
     * {@code t < k}, with radius {@code γ(r)·Σ|terms| + inherited}. The magnitudes of the
     * terms are taken at their largest ({@code |v| + radius}) and the inherited radius of a
     * product is {@code ea·|b| + |a|·eb + ea·eb}, both exact bounds.
     *
     * @param b second factors, or null for factors 1
     * @param c added term (the bias), or null for none
     */
    private static void productSum(BoundedMatrix out, int o, BoundedMatrix a, int aStart, int aStride,
                                   BoundedMatrix b, int bStart, int bStride, int k, long roundings,
                                   BoundedMatrix c, int cAt) {
        double sum = 0;
        double magnitude = 0;
        double inherited = 0;
        for (int t = 0; t < k; t++) {
            int ai = aStart + t * aStride;
            double av = a.value[ai];
            double ae = a.error[ai];
            double bv = 1.0;
            double be = 0.0;
            if (b != null) {
                int bi = bStart + t * bStride;
                bv = b.value[bi];
                be = b.error[bi];
            }
            sum += av * bv;
            magnitude += (Math.abs(av) + ae) * (Math.abs(bv) + be);
            inherited += ae * Math.abs(bv) + Math.abs(av) * be + ae * be;
        }
        if (c != null) {
            sum += c.value[cAt];
            magnitude += c.magnitude(cAt);
            inherited += c.error[cAt];
        }
        out.value[o] = sum;
        out.error[o] = BoundedMatrix.gamma(roundings) * magnitude + inherited;
    }
}
