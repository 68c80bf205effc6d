package io.github.panagrad.kernel;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertSame;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.concurrent.CompletableFuture;
import java.util.regex.Pattern;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.condition.DisabledIfSystemProperty;
import org.junit.jupiter.api.condition.EnabledIfSystemProperty;

/**
 * Which backend runs. In a JVM started with {@code --add-modules jdk.incubator.vector} (the
 * build's test executions), the vector backend must really be there: otherwise every
 * equivalence test would quietly compare scalar with scalar. A width forced with
 * {@code panagrad.vectorBits} must be the width in use. {@link Kernels#use(Backend)}
 * scopes are per thread, nest, and restore on close.
 */
@DisabledIfSystemProperty(named = Backends.EXPECT_SCALAR_FALLBACK, matches = "true",
        disabledReason = "this run deliberately lacks the Vector API module; see ScalarFallbackTest")
class BackendSelectionTest {

    @Test
    void vectorBackendIsReallyLoaded() {
        assertTrue(Kernels.vectorAvailable(), "the vector backend fell back although tests run with the module: "
                + Kernels.vectorStatus());
        assertTrue(Kernels.vectorStatus().startsWith("usable"), Kernels.vectorStatus());
        assertEquals(Backend.VECTOR, Kernels.preferred().backend());
        assertEquals(Backend.VECTOR, Kernels.of(Backend.VECTOR).backend());
        assertEquals(Backend.SCALAR, Kernels.of(Backend.SCALAR).backend());
    }

    @Test
    @EnabledIfSystemProperty(named = BackendLookup.VECTOR_BITS_PROPERTY, matches = "128|256|512")
    void forcedVectorWidthIsTheOneInUse() {
        int bits = Integer.parseInt(System.getProperty(BackendLookup.VECTOR_BITS_PROPERTY));
        String description = Kernels.of(Backend.VECTOR).describe();
        assertTrue(Pattern.compile("\\b" + bits + "\\b").matcher(description).find(),
                "describe() should name the forced " + bits + "-bit width: " + description);
        assertTrue(Pattern.compile("\\b" + bits / Float.SIZE + "\\b").matcher(description).find(),
                "describe() should name the " + bits / Float.SIZE + " float lanes of " + bits + " bits: " + description);
    }

    @Test
    @DisabledIfSystemProperty(named = Kernels.BACKEND_PROPERTY, matches = "(?i)\\s*(vector|scalar)\\s*",
            disabledReason = "the default backend is forced")
    void defaultBackendIsThePreferredOne() {
        assertSame(Kernels.preferred(), Kernels.current(), "with panagrad.backend auto");
    }

    @Test
    void useIsThreadScopedNestsAndRestores() throws Exception {
        Kernels outside = Kernels.current();
        BackendScope scalar = Kernels.use(Backend.SCALAR);
        try {
            assertEquals(Backend.SCALAR, Kernels.current().backend());
            assertSame(outside, CompletableFuture.supplyAsync(Kernels::current).get(),
                    "another thread must not see this thread's scope");
            BackendScope vector = Kernels.use(Backend.VECTOR);
            assertEquals(Backend.VECTOR, Kernels.current().backend());
            BackendScope innermost = Kernels.use(Backend.SCALAR);
            assertEquals(Backend.SCALAR, Kernels.current().backend());
            innermost.close();
            assertEquals(Backend.VECTOR, Kernels.current().backend(), "closing restores the enclosing scope");
            vector.close();
            assertEquals(Backend.SCALAR, Kernels.current().backend());
            vector.close();
            assertEquals(Backend.SCALAR, Kernels.current().backend(), "a second close must do nothing");
        } finally {
            scalar.close();
        }
        assertSame(outside, Kernels.current(), "closing the outermost scope restores the default");
    }

    @Test
    void scopesOfDifferentThreadsAreIndependent() throws Exception {
        BackendScope scalar = Kernels.use(Backend.SCALAR);
        try {
            Backend other = CompletableFuture.supplyAsync(() -> {
                BackendScope vector = Kernels.use(Backend.VECTOR);
                try {
                    return Kernels.current().backend();
                } finally {
                    vector.close();
                }
            }).get();
            assertEquals(Backend.VECTOR, other);
            assertEquals(Backend.SCALAR, Kernels.current().backend(), "another thread's scope must not leak here");
        } finally {
            scalar.close();
        }
    }
}
