package io.github.panagrad.hardening;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.github.panagrad.Tensor;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.function.Executable;

/**
 * Bad input to {@link Tensor}: each mistake gives the documented exception with a message
 * naming the offending value or both shapes, and changes nothing it was given.
 */
class TensorBadInputTest {

    private static void assertRejected(Class<? extends RuntimeException> type, Executable call, String... named) {
        RuntimeException e = assertThrows(type, call);
        for (String text : named) {
            assertTrue(e.getMessage() != null && e.getMessage().contains(text),
                    "message '" + e.getMessage() + "' does not name '" + text + "'");
        }
    }

    @Test
    void creationRejectsNullNegativeMismatchedAndOversizedShapes() {
        assertRejected(IllegalArgumentException.class, () -> Tensor.of(null, 2), "data");
        assertRejected(IllegalArgumentException.class, () -> Tensor.of(new float[2], (int[]) null), "shape");
        assertRejected(IllegalArgumentException.class, () -> Tensor.of(new float[6], 2, -3), "shape[1] = -3");
        assertRejected(IllegalArgumentException.class, () -> Tensor.of(new float[5], 2, 3), "data.length = 5", "[2, 3]");
        assertRejected(IllegalArgumentException.class, () -> Tensor.zeros(65536, 65536), "[65536, 65536]");
        assertRejected(IllegalArgumentException.class, () -> Tensor.zeros(-1), "-1");
    }

    @Test
    void aTensorOwnsItsDataAndHandsOutCopies() {
        float[] data = {1, 2, 3, 4};
        int[] shape = {2, 2};
        Tensor t = Tensor.of(data, shape);
        data[0] = 99;
        shape[0] = 4;
        t.toArray()[1] = 99;
        t.shape()[1] = 7;
        assertArrayEquals(new float[] {1, 2, 3, 4}, t.toArray());
        assertArrayEquals(new int[] {2, 2}, t.shape());
    }

    @Test
    void operationsRejectNullOperandsAndShapesThatDoNotFitNamingBoth() {
        Tensor m23 = Tensor.zeros(2, 3);
        Tensor m22 = Tensor.zeros(2, 2);
        assertRejected(IllegalArgumentException.class, () -> m23.add(null), "null");
        assertRejected(IllegalArgumentException.class, () -> m23.mul(null), "null");
        assertRejected(IllegalArgumentException.class, () -> m23.matmul(null), "null");
        assertRejected(IllegalArgumentException.class, () -> m23.matmul(m22), "[2, 3]", "[2, 2]");
        assertRejected(IllegalArgumentException.class, () -> m23.matmul(Tensor.zeros(3)), "[3]");
        assertRejected(IllegalArgumentException.class, () -> m23.sub(m22), "[2, 3]", "[2, 2]");
        assertRejected(IllegalArgumentException.class, () -> m23.add(Tensor.zeros(2)), "[2, 3]", "[2]");
        assertRejected(IllegalArgumentException.class, () -> m23.add(Tensor.zeros(2, 1)), "[2, 3]", "[2, 1]");
        assertRejected(IllegalArgumentException.class, () -> Tensor.zeros(3).t(), "[3]");
    }

    @Test
    void misuseOfTheAutogradStateIsAnIllegalStateNamingTheCause() {
        Tensor x = Tensor.of(new float[] {1, -2, 3}, 3).requiresGrad(true);
        Tensor y = x.relu();
        assertRejected(IllegalStateException.class, () -> y.requiresGrad(false), "leaf");
        assertRejected(IllegalStateException.class, y::backward, "[3]");
        assertRejected(IllegalStateException.class, () -> Tensor.zeros(2).sum().backward(), "require");
        assertRejected(IllegalStateException.class, y::item, "[3]");
        assertNull(x.grad(), "a rejected backward computed a gradient");
    }

    @Test
    void aGradientOfTheWrongShapeIsRejectedNamingBothAndComputesNothing() {
        Tensor x = Tensor.of(new float[] {1, 2, 3, 4, 5, 6}, 2, 3).requiresGrad(true);
        Tensor y = x.mul(x);
        assertRejected(IllegalArgumentException.class, () -> y.backward(Tensor.zeros(3, 2)), "[3, 2]", "[2, 3]");
        assertNull(x.grad());
        y.backward(Tensor.of(new float[] {1, 1, 1, 1, 1, 1}, 2, 3));
        assertArrayEquals(new float[] {2, 4, 6, 8, 10, 12}, x.grad().toArray(), "the graph survived the rejected call");
    }

    @Test
    void aSecondBackwardThroughAFreedGraphFailsBeforeChangingAnyGradient() {
        Tensor w = Tensor.of(new float[] {0.5f, -1f, 2f, 0.25f}, 2, 2).requiresGrad(true);
        Tensor b = Tensor.of(new float[] {1f, -1f}, 2).requiresGrad(true);
        Tensor x = Tensor.of(new float[] {1, 2, 3, 4, 5, 6}, 3, 2);
        Tensor loss = x.matmul(w).add(b).relu().mean();
        loss.backward();
        float[] wGrad = w.grad().toArray();
        float[] bGrad = b.grad().toArray();
        assertRejected(IllegalStateException.class, loss::backward, "second time", "retainGraph");
        assertArrayEquals(wGrad, w.grad().toArray());
        assertArrayEquals(bGrad, b.grad().toArray());
    }

    @Test
    void operationsNeverModifyTheirOperands() {
        float[] a = {1, -2, 3, -4, 5, -6};
        float[] v = {0.5f, -0.5f, 2f};
        Tensor ta = Tensor.of(a, 2, 3).requiresGrad(true);
        Tensor tv = Tensor.of(v, 3).requiresGrad(true);
        Tensor out = ta.add(tv).mul(ta).sub(ta).relu().matmul(ta.t()).sum();
        out.backward();
        assertArrayEquals(a, ta.toArray());
        assertArrayEquals(v, tv.toArray());
        assertEquals(3, tv.grad().numel());
    }
}
