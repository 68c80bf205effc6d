package io.github.panagrad.internal;

import io.github.panagrad.Tensor;
import io.github.panagrad.nn.Linear;
import io.github.panagrad.optim.Optimizer;
import io.github.panagrad.optim.SGD;
import org.junit.jupiter.api.Test;

import java.util.Arrays;
import java.util.Collections;
import java.util.IdentityHashMap;
import java.util.List;
import java.util.Set;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertSame;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * Storage that the library reuses: activations handed over with {@link TensorAccess#recycle},
 * which go back to the pool once and count as changed in place, and gradients that
 * {@code grad()} never returned, which the next backward writes again.
 */
class StorageReuseTest {

    private static final TensorAccess ACCESS = TensorAccess.access();

    private static Tensor ones(int length) {
        float[] values = new float[length];
        Arrays.fill(values, 1f);
        return Tensor.of(values, length).requiresGrad(true);
    }

    /**
     * A graph without saved tensors can run backward again after it was freed; the storage
     * handed over with recycle still goes back to the pool only once.
     */
    @Test
    void recycledStorageIsReturnedOnceEvenWhenTheGraphRunsAgain() {
        int length = 13;
        Tensor x = ones(length);
        Tensor hidden = x.add(x);
        ACCESS.recycle(hidden);
        Tensor loss = hidden.sum();
        loss.backward();
        loss.backward();
        assertArrayEquals(new float[] {4, 4, 4, 4, 4, 4, 4, 4, 4, 4, 4, 4, 4}, x.grad().toArray());
        BufferPool pool = BufferPool.current();
        Set<float[]> taken = Collections.newSetFromMap(new IdentityHashMap<>());
        boolean sawHidden = false;
        for (int i = 0; i < 8; i++) {
            float[] buffer = pool.take(length);
            assertTrue(taken.add(buffer), "the pool handed out the same array twice");
            sawHidden |= buffer == ACCESS.data(hidden);
        }
        assertTrue(sawHidden, "the recycled storage went back to the pool");
    }

    /**
     * Handing storage back counts as an in-place change, so a node that saved the tensor
     * against recycle's contract fails its backward instead of reading reused storage: after
     * the pass that frees the graph for a recorded tensor, at once for one without a graph.
     */
    @Test
    void aNodeThatStillSavedARecycledTensorFailsItsBackward() {
        Tensor x = ones(5);
        Tensor hidden = x.add(x);
        ACCESS.recycle(hidden);
        Tensor kept = hidden.mul(ones(5)).sum();
        int versionBefore = ACCESS.version(hidden);
        hidden.sum().backward();
        assertTrue(ACCESS.version(hidden) > versionBefore, "recycling after the freeing pass counted as a change");
        Throwable late = assertThrows(IllegalStateException.class, kept::backward);
        assertTrue(late.getMessage().contains("the self (argument 0) of MulBackward"), late.getMessage());

        Tensor unrecorded = Tensor.of(new float[] {1, 2}, 2);
        Tensor consumer = unrecorded.mul(ones(2)).sum();
        ACCESS.recycle(unrecorded);
        Throwable atOnce = assertThrows(IllegalStateException.class, consumer::backward);
        assertTrue(atOnce.getMessage().contains("modified by an in-place operation"), atOnce.getMessage());
    }

    /**
     * A gradient that grad() never returned is written again in place after zeroGrad, by both
     * kinds of backward: kernels that add into a zero-filled buffer (mul) and kernels that
     * overwrite it with beta = 0 (gemm, columnSums). Its old contents are made NaN first, so a
     * kernel that read them would show.
     */
    @Test
    void aGradientNeverHandedOutIsReusedAndStartsAfresh() {
        Tensor p = Tensor.of(new float[] {1, 2}, 2).requiresGrad(true);
        Tensor weight = Tensor.of(new float[] {1, 2, 3, 4, 5, 6}, 2, 3).requiresGrad(true);
        Tensor bias = Tensor.of(new float[] {1, 1}, 2).requiresGrad(true);
        Linear layer = new Linear(weight, bias);
        Tensor x = Tensor.of(new float[] {1, 0, -1, 2, 1, 0}, 2, 3);
        Optimizer optimizer = new SGD(List.of(p, weight, bias), 0.1f);
        Runnable backward = () -> p.mul(p).sum().add(layer.forward(x).sum()).backward();
        backward.run();
        float[][] storage = new float[3][];
        for (int i = 0; i < 3; i++) {
            storage[i] = ACCESS.data(ACCESS.grad(optimizer.parameters().get(i)));
            Arrays.fill(storage[i], Float.NaN);
        }
        optimizer.zeroGrad();
        backward.run();
        for (int i = 0; i < 3; i++) {
            assertSame(storage[i], ACCESS.data(ACCESS.grad(optimizer.parameters().get(i))), "parameter " + i);
        }
        assertArrayEquals(new float[] {2, 4}, p.grad().toArray());
        assertArrayEquals(new float[] {3, 1, -1, 3, 1, -1}, weight.grad().toArray());
        assertArrayEquals(new float[] {2, 2}, bias.grad().toArray());
    }
}
