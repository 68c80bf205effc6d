package io.github.panagrad.kernel;

import static org.junit.jupiter.api.Assertions.fail;

import java.util.Arrays;
import org.junit.jupiter.api.Test;

/**
 * ReLU and its gradient pinned to PyTorch 1.13 on its edge cases, on every backend.
 * The expected bits were read from {@code torch.relu} and from
 * {@code torch.ops.aten.threshold_backward(grad, x, 0)} (what autograd runs for relu) on
 * float32 tensors: −0 stays −0, NaN stays NaN, −Inf and every negative become +0; the
 * gradient is 0 at ±0 and below, and is passed through for NaN and positive x, even when
 * the incoming gradient is NaN. The pattern is tiled over long arrays at an offset, so
 * every value lands in every vector lane, in the body and in the tail.
 */
class ReluPyTorchParityTest {

    private static final float NAN = Float.NaN;
    private static final float INF = Float.POSITIVE_INFINITY;

    /** The inputs x. */
    private static final float[] X = {-0f, 0f, NAN, INF, -INF, -1f, -Float.MIN_VALUE, Float.MIN_VALUE, 1f};

    /** torch.relu(x), as raw bits (NaN: any NaN). */
    private static final int[] RELU_BITS = {0x8000_0000, 0x0000_0000, 0x7fc0_0000, 0x7f80_0000, 0x0000_0000,
        0x0000_0000, 0x0000_0000, 0x0000_0001, 0x3f80_0000};

    /** threshold_backward(2.0, x, 0). */
    private static final float[] GRAD_OF_TWO = {0f, 0f, 2f, 2f, 0f, 0f, 0f, 2f, 2f};

    /** threshold_backward(NaN, x, 0): zero where x <= 0, NaN where the gradient passes. */
    private static final float[] GRAD_OF_NAN = {0f, 0f, NAN, NAN, 0f, 0f, 0f, NAN, NAN};

    private static final int[] SIZES = {9, 16, 17, 63, 100, 1021, 4099};
    private static final int OFFSET = 5;

    @Test
    void reluMatchesTorchRelu() {
        for (Kernels kernels : Backends.all()) {
            for (int n : SIZES) {
                float[] x = tiled(X, n);
                float[] y = new float[n + 2 * OFFSET];
                kernels.relu(n, x, OFFSET, y, OFFSET);
                assertBits(kernels + " relu, n = " + n, x, RELU_BITS, y, n);
                kernels.relu(n, x, OFFSET, x, OFFSET);
                assertBits(kernels + " relu in place, n = " + n, tiled(X, n), RELU_BITS, x, n);
            }
        }
    }

    @Test
    void reluBackwardMatchesTorchThresholdBackward() {
        for (Kernels kernels : Backends.all()) {
            for (int n : SIZES) {
                float[] x = tiled(X, n);
                checkBackward(kernels, n, x, 2f, 0f, GRAD_OF_TWO);
                checkBackward(kernels, n, x, NAN, 0f, GRAD_OF_NAN);
            }
        }
    }

    /** The gradient is added to dx, as PyTorch accumulates into .grad. */
    @Test
    void reluBackwardAccumulatesIntoDx() {
        float[] accumulated = new float[X.length];
        for (int i = 0; i < X.length; i++) {
            accumulated[i] = 1.5f + GRAD_OF_TWO[i];
        }
        for (Kernels kernels : Backends.all()) {
            for (int n : SIZES) {
                checkBackward(kernels, n, tiled(X, n), 2f, 1.5f, accumulated);
            }
        }
    }

    private static void checkBackward(Kernels kernels, int n, float[] x, float gradient, float dxBefore, float[] expected) {
        float[] dy = new float[n + 2 * OFFSET];
        float[] dx = new float[n + 2 * OFFSET];
        Arrays.fill(dy, OFFSET, OFFSET + n, gradient);
        Arrays.fill(dx, OFFSET, OFFSET + n, dxBefore);
        kernels.reluBackward(n, x, OFFSET, dy, OFFSET, dx, OFFSET);
        int[] bits = new int[expected.length];
        for (int i = 0; i < bits.length; i++) {
            bits[i] = Float.floatToIntBits(expected[i]);
        }
        assertBits(kernels + " reluBackward with dy = " + gradient + ", dx = " + dxBefore + " before, n = " + n,
                x, bits, dx, n);
    }

    /** {@code pattern} repeated over n elements, starting at {@link #OFFSET} of a padded array. */
    private static float[] tiled(float[] pattern, int n) {
        float[] out = new float[n + 2 * OFFSET];
        for (int i = 0; i < n; i++) {
            out[OFFSET + i] = pattern[i % pattern.length];
        }
        return out;
    }

    private static void assertBits(String what, float[] x, int[] expectedBits, float[] actual, int n) {
        for (int i = 0; i < n; i++) {
            int expected = Float.floatToIntBits(Float.intBitsToFloat(expectedBits[i % expectedBits.length]));
            int got = Float.floatToIntBits(actual[OFFSET + i]);
            if (expected != got) {
                fail(String.format("%s: element %d, x = %s (0x%08x): expected 0x%08x (%s), got 0x%08x (%s)",
                        what, i, x[OFFSET + i], Float.floatToRawIntBits(x[OFFSET + i]), expected,
                        Float.intBitsToFloat(expected), got, actual[OFFSET + i]));
            }
        }
    }
}
