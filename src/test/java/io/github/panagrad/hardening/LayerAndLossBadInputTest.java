package io.github.panagrad.hardening;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.github.panagrad.Tensor;
import io.github.panagrad.nn.Layer;
import io.github.panagrad.nn.Linear;
import io.github.panagrad.nn.Loss;
import io.github.panagrad.nn.ReLU;
import io.github.panagrad.nn.Sequential;

import java.util.Random;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.function.Executable;

/** Bad input to nn: clear {@link IllegalArgumentException}s naming the values or shapes, and no half-built or half-changed state. */
class LayerAndLossBadInputTest {

    private static void assertRejected(Executable call, String... named) {
        IllegalArgumentException e = assertThrows(IllegalArgumentException.class, call);
        for (String text : named) {
            assertTrue(e.getMessage().contains(text), "message '" + e.getMessage() + "' does not name '" + text + "'");
        }
    }

    @Test
    void linearRejectsBadSizesAndAMissingRandomSource() {
        assertRejected(() -> new Linear(0, 3, new Random(1)), "in = 0");
        assertRejected(() -> new Linear(3, -1, new Random(1)), "out = -1");
        assertRejected(() -> new Linear(3, 2, null), "rng");
        assertRejected(() -> new Linear(65536, 65536, new Random(1)), "65536");
    }

    @Test
    void linearAroundGivenTensorsChecksThemBeforeMarkingAny() {
        Tensor weight = Tensor.zeros(2, 3);
        assertRejected(() -> new Linear(null, null), "weight");
        assertRejected(() -> new Linear(Tensor.zeros(3), null), "[3]");
        assertRejected(() -> new Linear(weight, Tensor.zeros(3)), "[3]", "[2, 3]");
        Tensor leaf = Tensor.zeros(2).requiresGrad(true);
        Tensor computed = leaf.add(leaf);
        assertRejected(() -> new Linear(weight, computed), "bias", "leaf");
        assertFalse(weight.requiresGrad(), "a rejected Linear marked its weight");
    }

    @Test
    void forwardRejectsInputsThatDoNotFitNamingInputAndWeightShapes() {
        Linear linear = new Linear(3, 2, new Random(1));
        assertRejected(() -> linear.forward(null), "input");
        assertRejected(() -> linear.forward(Tensor.zeros(4, 2)), "[4, 2]", "[2, 3]");
        assertRejected(() -> linear.forward(Tensor.zeros(2, 4, 3)), "[2, 4, 3]", "[2, 3]");
        assertRejected(() -> linear.forward(Tensor.scalar(1f)), "[]", "[2, 3]");
        Layer model = new Sequential(linear, new ReLU(), new Linear(5, 1, new Random(2)));
        assertRejected(() -> model.forward(Tensor.zeros(4, 3)), "[4, 2]", "[1, 5]");
        assertRejected(() -> new Sequential(linear, null), "layers[1]");
        assertRejected(() -> model.forward(null), "input");
    }

    @Test
    void mseRejectsNullDifferentShapesAndEmptyTensors() {
        assertRejected(() -> Loss.mse(null, Tensor.zeros(2)), "prediction");
        assertRejected(() -> Loss.mse(Tensor.zeros(2), null), "target");
        assertRejected(() -> Loss.mse(Tensor.zeros(4, 1), Tensor.zeros(4)), "[4, 1]", "[4]");
        assertRejected(() -> Loss.mse(Tensor.zeros(0, 3), Tensor.zeros(0, 3)), "[0, 3]");
    }

    @Test
    void aRejectedForwardLeavesTheParametersAsTheyWere() {
        Linear linear = new Linear(3, 2, new Random(3));
        float[] weight = linear.weight().toArray();
        float[] bias = linear.bias().toArray();
        assertRejected(() -> linear.forward(Tensor.zeros(5, 4)), "[5, 4]");
        assertArrayEquals(weight, linear.weight().toArray());
        assertArrayEquals(bias, linear.bias().toArray());
    }
}
