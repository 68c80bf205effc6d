package io.github.panagrad.optim;

import io.github.panagrad.Tensor;
import io.github.panagrad.kernel.ErrorBound;
import org.junit.jupiter.api.Test;

import java.util.List;

import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * {@link SGD} against torch.optim.SGD's formulas worked by hand in double. The float result
 * may differ from the double one by the roundings of the update chain: each of the at most
 * {@code K} float operations in it (fma for weight decay, the momentum update, the Nesterov
 * term, the final fma) rounds once, so {@code |float − double| ≤ γ(K) · Σ|terms|}.
 */
class SGDTest {

    private static final float[] P = {1.0f, -2.0f, 0.5f};
    private static final float[] G1 = {0.25f, 1.5f, -3.0f};
    private static final float[] G2 = {-0.5f, 0.75f, 2.0f};

    /** Runs the optimizer for one step per gradient array and returns the parameter's values. */
    private static float[] run(java.util.function.Function<List<Tensor>, Optimizer> make, float[]... gradients) {
        Tensor p = Tensor.of(P, P.length).requiresGrad(true);
        Optimizer optimizer = make.apply(List.of(p));
        for (float[] g : gradients) {
            optimizer.zeroGrad();
            p.mul(Tensor.of(g, g.length)).sum().backward();
            optimizer.step();
        }
        return p.toArray();
    }

    static void assertClose(double[] expected, double[] absTerms, int roundings, float[] actual) {
        for (int i = 0; i < expected.length; i++) {
            double allowed = ErrorBound.allowed(roundings, absTerms[i]);
            int element = i;
            assertTrue(Math.abs(actual[i] - expected[i]) <= allowed,
                    () -> "element " + element + ": " + actual[element] + " vs " + expected[element] + " +- " + allowed);
        }
    }

    @Test
    void plainStep() {
        double lr = 0.1f;
        double[] expected = new double[3];
        double[] terms = new double[3];
        for (int i = 0; i < 3; i++) {
            expected[i] = P[i] - lr * G1[i];
            terms[i] = Math.abs(P[i]) + Math.abs(lr * G1[i]);
        }
        assertClose(expected, terms, 2, run(params -> new SGD(params, 0.1f), G1));
    }

    @Test
    void weightDecayAddsToTheGradient() {
        double lr = 0.1f;
        double wd = 0.01f;
        double[] expected = new double[3];
        double[] terms = new double[3];
        for (int i = 0; i < 3; i++) {
            expected[i] = P[i] - lr * (G1[i] + wd * P[i]);
            terms[i] = Math.abs(P[i]) + lr * (Math.abs(G1[i]) + wd * Math.abs(P[i]));
        }
        assertClose(expected, terms, 3, run(params -> new SGD(params, 0.1f, 0f, 0.01f, false), G1));
    }

    @Test
    void momentumWithDampeningOverTwoSteps() {
        double lr = 0.1f;
        double momentum = 0.9f;
        double dampening = 0.25f;
        double[] expected = new double[3];
        double[] terms = new double[3];
        for (int i = 0; i < 3; i++) {
            double buf1 = G1[i];                                     // first step: buf = d, undampened
            double p1 = P[i] - lr * buf1;
            double buf2 = momentum * buf1 + (1 - dampening) * G2[i];
            expected[i] = p1 - lr * buf2;
            terms[i] = Math.abs(P[i]) + lr * Math.abs(buf1)
                    + lr * (momentum * Math.abs(buf1) + (1 - dampening) * Math.abs(G2[i]));
        }
        assertClose(expected, terms, 6, run(params -> new SGD(params, 0.1f, 0.9f, 0.25f, 0f, false), G1, G2));
    }

    @Test
    void nesterovOverTwoStepsWithWeightDecay() {
        double lr = 0.05f;
        double momentum = 0.8f;
        double wd = 0.1f;
        double[] expected = new double[3];
        double[] terms = new double[3];
        for (int i = 0; i < 3; i++) {
            double d1 = G1[i] + wd * P[i];
            double buf1 = d1;
            double p1 = P[i] - lr * (d1 + momentum * buf1);
            double d2 = G2[i] + wd * p1;
            double buf2 = momentum * buf1 + d2;
            expected[i] = p1 - lr * (d2 + momentum * buf2);
            double absD1 = Math.abs(G1[i]) + wd * Math.abs(P[i]);
            double absP1 = Math.abs(P[i]) + lr * (1 + momentum) * absD1;
            double absD2 = Math.abs(G2[i]) + wd * absP1;
            terms[i] = absP1 + lr * (absD2 + momentum * (momentum * absD1 + absD2));
        }
        assertClose(expected, terms, 10, run(params -> new SGD(params, 0.05f, 0.8f, 0.1f, true), G1, G2));
    }

    @Test
    void hyperParametersAreCheckedAtConstruction() {
        List<Tensor> params = List.of(Tensor.zeros(1).requiresGrad(true));
        assertMessage(() -> new SGD(params, -0.1f), "lr = -0.1");
        assertMessage(() -> new SGD(params, Float.NaN), "lr = NaN");
        assertMessage(() -> new SGD(params, Float.POSITIVE_INFINITY), "lr = Infinity");
        assertMessage(() -> new SGD(params, 0.1f, -0.5f, 0f, false), "momentum = -0.5");
        assertMessage(() -> new SGD(params, 0.1f, 0f, -1f, false), "weightDecay = -1.0");
        assertMessage(() -> new SGD(params, 0.1f, 0.9f, -0.5f, 0f, false), "dampening = -0.5");
        assertMessage(() -> new SGD(params, 0.1f, 0f, 0f, true), "nesterov", "momentum = 0.0");
        assertMessage(() -> new SGD(params, 0.1f, 0.9f, 0.1f, 0f, true), "nesterov", "dampening = 0.1");
    }

    static void assertMessage(org.junit.jupiter.api.function.Executable constructor, String... parts) {
        Throwable error = assertThrows(IllegalArgumentException.class, constructor);
        for (String part : parts) {
            assertTrue(error.getMessage().contains(part), () -> "message '" + error.getMessage() + "' lacks '" + part + "'");
        }
    }
}
