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

    @Test
    void onlyTensorsAccessorIsEverInstalled() {
        Throwable error = assertThrows(IllegalStateException.class, () -> TensorAccess.install(null));
        assertTrue(error.getMessage().contains("already installed"), error.getMessage());
        Tensor x = Tensor.of(new float[] {1, 2}, 2);
        assertArrayEquals(new float[] {2, 4}, x.add(x).toArray(), "the library still uses Tensor's accessor");
    }

    @Test
    void getServesOnlyTheLibrarysOwnClasses() {
        Throwable error = assertThrows(IllegalCallerException.class, () -> TensorAccess.get());
        assertTrue(error.getMessage().contains(TensorAccessTest.class.getName()), error.getMessage());
    }
}
