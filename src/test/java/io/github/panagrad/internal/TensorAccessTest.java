package io.github.panagrad.internal;

import io.github.panagrad.Tensor;
import org.junit.jupiter.api.Test;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * Who reaches a tensor's storage on the class path, where this package's public types are
 * visible to every class: the tests run from their own directory, outside the library's
 * protection domain, as an application's classes do.
 */
class TensorAccessTest {

    /** An accessor written outside Tensor, which would see every tensor the library works on, were it installed. */
    private static final class Foreign extends TensorAccess {
        @Override public float[] data(Tensor tensor) { throw new AssertionError(); }
        @Override public int[] shape(Tensor tensor) { throw new AssertionError(); }
        @Override public Node gradFn(Tensor tensor) { throw new AssertionError(); }
        @Override public Tensor create(float[] data, int[] shape, Node gradFn) { throw new AssertionError(); }
        @Override public int version(Tensor tensor) { throw new AssertionError(); }
        @Override public void markModified(Tensor tensor) { throw new AssertionError(); }
        @Override public Tensor grad(Tensor tensor) { throw new AssertionError(); }
        @Override public void setGrad(Tensor tensor, Tensor grad) { throw new AssertionError(); }
        @Override public void clearGrad(Tensor tensor) { throw new AssertionError(); }
        @Override public float[] newGrad(Tensor tensor) { throw new AssertionError(); }
    }

    /** Only Tensor's own accessor is installed, and only once. */
    @Test
    void onlyTensorsAccessorIsEverInstalled() {
        for (TensorAccess foreign : new TensorAccess[] {new Foreign(), null}) {
            Throwable error = assertThrows(IllegalArgumentException.class, () -> TensorAccess.install(foreign));
            assertTrue(error.getMessage().contains("only io.github.panagrad.Tensor's own accessor"), error.getMessage());
        }
        Throwable again = assertThrows(IllegalStateException.class, () -> TensorAccess.install(TensorAccess.access()));
        assertTrue(again.getMessage().contains("already installed"), again.getMessage());
        Tensor x = Tensor.of(new float[] {1, 2}, 2);
        assertArrayEquals(new float[] {2, 4}, x.add(x).toArray(), "the library still uses Tensor's accessor");
    }

    @Test
    void getServesOnlyTheLibrarysOwnClasses() {
        Throwable error = assertThrows(IllegalCallerException.class, () -> TensorAccess.get());
        assertTrue(error.getMessage().contains(TensorAccessTest.class.getName()), error.getMessage());
    }
}
