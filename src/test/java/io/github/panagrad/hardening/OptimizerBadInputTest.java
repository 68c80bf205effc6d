package io.github.panagrad.hardening;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.github.panagrad.Tensor;
import io.github.panagrad.optim.Adam;
import io.github.panagrad.optim.Optimizer;
import io.github.panagrad.optim.SGD;

import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.function.Executable;

/**
 * Bad input to the optimizers: constructors name the bad value and keep a copy of the list.
 * (A step has no input to reject: only backward creates gradients, always of the parameter's
 * shape and with storage of their own.)
 */
class OptimizerBadInputTest {

    private static <T extends RuntimeException> void assertRejected(Class<T> type, Executable call, String... named) {
        T e = assertThrows(type, call);
        for (String text : named) {
            assertTrue(e.getMessage().contains(text), "message '" + e.getMessage() + "' does not name '" + text + "'");
        }
    }

    private static Tensor parameter(float... values) {
        return Tensor.of(values, values.length).requiresGrad(true);
    }

    @Test
    void constructorsNameTheBadListEntryOrHyperParameter() {
        Tensor p = parameter(1, 2);
        Tensor computed = p.add(p);
        assertRejected(IllegalArgumentException.class, () -> new SGD(null, 0.1f), "null");
        assertRejected(IllegalArgumentException.class, () -> new SGD(List.of(), 0.1f), "empty");
        assertRejected(IllegalArgumentException.class, () -> new SGD(List.of(p, p), 0.1f), "params[1]");
        assertRejected(IllegalArgumentException.class, () -> new Adam(List.of(p, computed), 0.1f), "params[1]", "leaf");
        assertRejected(IllegalArgumentException.class, () -> new SGD(List.of(p), Float.NaN), "lr = NaN");
        assertRejected(IllegalArgumentException.class, () -> new SGD(List.of(p), -0.5f), "lr = -0.5");
        assertRejected(IllegalArgumentException.class, () -> new SGD(List.of(p), 0.1f, -0.9f, 0f, false), "momentum = -0.9");
        assertRejected(IllegalArgumentException.class, () -> new SGD(List.of(p), 0.1f, 0.9f, 0.1f, 0f, true), "nesterov", "dampening = 0.1");
        assertRejected(IllegalArgumentException.class, () -> new SGD(List.of(p), 0.1f, 0f, 0f, true), "nesterov");
        assertRejected(IllegalArgumentException.class, () -> new Adam(List.of(p), 1e-3f, 1f, 0.999f, 1e-8f, 0f), "beta1 = 1.0");
        assertRejected(IllegalArgumentException.class, () -> new Adam(List.of(p), 1e-3f, 0.9f, Float.NaN, 1e-8f, 0f), "beta2 = NaN");
        assertRejected(IllegalArgumentException.class, () -> new Adam(List.of(p), 1e-3f, 0.9f, 0.999f, -1f, 0f), "eps = -1.0");
        assertRejected(IllegalArgumentException.class,
                () -> new Adam(List.of(p), 1e-3f, 0.9f, 0.999f, 1e-8f, Float.POSITIVE_INFINITY), "weightDecay = Infinity");
    }

    @Test
    void theParameterListIsCopied() {
        Tensor p = parameter(1, 2);
        List<Tensor> list = new ArrayList<>(List.of(p));
        Optimizer sgd = new SGD(list, 0.1f);
        list.add(parameter(3));
        assertEquals(List.of(p), sgd.parameters());
        assertThrows(UnsupportedOperationException.class, () -> sgd.parameters().add(p));
    }
}
