package io.github.panagrad.nn;

import io.github.panagrad.Tensor;
import io.github.panagrad.autograd.NoGradScope;
import org.junit.jupiter.api.Test;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

/** {@link Loss#mse}: mean reduction, gradient, and argument checks. */
class LossTest {

    @Test
    void mseIsTheMeanOverAllElements() {
        Tensor p = Tensor.of(new float[] {1, 2, 3, 4}, 2, 2);
        Tensor t = Tensor.of(new float[] {1, 0, 0, 4}, 2, 2);
        Tensor loss = Loss.mse(p, t);
        assertArrayEquals(new int[0], loss.shape());
        assertEquals((4f + 9f) / 4, loss.item());
    }

    @Test
    void mseGradientIsTwoOverNTimesTheDifference() {
        Tensor p = Tensor.of(new float[] {1, 2, 3, 4}, 4, 1).requiresGrad(true);
        Tensor t = Tensor.of(new float[] {1, 0, 0, 8}, 4, 1);
        Loss.mse(p, t).backward();
        assertArrayEquals(new float[] {0, 1, 1.5f, -2}, p.grad().toArray());
        assertNull(t.grad());
        Loss.mse(p, t).backward(Tensor.scalar(2f));
        assertArrayEquals(new float[] {0, 3, 4.5f, -6}, p.grad().toArray(), "gradient of the loss scales, and accumulates");
    }

    @Test
    @SuppressWarnings("try") // the scope is opened for its effect on this thread
    void underNoGradTheLossRecordsNothing() {
        Tensor p = Tensor.of(new float[] {1, 2}, 2).requiresGrad(true);
        try (NoGradScope scope = Tensor.noGrad()) {
            Tensor loss = Loss.mse(p, Tensor.zeros(2));
            assertFalse(loss.requiresGrad());
            assertEquals(2.5f, loss.item());
        }
        assertTrue(Loss.mse(p, Tensor.zeros(2)).requiresGrad());
    }

    @Test
    void badArgumentsAreNamed() {
        Throwable mismatch = assertThrows(IllegalArgumentException.class, () -> Loss.mse(Tensor.zeros(4, 1), Tensor.zeros(4)));
        assertTrue(mismatch.getMessage().contains("[4, 1]") && mismatch.getMessage().contains("[4]"), mismatch.getMessage());
        Throwable empty = assertThrows(IllegalArgumentException.class, () -> Loss.mse(Tensor.zeros(0), Tensor.zeros(0)));
        assertTrue(empty.getMessage().contains("[0]"), empty.getMessage());
        assertTrue(assertThrows(IllegalArgumentException.class, () -> Loss.mse(null, Tensor.zeros(1)))
                .getMessage().contains("prediction"));
        assertTrue(assertThrows(IllegalArgumentException.class, () -> Loss.mse(Tensor.zeros(1), null))
                .getMessage().contains("target"));
    }
}
