package io.github.panagrad.nn;

import io.github.panagrad.Tensor;
import org.junit.jupiter.api.Test;

import java.util.List;
import java.util.Random;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertSame;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

/** {@link Sequential} and {@link ReLU}: composition, parameters, and the layer contract. */
class SequentialTest {

    @Test
    void forwardAppliesTheLayersInOrder() {
        Linear first = new Linear(Tensor.of(new float[] {1, -1, 2, 0}, 2, 2), Tensor.of(new float[] {0, -5}, 2));
        Linear second = new Linear(Tensor.of(new float[] {1, 1}, 1, 2), Tensor.of(new float[] {0.5f}, 1));
        Sequential model = new Sequential(first, new ReLU(), second);
        Tensor x = Tensor.of(new float[] {3, 1, 1, 4}, 2, 2);
        // first: [3-1, 6-5] = [2, 1] and [1-4, 2-5] = [-3, -3]; relu: [2, 1], [0, 0]; second: 3.5, 0.5
        Tensor y = model.forward(x);
        assertArrayEquals(new int[] {2, 1}, y.shape());
        assertArrayEquals(new float[] {3.5f, 0.5f}, y.toArray());
        assertArrayEquals(second.forward(new ReLU().forward(first.forward(x))).toArray(), y.toArray());
    }

    @Test
    void gradientsReachEveryParameter() {
        Random random = new Random(3);
        Sequential model = new Sequential(new Linear(3, 4, random), new ReLU(), new Linear(4, 1, random));
        Tensor x = Tensor.of(new float[] {0.5f, -1, 2, 1, 1, -0.5f}, 2, 3);
        Loss.mse(model.forward(x), Tensor.zeros(2, 1)).backward();
        for (Tensor parameter : model.parameters()) {
            assertArrayEquals(parameter.shape(), parameter.grad().shape());
        }
    }

    @Test
    void parametersAreListedInLayerOrderAndOnce() {
        Linear shared = new Linear(2, 2, new Random(1));
        Linear other = new Linear(2, 2, new Random(2));
        Sequential model = new Sequential(shared, new ReLU(), other, shared);
        assertEquals(List.of(shared.weight(), shared.bias(), other.weight(), other.bias()), model.parameters());
        assertThrows(UnsupportedOperationException.class, () -> model.parameters().clear());
        assertEquals(4, model.layers().size());
    }

    @Test
    void emptySequentialIsTheIdentity() {
        Tensor x = Tensor.zeros(2);
        assertSame(x, new Sequential().forward(x));
        assertTrue(new Sequential().parameters().isEmpty());
    }

    @Test
    void reluLayerHasNoParameters() {
        ReLU relu = new ReLU();
        assertTrue(relu.parameters().isEmpty());
        assertArrayEquals(new float[] {0, 2}, relu.forward(Tensor.of(new float[] {-1, 2}, 2)).toArray());
        assertThrows(IllegalArgumentException.class, () -> relu.forward(null));
    }

    @Test
    void nullsAreRejected() {
        assertThrows(IllegalArgumentException.class, () -> new Sequential((Layer[]) null));
        Throwable error = assertThrows(IllegalArgumentException.class, () -> new Sequential(new ReLU(), null));
        assertTrue(error.getMessage().contains("layers[1]"), error.getMessage());
        assertThrows(IllegalArgumentException.class, () -> new Sequential(new ReLU()).forward(null));
    }
}
