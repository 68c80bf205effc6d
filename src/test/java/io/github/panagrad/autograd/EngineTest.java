package io.github.panagrad.autograd;

import io.github.panagrad.Tensor;
import io.github.panagrad.nn.Loss;
import org.junit.jupiter.api.Test;

import java.util.concurrent.CompletableFuture;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertSame;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * The autograd semantics PyTorch's own tests pin down (test_autograd.py): accumulation,
 * reuse of a tensor, graph freeing and retention, no-grad scopes, detach, requires-grad
 * propagation, broadcast reduction and retained non-leaf gradients. Values are small
 * integers, so every expected gradient is exact.
 */
class EngineTest {

    private static Tensor leaf(float... values) {
        return Tensor.of(values, values.length).requiresGrad(true);
    }

    @Test
    void gradientsAccumulateAcrossBackwardCalls() {
        Tensor x = leaf(1, 2, 3);
        x.mul(x).sum().backward();
        Tensor firstGrad = x.grad();
        assertArrayEquals(new float[] {2, 4, 6}, firstGrad.toArray());
        x.mul(x).sum().backward();
        assertArrayEquals(new float[] {4, 8, 12}, x.grad().toArray());
        assertSame(firstGrad, x.grad(), "the second backward adds into the same gradient tensor");
        assertFalse(x.grad().requiresGrad());
        assertArrayEquals(new int[] {3}, x.grad().shape());
    }

    @Test
    void aTensorUsedTwiceInOneGraphGetsBothContributions() {
        Tensor x = leaf(1, 2, 3);
        x.mul(x).sum().backward();
        assertArrayEquals(new float[] {2, 4, 6}, x.grad().toArray(), "d(x*x)/dx = 2x");

        Tensor y = leaf(1, 2, 3);
        y.add(y).sum().backward();
        assertArrayEquals(new float[] {2, 2, 2}, y.grad().toArray(), "d(y+y)/dy = 2");

        Tensor z = leaf(5, -1);
        Tensor w = leaf(3, 4);
        z.mul(w).add(z).sub(w.mul(z)).add(z).sum().backward();
        assertArrayEquals(new float[] {2, 2}, z.grad().toArray(), "z*w + z - w*z + z = 2z");
        assertArrayEquals(new float[] {0, 0}, w.grad().toArray());
    }

    @Test
    void sharedSubexpressionRunsItsBackwardOnce() {
        Tensor x = leaf(1, 2);
        Tensor h = x.mul(x);
        h.add(h).add(h).sum().backward();
        assertArrayEquals(new float[] {6, 12}, x.grad().toArray(), "3 * 2x");
    }

    @Test
    void backwardWithoutGradientNeedsOneElement() {
        Tensor x = leaf(1, 2);
        Tensor y = x.mul(x);
        Throwable error = assertThrows(IllegalStateException.class, y::backward);
        assertTrue(error.getMessage().contains("one-element") && error.getMessage().contains("[2]"), error.getMessage());
        assertNull(x.grad());
        y.backward(Tensor.of(new float[] {1, 10}, 2));
        assertArrayEquals(new float[] {2, 40}, x.grad().toArray());
        Tensor oneElement = Tensor.of(new float[] {3}, 1, 1).requiresGrad(true);
        oneElement.mul(oneElement).backward();
        assertArrayEquals(new float[] {6}, oneElement.grad().toArray());
    }

    @Test
    void gradientShapeMustMatchTheOutput() {
        Tensor x = leaf(1, 2, 3);
        Tensor y = x.mul(x);
        Throwable error = assertThrows(IllegalArgumentException.class, () -> y.backward(Tensor.zeros(1, 3)));
        assertTrue(error.getMessage().contains("[1, 3]") && error.getMessage().contains("[3]"), error.getMessage());
        assertNull(x.grad());
    }

    @Test
    void backwardOnATensorThatDoesNotRequireGradFails() {
        Tensor x = Tensor.of(new float[] {1, 2}, 2);
        assertThrows(IllegalStateException.class, () -> x.sum().backward());
        assertThrows(IllegalStateException.class, Tensor.scalar(1f)::backward);
    }

    @Test
    void aLeafRootGetsTheSeed() {
        Tensor x = Tensor.scalar(4f).requiresGrad(true);
        x.backward();
        assertArrayEquals(new float[] {1}, x.grad().toArray());
        x.backward(Tensor.scalar(2.5f));
        assertArrayEquals(new float[] {3.5f}, x.grad().toArray());
    }

    @Test
    void secondBackwardThroughFreedSavedTensorsFailsAndChangesNothing() {
        Tensor x = leaf(1, 2);
        Tensor y = x.mul(x).sum();
        y.backward();
        Throwable error = assertThrows(IllegalStateException.class, y::backward);
        assertTrue(error.getMessage().contains("second time") && error.getMessage().contains("retainGraph"),
                error.getMessage());
        assertTrue(error.getMessage().contains("MulBackward"), error.getMessage());
        assertArrayEquals(new float[] {2, 4}, x.grad().toArray(), "the failed backward added nothing");
    }

    @Test
    void aFreedNodeDeepInTheGraphIsFoundBeforeAnyGradientChanges() {
        Tensor x = leaf(1, 2);
        Tensor w = leaf(3, 4);
        Tensor hidden = x.mul(w);
        hidden.sum().backward();
        Tensor fresh = leaf(1, 1);
        Tensor y = hidden.add(fresh).sum();
        assertThrows(IllegalStateException.class, y::backward);
        assertNull(fresh.grad(), "the root side of the graph did not run either");
        assertArrayEquals(new float[] {3, 4}, x.grad().toArray());
    }

    @Test
    void retainedGraphAllowsAnotherBackwardThatAccumulates() {
        Tensor x = leaf(1, 2);
        Tensor y = x.mul(x).relu().sum();
        y.backward(null, true);
        y.backward(null, true);
        assertArrayEquals(new float[] {4, 8}, x.grad().toArray());
        y.backward();
        assertArrayEquals(new float[] {6, 12}, x.grad().toArray());
        assertThrows(IllegalStateException.class, y::backward);
    }

    @Test
    void graphsWithoutSavedTensorsCanRunBackwardAgainAsInPyTorch() {
        Tensor x = leaf(1, 2);
        Tensor y = x.add(x).sum();
        y.backward();
        y.backward();
        assertArrayEquals(new float[] {4, 4}, x.grad().toArray());
    }

    /** @return whether an operation on a tensor that requires grad is recorded on this thread now */
    private static boolean recording() {
        return leaf(1).relu().requiresGrad();
    }

    @Test
    @SuppressWarnings("try") // the scope is opened for its effect on this thread
    void noGradRecordsNothingAndNests() {
        Tensor x = leaf(1, -2);
        assertTrue(recording());
        try (NoGradScope outer = Tensor.noGrad()) {
            Tensor y = x.mul(x);
            assertFalse(y.requiresGrad());
            assertTrue(y.isLeaf());
            assertNull(y.gradFn());
            assertArrayEquals(new float[] {1, 4}, y.toArray());
            try (NoGradScope inner = Tensor.noGrad()) {
                assertFalse(recording());
            }
            assertFalse(recording(), "closing the inner scope keeps the outer one");
            assertFalse(x.relu().requiresGrad());
            assertThrows(IllegalStateException.class, () -> y.sum().backward());
        }
        assertTrue(recording());
        assertTrue(x.relu().requiresGrad());
    }

    @Test
    void closingAScopeTwiceDoesNothing() {
        NoGradScope outer = Tensor.noGrad();
        NoGradScope inner = Tensor.noGrad();
        inner.close();
        inner.close();
        assertFalse(recording());
        outer.close();
        assertTrue(recording());
    }

    @Test
    @SuppressWarnings("try") // the scope is opened for its effect on this thread
    void noGradIsThreadLocal() throws Exception {
        try (NoGradScope scope = Tensor.noGrad()) {
            boolean otherThread = CompletableFuture.supplyAsync(() -> leaf(1).relu().requiresGrad()).get();
            assertTrue(otherThread);
            assertFalse(leaf(1).relu().requiresGrad());
        }
    }

    @Test
    void detachCutsTheGraph() {
        Tensor x = leaf(2, 3);
        x.detach().mul(x).sum().backward();
        assertArrayEquals(new float[] {2, 3}, x.grad().toArray(), "only the attached factor carries gradient");
    }

    @Test
    void requiresGradPropagatesFromAnyInput() {
        Tensor a = leaf(1, 2);
        Tensor b = Tensor.of(new float[] {3, 4}, 2);
        Tensor ab = a.add(b);
        assertTrue(ab.requiresGrad());
        assertFalse(ab.isLeaf());
        assertEquals("AddBackward", ab.gradFn().name());
        assertEquals("AddBackward", ab.gradFn().toString());
        Tensor bb = b.mul(b);
        assertFalse(bb.requiresGrad());
        assertTrue(bb.isLeaf());
        assertTrue(b.mul(a).requiresGrad());
        assertTrue(Tensor.of(new float[] {1, 2, 3, 4}, 2, 2).matmul(a.add(b).add(b).mul(a).relu().sub(b)
                .add(Tensor.zeros(2, 2)).t()).requiresGrad());
    }

    @Test
    void noGradientFlowsToInputsThatDoNotRequireIt() {
        Tensor x = Tensor.of(new float[] {1, 2, 3, 4}, 2, 2).requiresGrad(true);
        Tensor w = Tensor.of(new float[] {1, 0, 0, 1}, 2, 2);
        x.matmul(w).mul(w).sum().backward();
        assertNull(w.grad());
        assertArrayEquals(new float[] {1, 0, 0, 1}, x.grad().toArray());
    }

    @Test
    void broadcastBiasGradientIsSummedOverRows() {
        Tensor m = Tensor.of(new float[] {1, 2, 3, 4, 5, 6}, 2, 3).requiresGrad(true);
        Tensor b = leaf(10, 20, 30);
        Tensor gradient = Tensor.of(new float[] {1, 2, 3, 4, 5, 6}, 2, 3);
        m.add(b).backward(gradient);
        assertArrayEquals(new float[] {5, 7, 9}, b.grad().toArray());
        assertArrayEquals(new int[] {3}, b.grad().shape());
        assertArrayEquals(gradient.toArray(), m.grad().toArray());

        Tensor row = Tensor.of(new float[] {10, 20, 30}, 1, 3).requiresGrad(true);
        row.add(m).backward(gradient);
        assertArrayEquals(new float[] {5, 7, 9}, row.grad().toArray());
        assertArrayEquals(new int[] {1, 3}, row.grad().shape());
        assertArrayEquals(new float[] {2, 4, 6, 8, 10, 12}, m.grad().toArray(), "accumulated twice");
    }

    @Test
    void nonLeafGradientsAreKeptOnlyWhenRetained() {
        Tensor x = leaf(1, 2);
        Tensor hidden = x.mul(x);
        Tensor kept = x.add(x).retainGrad();
        assertTrue(kept.retainsGrad());
        assertFalse(hidden.retainsGrad());
        hidden.add(kept).mul(Tensor.of(new float[] {3, 5}, 2)).sum().backward();
        assertNull(hidden.grad());
        assertArrayEquals(new float[] {3, 5}, kept.grad().toArray());
        assertArrayEquals(new float[] {3 * 2 + 6, 5 * 4 + 10}, x.grad().toArray());
    }

    @Test
    void retainedNonLeafGradientsAccumulate() {
        Tensor x = leaf(1, 2);
        Tensor y = x.mul(x).retainGrad();
        Tensor loss = y.sum();
        loss.backward(null, true);
        Tensor first = y.grad();
        loss.backward();
        assertSame(first, y.grad());
        assertArrayEquals(new float[] {2, 2}, y.grad().toArray());
        assertArrayEquals(new float[] {4, 8}, x.grad().toArray());
    }

    @Test
    void retainGradNeedsATensorThatRequiresGrad() {
        assertThrows(IllegalStateException.class, () -> Tensor.zeros(2).retainGrad());
        Tensor x = leaf(1);
        assertSame(x, x.retainGrad());
        assertFalse(x.retainsGrad(), "as PyTorch: a leaf keeps its gradient anyway and reports false");
        x.sum().backward();
        assertArrayEquals(new float[] {1}, x.grad().toArray());
    }

    @Test
    void deepGraphsDoNotOverflowTheStack() {
        Tensor x = leaf(1);
        Tensor y = x;
        int depth = 20_000;
        for (int i = 0; i < depth; i++) {
            y = y.add(x);
        }
        y.backward();
        assertArrayEquals(new float[] {depth + 1}, x.grad().toArray());
    }

    @Test
    void lossGradientFlowsToATargetThatRequiresGrad() {
        Tensor p = leaf(1, 4);
        Tensor t = leaf(3, 0);
        Loss.mse(p, t).backward();
        assertArrayEquals(new float[] {-2, 4}, p.grad().toArray(), "(2/n)(p - t)");
        assertArrayEquals(new float[] {2, -4}, t.grad().toArray(), "(2/n)(t - p)");
    }
}
