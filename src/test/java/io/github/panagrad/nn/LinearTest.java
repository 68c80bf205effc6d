package io.github.panagrad.nn;

import io.github.panagrad.Tensor;
import org.junit.jupiter.api.Test;

import java.util.List;
import java.util.Random;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertSame;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

/** {@link Linear}: PyTorch's initialisation, wrapping, forward values and the fused backward. */
class LinearTest {

    @Test
    void defaultInitIsUniformWithinOneOverSqrtIn() {
        int in = 5;
        int out = 400;
        Linear layer = new Linear(in, out, new Random(7));
        double bound = 1 / Math.sqrt(in);
        float[] weight = layer.weight().toArray();
        float[] bias = layer.bias().toArray();
        assertArrayEquals(new int[] {out, in}, layer.weight().shape());
        assertArrayEquals(new int[] {out}, layer.bias().shape());
        assertWithinAndSpread(weight, bound);
        assertWithinAndSpread(bias, bound);
        assertTrue(layer.weight().requiresGrad() && layer.bias().requiresGrad());
        assertTrue(layer.weight().isLeaf() && layer.bias().isLeaf());
        assertNull(layer.weight().grad());
    }

    /** Every value in [-bound, bound]; the extremes reach past 0.9·bound on both sides and the mean is near 0. */
    private static void assertWithinAndSpread(float[] values, double bound) {
        double min = Double.MAX_VALUE;
        double max = -Double.MAX_VALUE;
        double sum = 0;
        for (float v : values) {
            assertTrue(Math.abs(v) <= (float) bound, () -> v + " outside +-" + bound);
            min = Math.min(min, v);
            max = Math.max(max, v);
            sum += v;
        }
        assertTrue(min < -0.9 * bound && max > 0.9 * bound, "min " + min + ", max " + max);
        // the mean of n uniforms has standard deviation bound / sqrt(3n); allow five of them
        assertTrue(Math.abs(sum / values.length) < 5 * bound / Math.sqrt(3.0 * values.length), "mean " + sum / values.length);
    }

    @Test
    void initDrawsWeightRowMajorThenBias() {
        Linear layer = new Linear(4, 2, new Random(11));
        Random replay = new Random(11);
        double bound = 0.5;
        float[] weight = layer.weight().toArray();
        for (float w : weight) {
            assertEquals((float) (bound * (2 * replay.nextDouble() - 1)), w);
        }
        for (float b : layer.bias().toArray()) {
            assertEquals((float) (bound * (2 * replay.nextDouble() - 1)), b);
        }
    }

    @Test
    void wrapsGivenTensorsAsParameters() {
        Tensor weight = Tensor.of(new float[] {1, 2, 3, 4, 5, 6}, 2, 3);
        Tensor bias = Tensor.of(new float[] {10, 20}, 2);
        Linear layer = new Linear(weight, bias);
        assertSame(weight, layer.weight());
        assertSame(bias, layer.bias());
        assertTrue(weight.requiresGrad() && bias.requiresGrad());
        assertEquals(List.of(weight, bias), layer.parameters());
        assertEquals(3, layer.inFeatures());
        assertEquals(2, layer.outFeatures());

        Linear noBias = new Linear(Tensor.of(new float[] {1, 2, 3, 4, 5, 6}, 2, 3), null);
        assertNull(noBias.bias());
        assertEquals(List.of(noBias.weight()), noBias.parameters());
    }

    @Test
    void forwardIsInputTimesWeightTransposedPlusBias() {
        Linear layer = new Linear(Tensor.of(new float[] {1, 2, 3, 4, 5, 6}, 2, 3), Tensor.of(new float[] {10, 20}, 2));
        Tensor x = Tensor.of(new float[] {1, 0, -1, 2, 1, 0}, 2, 3);
        Tensor y = layer.forward(x);
        assertArrayEquals(new int[] {2, 2}, y.shape());
        assertArrayEquals(new float[] {1 - 3 + 10, 4 - 6 + 20, 2 + 2 + 10, 8 + 5 + 20}, y.toArray());
        Tensor single = layer.forward(Tensor.of(new float[] {1, 0, -1}, 3));
        assertArrayEquals(new int[] {2}, single.shape());
        assertArrayEquals(new float[] {8, 18}, single.toArray());
        Linear noBias = new Linear(Tensor.of(new float[] {1, 2, 3, 4, 5, 6}, 2, 3), null);
        assertArrayEquals(new float[] {-2, -2, 4, 13}, noBias.forward(x).toArray());
    }

    @Test
    void backwardAccumulatesStraightIntoTheParameterGradients() {
        Linear layer = new Linear(Tensor.of(new float[] {1, 2, 3, 4, 5, 6}, 2, 3), Tensor.of(new float[] {10, 20}, 2));
        Tensor x = Tensor.of(new float[] {1, 0, -1, 2, 1, 0}, 2, 3).requiresGrad(true);
        Tensor dy = Tensor.of(new float[] {1, 2, 3, 4}, 2, 2);
        layer.forward(x).backward(dy);
        // dW = dyᵀ · x, db = column sums of dy, dx = dy · W
        float[] expectedDw = {1 + 6, 3, -1, 2 + 8, 4, -2};
        assertArrayEquals(expectedDw, layer.weight().grad().toArray());
        assertArrayEquals(new float[] {4, 6}, layer.bias().grad().toArray());
        assertArrayEquals(new float[] {1 + 8, 2 + 10, 3 + 12, 3 + 16, 6 + 20, 9 + 24}, x.grad().toArray());

        Tensor weightGrad = layer.weight().grad();
        Tensor biasGrad = layer.bias().grad();
        layer.forward(x).backward(dy);
        assertSame(weightGrad, layer.weight().grad());
        assertSame(biasGrad, layer.bias().grad());
        assertArrayEquals(new float[] {14, 6, -2, 20, 8, -4}, weightGrad.toArray());
        assertArrayEquals(new float[] {8, 12}, biasGrad.toArray());
    }

    @Test
    void inputWithoutGradGetsNone() {
        Linear layer = new Linear(3, 2, new Random(1));
        Tensor x = Tensor.of(new float[] {1, 2, 3}, 1, 3);
        layer.forward(x).sum().backward();
        assertNull(x.grad());
        assertArrayEquals(new float[] {1, 2, 3, 1, 2, 3}, layer.weight().grad().toArray());
        assertArrayEquals(new float[] {1, 1}, layer.bias().grad().toArray());
    }

    @Test
    void badArgumentsAreNamed() {
        assertMessage(assertThrows(IllegalArgumentException.class, () -> new Linear(0, 2, new Random())), "in = 0");
        assertMessage(assertThrows(IllegalArgumentException.class, () -> new Linear(2, -1, new Random())), "out = -1");
        assertMessage(assertThrows(IllegalArgumentException.class, () -> new Linear(2, 2, null)), "rng");
        assertMessage(assertThrows(IllegalArgumentException.class, () -> new Linear(null, null)), "weight");
        assertMessage(assertThrows(IllegalArgumentException.class, () -> new Linear(Tensor.zeros(3), null)), "[3]");
        assertMessage(assertThrows(IllegalArgumentException.class,
                () -> new Linear(Tensor.zeros(2, 3), Tensor.zeros(3))), "[3]", "[2, 3]");
        Tensor computed = Tensor.zeros(2, 3).requiresGrad(true).relu();
        assertMessage(assertThrows(IllegalArgumentException.class, () -> new Linear(computed, null)), "leaf");

        Linear layer = new Linear(3, 2, new Random(1));
        assertMessage(assertThrows(IllegalArgumentException.class, () -> layer.forward(Tensor.zeros(4, 2))),
                "[4, 2]", "[2, 3]");
        assertMessage(assertThrows(IllegalArgumentException.class, () -> layer.forward(null)), "input");
    }

    static void assertMessage(Throwable error, String... parts) {
        for (String part : parts) {
            assertTrue(error.getMessage().contains(part), () -> "message '" + error.getMessage() + "' lacks '" + part + "'");
        }
    }
}
