package io.github.panagrad.internal;

import io.github.panagrad.Tensor;
import io.github.panagrad.kernel.Kernels;
import org.junit.jupiter.api.Test;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertSame;
import static org.junit.jupiter.api.Assertions.assertThrows;

/** A backward pass that fails part way through a node's backward leaves the graph ready for another pass. */
class EnginePassTest {

    /** The identity, whose backward throws on its first call. */
    private static final class FailsOnce extends Node {
        static final IllegalStateException FAILURE = new IllegalStateException("backward failed");
        private boolean failed;

        FailsOnce(Tensor x) {
            super(new Tensor[] {x});
        }

        static Tensor apply(Tensor x) {
            return result(data(x).clone(), shapeOf(x), new FailsOnce(x));
        }

        @Override
        void backward(Kernels kernels, float[] gradOutput, Gradients gradients) {
            if (!failed) {
                failed = true;
                throw FAILURE;
            }
            float[] dx = accumulator(0, gradients);
            kernels.add(dx.length, dx, 0, gradOutput, 0, dx, 0);
        }
    }

    @Test
    void aPassThatFailsPartWayLeavesTheGraphReadyForAnotherPass() {
        Tensor x = Tensor.of(new float[] {1, 2, 3}, 3).requiresGrad(true);
        Tensor w = Tensor.of(new float[] {4, 5, 6}, 3).requiresGrad(true);
        Tensor loss = FailsOnce.apply(x.mul(w)).sum();
        assertSame(FailsOnce.FAILURE, assertThrows(IllegalStateException.class, () -> loss.backward(null, true)));
        assertNull(x.grad(), "the mul below the failing node did not run");
        assertNull(w.grad());
        loss.backward();
        assertArrayEquals(new float[] {4, 5, 6}, x.grad().toArray());
        assertArrayEquals(new float[] {1, 2, 3}, w.grad().toArray());
    }
}
