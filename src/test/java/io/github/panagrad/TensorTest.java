package io.github.panagrad;

import org.junit.jupiter.api.Test;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNotSame;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertSame;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

/** Creation, value access, argument validation and shape rules of {@link Tensor}. */
class TensorTest {

    @Test
    void ofCopiesTheDataAndKeepsTheShape() {
        float[] data = {1, 2, 3, 4, 5, 6};
        Tensor x = Tensor.of(data, 2, 3);
        data[0] = 99;
        assertArrayEquals(new int[] {2, 3}, x.shape());
        assertArrayEquals(new float[] {1, 2, 3, 4, 5, 6}, x.toArray());
        assertEquals(2, x.dim());
        assertEquals(6, x.numel());
        assertTrue(x.isLeaf());
        assertFalse(x.requiresGrad());
        assertNull(x.grad());
    }

    @Test
    void accessorsReturnCopies() {
        Tensor x = Tensor.of(new float[] {1, 2}, 2);
        x.toArray()[0] = 42;
        x.shape()[0] = 7;
        assertArrayEquals(new float[] {1, 2}, x.toArray());
        assertArrayEquals(new int[] {2}, x.shape());
    }

    @Test
    void ranksZeroToTwoAndEmptyTensors() {
        assertArrayEquals(new int[0], Tensor.of(new float[] {5}).shape());
        assertArrayEquals(new int[0], Tensor.scalar(3f).shape());
        assertEquals(3f, Tensor.scalar(3f).item());
        assertArrayEquals(new float[4], Tensor.zeros(4).toArray());
        assertArrayEquals(new float[6], Tensor.zeros(3, 2).toArray());
        assertEquals(1, Tensor.zeros().numel());
        assertEquals(0, Tensor.zeros(0, 5).numel());
        assertEquals(0f, Tensor.zeros(0, 5).sum().item());
    }

    @Test
    void badConstructionArgumentsAreNamed() {
        assertMessage(assertThrows(IllegalArgumentException.class, () -> Tensor.of(null, 2)), "data");
        assertMessage(assertThrows(IllegalArgumentException.class, () -> Tensor.of(new float[2], (int[]) null)),
                "shape");
        assertMessage(assertThrows(IllegalArgumentException.class, () -> Tensor.of(new float[3], 2, 2)),
                "data.length = 3", "must be 4", "[2, 2]");
        assertMessage(assertThrows(IllegalArgumentException.class, () -> Tensor.of(new float[3], 3, -1)),
                "shape[1] = -1", "must be >= 0");
        assertMessage(assertThrows(IllegalArgumentException.class, () -> Tensor.zeros(-2)), "shape[0] = -2");
        assertMessage(assertThrows(IllegalArgumentException.class, () -> Tensor.zeros(1 << 16, 1 << 16)),
                "[65536, 65536]");
        assertMessage(assertThrows(IllegalArgumentException.class, () -> Tensor.of(new float[] {1, 2, 3})),
                "data.length = 3", "[]");
    }

    @Test
    void itemNeedsExactlyOneElement() {
        assertEquals(7f, Tensor.of(new float[] {7}, 1, 1).item());
        assertMessage(assertThrows(IllegalStateException.class, () -> Tensor.zeros(2).item()), "[2]", "2 elements");
        assertMessage(assertThrows(IllegalStateException.class, () -> Tensor.zeros(0).item()), "[0]");
    }

    @Test
    void shapeMismatchesNameBothShapes() {
        Tensor a = Tensor.zeros(2, 3);
        Tensor b = Tensor.zeros(3, 2);
        assertMessage(assertThrows(IllegalArgumentException.class, () -> a.add(b)), "[2, 3]", "[3, 2]");
        assertMessage(assertThrows(IllegalArgumentException.class, () -> a.sub(b)), "[2, 3]", "[3, 2]");
        assertMessage(assertThrows(IllegalArgumentException.class, () -> a.mul(b)), "[2, 3]", "[3, 2]");
        assertMessage(assertThrows(IllegalArgumentException.class, () -> a.matmul(a)), "[2, 3]", "[2, 3]");
        assertMessage(assertThrows(IllegalArgumentException.class, () -> a.add(Tensor.zeros(2))), "[2, 3]", "[2]");
        assertMessage(assertThrows(IllegalArgumentException.class, () -> a.add(Tensor.zeros(2, 1))),
                "[2, 3]", "[2, 1]");
        assertMessage(assertThrows(IllegalArgumentException.class, () -> Tensor.zeros(3).matmul(a)), "[3]", "[2, 3]");
        assertMessage(assertThrows(IllegalArgumentException.class, () -> Tensor.zeros(3).t()), "[3]");
    }

    @Test
    void nullOperandsAreNamed() {
        Tensor a = Tensor.zeros(2);
        assertMessage(assertThrows(IllegalArgumentException.class, () -> a.add(null)), "other");
        assertMessage(assertThrows(IllegalArgumentException.class, () -> a.sub(null)), "other");
        assertMessage(assertThrows(IllegalArgumentException.class, () -> a.mul(null)), "other");
        assertMessage(assertThrows(IllegalArgumentException.class, () -> a.matmul(null)), "other");
    }

    @Test
    void forwardValues() {
        Tensor a = Tensor.of(new float[] {1, -2, 3, -4, 5, -6}, 2, 3);
        Tensor b = Tensor.of(new float[] {1, 0, 0, 1, 1, 1}, 3, 2);
        assertArrayEquals(new float[] {4, 1, -10, -1}, a.matmul(b).toArray());
        assertArrayEquals(new int[] {2, 2}, a.matmul(b).shape());
        assertArrayEquals(new float[] {1, -4, -2, 5, 3, -6}, a.t().toArray());
        assertArrayEquals(new int[] {3, 2}, a.t().shape());
        assertArrayEquals(new float[] {2, -4, 6, -8, 10, -12}, a.add(a).toArray());
        assertArrayEquals(new float[6], a.sub(a).toArray());
        assertArrayEquals(new float[] {1, 4, 9, 16, 25, 36}, a.mul(a).toArray());
        assertArrayEquals(new float[] {1, 0, 3, 0, 5, 0}, a.relu().toArray());
        assertEquals(-3f, a.sum().item());
        assertEquals(-0.5f, a.mean().item());
        Tensor row = Tensor.of(new float[] {10, 20, 30}, 3);
        assertArrayEquals(new float[] {11, 18, 33, 6, 25, 24}, a.add(row).toArray());
        assertArrayEquals(new float[] {11, 18, 33, 6, 25, 24}, row.add(a).toArray());
        assertArrayEquals(new float[] {11, 18, 33, 6, 25, 24}, a.add(Tensor.of(new float[] {10, 20, 30}, 1, 3)).toArray());
        assertArrayEquals(new int[] {2, 3}, row.add(a).shape());
    }

    @Test
    void meanOfEmptyIsNaNAsInPyTorch() {
        assertTrue(Float.isNaN(Tensor.zeros(0).mean().item()));
    }

    @Test
    void operationsDoNotModifyTheirInputs() {
        float[] values = {-1, 2, -3, 4};
        Tensor a = Tensor.of(values, 2, 2);
        Tensor b = Tensor.of(values, 2, 2);
        a.add(b);
        a.sub(b);
        a.mul(b);
        a.matmul(b);
        a.t();
        a.relu();
        a.sum();
        a.mean();
        assertArrayEquals(values, a.toArray());
        assertArrayEquals(values, b.toArray());
    }

    @Test
    void requiresGradOnlyOnLeaves() {
        Tensor x = Tensor.zeros(2);
        assertSame(x, x.requiresGrad(true));
        assertTrue(x.requiresGrad());
        Tensor y = x.relu();
        assertFalse(y.isLeaf());
        assertMessage(assertThrows(IllegalStateException.class, () -> y.requiresGrad(false)), "leaf", "ReluBackward");
        assertMessage(assertThrows(IllegalStateException.class, () -> y.requiresGrad(true)), "leaf");
        assertSame(x, x.requiresGrad(false));
        assertFalse(x.requiresGrad());
    }

    @Test
    void detachSharesValuesButNotTheGraph() {
        Tensor x = Tensor.of(new float[] {1, 2}, 2).requiresGrad(true);
        Tensor y = x.mul(x);
        Tensor d = y.detach();
        assertTrue(d.isLeaf());
        assertFalse(d.requiresGrad());
        assertNull(d.gradFn());
        assertArrayEquals(y.toArray(), d.toArray());
        assertNotSame(y, d);
        assertTrue(d.relu().isLeaf());
    }

    @Test
    void toStringShowsShapeValuesAndGradFn() {
        Tensor x = Tensor.of(new float[] {1, 2}, 2).requiresGrad(true);
        assertEquals("Tensor(shape=[2], data=[1.0, 2.0], requiresGrad=true)", x.toString());
        assertEquals("Tensor(shape=[], data=[3.0], gradFn=SumBackward)", x.sum().toString());
        assertTrue(Tensor.zeros(20).toString().endsWith("0.0, ...])"));
    }

    static void assertMessage(Throwable error, String... parts) {
        for (String part : parts) {
            assertTrue(error.getMessage().contains(part), () -> "message '" + error.getMessage() + "' lacks '" + part + "'");
        }
    }
}
