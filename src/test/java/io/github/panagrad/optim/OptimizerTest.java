package io.github.panagrad.optim;

import io.github.panagrad.Tensor;
import io.github.panagrad.kernel.Backend;
import io.github.panagrad.kernel.BackendScope;
import io.github.panagrad.kernel.Kernels;
import org.junit.jupiter.api.Test;

import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.function.Function;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotSame;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

/** What every {@link Optimizer} shares: parameter checks, skipping, zeroGrad, steps outside the graph, identical bits on both backends. */
class OptimizerTest {

    private static final List<Function<List<Tensor>, Optimizer>> OPTIMIZERS = List.of(
            params -> new SGD(params, 0.1f),
            params -> new SGD(params, 0.1f, 0.9f, 0.5f, 0.01f, false),
            params -> new Adam(params, 0.1f),
            params -> new Adam(params, 0.1f, 0.8f, 0.9f, 1e-6f, 0.01f));

    private static Tensor parameter(float... values) {
        return Tensor.of(values, values.length).requiresGrad(true);
    }

    @Test
    void parameterListIsChecked() {
        for (Function<List<Tensor>, Optimizer> make : OPTIMIZERS) {
            assertThrows(IllegalArgumentException.class, () -> make.apply(null));
            assertThrows(IllegalArgumentException.class, () -> make.apply(List.of()));
            Tensor p = parameter(1);
            List<Tensor> withNull = Arrays.asList(p, null);
            assertTrue(assertThrows(IllegalArgumentException.class, () -> make.apply(withNull))
                    .getMessage().contains("params[1]"));
            assertTrue(assertThrows(IllegalArgumentException.class, () -> make.apply(List.of(p, p)))
                    .getMessage().contains("params[1]"));
            Tensor computed = p.relu();
            assertTrue(assertThrows(IllegalArgumentException.class, () -> make.apply(List.of(computed)))
                    .getMessage().contains("leaf"));
        }
    }

    @Test
    void parametersWithoutGradientAreSkipped() {
        for (Function<List<Tensor>, Optimizer> make : OPTIMIZERS) {
            Tensor withGrad = parameter(1, 2);
            Tensor without = parameter(3, 4);
            withGrad.mul(withGrad).sum().backward();
            Optimizer optimizer = make.apply(List.of(withGrad, without));
            optimizer.step();
            assertArrayEquals(new float[] {3, 4}, without.toArray(), optimizer.toString());
            assertNull(without.grad());
            assertTrue(withGrad.toArray()[0] < 1, optimizer.toString());
        }
    }

    @Test
    void zeroGradClearsGradientsToNull() {
        for (Function<List<Tensor>, Optimizer> make : OPTIMIZERS) {
            Tensor a = parameter(1, 2);
            Tensor b = parameter(3);
            a.sum().add(b.sum()).backward();
            Optimizer optimizer = make.apply(List.of(a, b));
            optimizer.zeroGrad();
            assertNull(a.grad());
            assertNull(b.grad());
            a.sum().backward();
            assertArrayEquals(new float[] {1, 1}, a.grad().toArray(), "a fresh gradient, not an accumulated one");
        }
    }

    @Test
    void aGradientHandedOutBeforeZeroGradKeepsItsValues() {
        Tensor p = parameter(1, 2);
        Optimizer optimizer = new SGD(List.of(p), 0.1f);
        p.mul(p).sum().backward();
        Tensor held = p.grad();
        optimizer.zeroGrad();
        p.mul(Tensor.of(new float[] {5, 7}, 2)).sum().backward();
        assertArrayEquals(new float[] {2, 4}, held.toArray(), "the held gradient is not reused");
        assertNotSame(held, p.grad());
        assertArrayEquals(new float[] {5, 7}, p.grad().toArray());
    }

    @Test
    void stepIsNotRecordedAndLeavesGradientsAlone() {
        for (Function<List<Tensor>, Optimizer> make : OPTIMIZERS) {
            Tensor p = parameter(1, -2);
            p.mul(p).sum().backward();
            make.apply(List.of(p)).step();
            assertTrue(p.isLeaf());
            assertTrue(p.requiresGrad());
            assertArrayEquals(new float[] {2, -4}, p.grad().toArray());
        }
    }

    @Test
    void parametersAreAnUnmodifiableCopy() {
        Tensor p = parameter(1);
        List<Tensor> list = new ArrayList<>(List.of(p));
        Optimizer optimizer = new SGD(list, 0.1f);
        list.clear();
        assertEquals(List.of(p), optimizer.parameters());
        assertThrows(UnsupportedOperationException.class, () -> optimizer.parameters().clear());
    }

    @Test
    @SuppressWarnings("try") // the scope is opened for its effect on this thread
    void bothBackendsGiveIdenticalBits() {
        for (Function<List<Tensor>, Optimizer> make : OPTIMIZERS) {
            float[][] results = new float[2][];
            for (Backend backend : Backend.values()) {
                Tensor p = parameter(0.3f, -1.7f, 2.9f, 1e-20f, -0f, 5f, 0.1f, -0.25f, 7f, 8f, 9f, 10f, 11f, 12f, 13f,
                        14f, 15f);
                Optimizer optimizer = make.apply(List.of(p));
                try (BackendScope scope = Kernels.use(backend)) {
                    for (int step = 0; step < 3; step++) {
                        optimizer.zeroGrad();
                        p.mul(p).mul(p).sum().backward();
                        optimizer.step();
                    }
                }
                results[backend.ordinal()] = p.toArray();
            }
            for (int i = 0; i < results[0].length; i++) {
                assertEquals(Float.floatToIntBits(results[0][i]), Float.floatToIntBits(results[1][i]),
                        "element " + i + " of " + make.apply(List.of(parameter(1))));
            }
        }
    }
}
