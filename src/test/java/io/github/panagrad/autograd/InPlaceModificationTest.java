package io.github.panagrad.autograd;

import io.github.panagrad.Tensor;
import io.github.panagrad.nn.Linear;
import io.github.panagrad.nn.Loss;
import io.github.panagrad.nn.ReLU;
import io.github.panagrad.nn.Sequential;
import io.github.panagrad.optim.Optimizer;
import io.github.panagrad.optim.SGD;
import org.junit.jupiter.api.Test;

import java.util.ArrayList;
import java.util.List;
import java.util.Random;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * Tensors saved for backward and changed in place afterwards, as PyTorch's version counter
 * checks them (test_autograd.py, {@code test_inplace}: "one of the variables needed for
 * gradient computation has been modified by an inplace operation"). The in-place changes the
 * API makes are an optimizer step and backward adding into an existing gradient; a backward
 * that reads a tensor changed since it was saved fails before it changes any gradient, and
 * an operation that saved no changed tensor runs as before.
 */
class InPlaceModificationTest {

    private static Tensor parameter(float... values) {
        return Tensor.of(values, values.length).requiresGrad(true);
    }

    private static IllegalStateException assertModified(Tensor root, String... named) {
        IllegalStateException error = assertThrows(IllegalStateException.class, root::backward);
        for (String text : named) {
            assertTrue(error.getMessage().contains(text), "message '" + error.getMessage() + "' does not name '" + text + "'");
        }
        assertTrue(error.getMessage().contains("modified by an in-place operation"), error.getMessage());
        assertTrue(error.getMessage().contains("no gradient was changed"), error.getMessage());
        return error;
    }

    private static List<float[]> gradients(List<Tensor> parameters) {
        List<float[]> values = new ArrayList<>();
        for (Tensor parameter : parameters) {
            values.add(parameter.grad().toArray());
        }
        return values;
    }

    private static void assertGradients(List<float[]> expected, List<Tensor> parameters) {
        for (int i = 0; i < parameters.size(); i++) {
            assertArrayEquals(expected.get(i), parameters.get(i).grad().toArray(), "gradient of parameter " + i);
        }
    }

    /**
     * The usual mistake: a step between forward and backward (here without zeroGrad, so the
     * step has the previous batch's gradients). The second layer saved its weight for the
     * gradient of its input; the step changed it.
     */
    @Test
    void anOptimizerStepBetweenForwardAndBackwardFailsTheBackward() {
        Random random = new Random(3);
        Sequential model = new Sequential(new Linear(3, 4, random), new ReLU(), new Linear(4, 1, random));
        Optimizer optimizer = new SGD(model.parameters(), 0.1f);
        Tensor x = Tensor.of(new float[] {0.5f, -1, 2, 1, 1, -0.5f}, 2, 3);
        Tensor target = Tensor.of(new float[] {1, -1}, 2, 1);
        Loss.mse(model.forward(x), target).backward();
        Tensor loss = Loss.mse(model.forward(x), target);
        optimizer.step();
        List<float[]> before = gradients(model.parameters());
        assertModified(loss, "the weight (argument 1) of LinearBackward", "shape [1, 4]",
                "saved at version 0", "now at version 1");
        assertGradients(before, model.parameters());
    }

    /** As PyTorch: add saves nothing, so its backward runs; mul saved the changed factor. */
    @Test
    void onlyOperationsThatSavedTheChangedTensorFail() {
        Tensor p = parameter(1, 2);
        Tensor q = parameter(3, 5);
        p.sum().backward();
        Tensor sum = p.add(q).sum();
        Tensor product = p.mul(q).sum();
        new SGD(List.of(p), 0.5f).step();
        sum.backward();
        assertArrayEquals(new float[] {2, 2}, p.grad().toArray(), "1 from the first backward, 1 from the sum");
        assertArrayEquals(new float[] {1, 1}, q.grad().toArray());
        assertModified(product, "the self (argument 0) of MulBackward", "shape [2]");
        assertArrayEquals(new float[] {2, 2}, p.grad().toArray());
        assertArrayEquals(new float[] {1, 1}, q.grad().toArray());
    }

    /** As PyTorch: relu saves its output, not its input, so a changed input does not fail it; the mask is the forward's. */
    @Test
    void reluReadsItsOutputSoAChangedInputDoesNotFailIt() {
        Tensor p = parameter(1, -1);
        p.sum().backward();
        Tensor rectified = p.relu().sum();
        new SGD(List.of(p), 4f).step();
        rectified.backward();
        assertArrayEquals(new float[] {2, 1}, p.grad().toArray(), "1 + relu'(1) and 1 + relu'(-1)");
    }

    @Test
    void aRetainedGraphUsedAgainAfterAStepFails() {
        Tensor w = parameter(1, 2);
        Tensor x = parameter(3, 4);
        Tensor loss = w.mul(x).sum();
        loss.backward(null, true);
        new SGD(List.of(w), 0.1f).step();
        assertModified(loss, "the self (argument 0) of MulBackward", "saved at version 0", "now at version 1");
        assertArrayEquals(new float[] {3, 4}, w.grad().toArray(), "only the first backward's gradient");
        assertArrayEquals(new float[] {1, 2}, x.grad().toArray());
    }

    /**
     * Records {@code factor · w} (mul saves {@code factor} for the gradient of a fresh
     * parameter {@code w}), runs {@code change}, and asserts that the recorded graph's
     * backward fails naming the saved factor, without giving {@code w} a gradient.
     */
    private static void assertSavedFactorFailsAfter(Tensor factor, Runnable change, String... named) {
        Tensor w = parameter(5, 7);
        Tensor usesFactor = factor.mul(w).sum();
        change.run();
        IllegalStateException error = assertModified(usesFactor, named);
        assertTrue(error.getMessage().contains("the self (argument 0) of MulBackward"), error.getMessage());
        assertNull(w.grad(), "w got no gradient");
    }

    /**
     * Backward adds into an existing gradient in place, a leaf's or a retained one: a graph
     * that saved that gradient tensor fails.
     */
    @Test
    void accumulatingIntoAGradientChangesItInPlace() {
        Tensor p = parameter(1, 2);
        p.sum().backward();
        assertSavedFactorFailsAfter(p.grad(), () -> p.sum().backward());
        assertArrayEquals(new float[] {2, 2}, p.grad().toArray());

        Tensor hidden = p.mul(p).retainGrad();
        Tensor loss = hidden.sum();
        loss.backward(null, true);
        assertSavedFactorFailsAfter(hidden.grad(), loss::backward);
        assertArrayEquals(new float[] {2, 2}, hidden.grad().toArray());
    }

    /** A detached tensor shares its storage, and so its version, with the tensor it came from. */
    @Test
    void aDetachedTensorSharesTheVersion() {
        Tensor p = parameter(1, 2);
        p.sum().backward();
        Optimizer optimizer = new SGD(List.of(p), 0.1f);
        assertSavedFactorFailsAfter(p.detach(), optimizer::step, "saved at version 0", "now at version 1");
    }

    /** The ordinary order, zeroGrad, forward, backward, step, saves nothing across a step and never fails. */
    @Test
    void theOrdinaryTrainingOrderIsUnaffected() {
        Tensor w = parameter(1, 2);
        Tensor x = Tensor.of(new float[] {3, 4}, 2);
        Optimizer optimizer = new SGD(List.of(w), 0.01f);
        for (int step = 0; step < 3; step++) {
            optimizer.zeroGrad();
            w.mul(x).sum().backward();
            optimizer.step();
        }
        assertArrayEquals(new float[] {3, 4}, w.grad().toArray());
        float[] expected = {1, 2};
        for (int step = 0; step < 3; step++) {
            for (int i = 0; i < 2; i++) {
                expected[i] = Math.fma(-0.01f, x.toArray()[i], expected[i]); // SGD: p = fma(-lr, g, p)
            }
        }
        assertArrayEquals(expected, w.toArray());
    }
}
