package io.github.panagrad.optim;

import io.github.panagrad.Tensor;
import org.junit.jupiter.api.Test;

import java.util.List;

import static io.github.panagrad.optim.SGDTest.assertClose;
import static io.github.panagrad.optim.SGDTest.assertMessage;

/**
 * {@link Adam} against torch.optim.Adam's formulas worked by hand in double, with the
 * hyper-parameters taken at their float values. The float chain for one step has at most 12
 * roundings on any path (weight decay 1, the moment updates 2 and 4, the bias corrections 1
 * each, square root 1, two divisions, the eps addition, the step product and the final
 * addition), so each step is checked with {@code γ(12 · steps)} times the sum of the absolute
 * terms: {@code |p| + Σ |update|}.
 */
class AdamTest {

    private static final float[] P = {1.0f, -2.0f, 0.5f};
    private static final float[] G1 = {0.25f, 1.5f, -3.0f};
    private static final float[] G2 = {-0.5f, 0.75f, 2.0f};
    private static final int ROUNDINGS_PER_STEP = 12;

    private static float[] run(float lr, float beta1, float beta2, float eps, float wd, float[]... gradients) {
        Tensor p = Tensor.of(P, P.length).requiresGrad(true);
        Optimizer optimizer = new Adam(List.of(p), lr, beta1, beta2, eps, wd);
        for (float[] g : gradients) {
            optimizer.zeroGrad();
            p.mul(Tensor.of(g, g.length)).sum().backward();
            optimizer.step();
        }
        return p.toArray();
    }

    /** torch.optim.Adam's update in double, for the given steps; returns {expected, Σ|terms|}. */
    private static double[][] expected(double lr, double beta1, double beta2, double eps, double wd, float[]... gradients) {
        double[] p = new double[P.length];
        double[] terms = new double[P.length];
        for (int i = 0; i < P.length; i++) {
            p[i] = P[i];
            terms[i] = Math.abs(P[i]);
            double m = 0;
            double v = 0;
            for (int t = 1; t <= gradients.length; t++) {
                double d = gradients[t - 1][i] + wd * p[i];
                m = beta1 * m + (1 - beta1) * d;
                v = beta2 * v + (1 - beta2) * d * d;
                double mHat = m / (1 - Math.pow(beta1, t));
                double vHat = v / (1 - Math.pow(beta2, t));
                double update = lr * mHat / (Math.sqrt(vHat) + eps);
                p[i] -= update;
                terms[i] += Math.abs(update);
            }
        }
        return new double[][] {p, terms};
    }

    @Test
    void firstStepMovesEachElementByAboutTheLearningRate() {
        double[][] e = expected(0.1f, 0.9f, 0.999f, 1e-8f, 0f, G1);
        assertClose(e[0], e[1], ROUNDINGS_PER_STEP, run(0.1f, 0.9f, 0.999f, 1e-8f, 0f, G1));
        // hand check of the formula itself: after one step mHat = g and vHat = g², so p -= lr·g/(|g| + eps)
        assertClose(new double[] {1.0 - 0.1f * 0.25 / (0.25 + 1e-8f), -2.0 - 0.1f * 1.5 / (1.5 + 1e-8f),
                0.5 + 0.1f * 3.0 / (3.0 + 1e-8f)}, e[1], ROUNDINGS_PER_STEP, run(0.1f, 0.9f, 0.999f, 1e-8f, 0f, G1));
    }

    @Test
    void twoStepsWithCoupledWeightDecay() {
        double[][] e = expected(0.01f, 0.8f, 0.95f, 1e-3f, 0.1f, G1, G2);
        assertClose(e[0], e[1], 2 * ROUNDINGS_PER_STEP, run(0.01f, 0.8f, 0.95f, 1e-3f, 0.1f, G1, G2));
    }

    @Test
    void stepsAreCountedPerParameterThatHadAGradient() {
        Tensor early = Tensor.of(P, P.length).requiresGrad(true);
        Tensor late = Tensor.of(P, P.length).requiresGrad(true);
        Optimizer optimizer = new Adam(List.of(early, late), 0.1f);
        early.mul(Tensor.of(G1, 3)).sum().backward();
        optimizer.step();
        optimizer.zeroGrad();
        late.mul(Tensor.of(G1, 3)).sum().backward();
        optimizer.step();
        // late's first step uses the step-1 bias corrections, so it matches early's first step
        double[][] e = expected(0.1f, 0.9f, 0.999f, 1e-8f, 0f, G1);
        assertClose(e[0], e[1], ROUNDINGS_PER_STEP, late.toArray());
        assertClose(e[0], e[1], ROUNDINGS_PER_STEP, early.toArray());
    }

    @Test
    void hyperParametersAreCheckedAtConstruction() {
        List<Tensor> params = List.of(Tensor.zeros(1).requiresGrad(true));
        assertMessage(() -> new Adam(params, -1f), "lr = -1.0");
        assertMessage(() -> new Adam(params, 0.1f, 1f, 0.999f, 1e-8f, 0f), "beta1 = 1.0");
        assertMessage(() -> new Adam(params, 0.1f, 0.9f, -0.1f, 1e-8f, 0f), "beta2 = -0.1");
        assertMessage(() -> new Adam(params, 0.1f, 0.9f, Float.NaN, 1e-8f, 0f), "beta2 = NaN");
        assertMessage(() -> new Adam(params, 0.1f, 0.9f, 0.999f, -1e-8f, 0f), "eps = -1.0E-8");
        assertMessage(() -> new Adam(params, 0.1f, 0.9f, 0.999f, 1e-8f, -0.5f), "weightDecay = -0.5");
    }
}
