package io.github.panagrad.kernel;

import static java.nio.charset.StandardCharsets.UTF_8;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertSame;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.ByteArrayOutputStream;
import java.io.PrintStream;
import java.util.List;
import java.util.stream.Collectors;
import org.junit.jupiter.api.MethodOrderer;
import org.junit.jupiter.api.Order;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestMethodOrder;
import org.junit.jupiter.api.condition.EnabledIfSystemProperty;

/**
 * A JVM started without {@code --add-modules jdk.incubator.vector} works on SCALAR: the
 * vector backend reports why it is unavailable and how to enable it, {@code preferred()}
 * falls back with exactly one warning line, and {@code of(VECTOR)} refuses with the
 * reason. Runs only in the build's scalar-fallback execution, which also runs the ReLU,
 * reduction and gemm tests there to show the fallback kernels give correct results.
 */
@EnabledIfSystemProperty(named = Backends.EXPECT_SCALAR_FALLBACK, matches = "true")
@TestMethodOrder(MethodOrderer.OrderAnnotation.class)
class ScalarFallbackTest {

    private static final String HINT = "--add-modules jdk.incubator.vector";

    /** Must run first: the warning is printed on the first fallback of the process. */
    @Test
    @Order(1)
    void preferredFallsBackWithOneWarningLine() {
        PrintStream original = System.err;
        ByteArrayOutputStream captured = new ByteArrayOutputStream();
        Kernels first;
        Kernels second;
        Kernels current;
        System.setErr(new PrintStream(captured, true, UTF_8));
        try {
            first = Kernels.preferred();
            second = Kernels.preferred();
            current = Kernels.current();
        } finally {
            System.setErr(original);
        }
        assertEquals(Backend.SCALAR, first.backend());
        assertSame(first, second);
        assertSame(Kernels.of(Backend.SCALAR), first);
        assertSame(first, current, "the default backend (auto) is the preferred one");
        List<String> lines = captured.toString(UTF_8).lines().filter(l -> !l.isBlank()).collect(Collectors.toList());
        assertEquals(1, lines.size(), "expected exactly one warning line, got: " + lines);
        assertTrue(lines.get(0).contains(HINT), "the warning should say how to enable the vector backend: " + lines);
    }

    @Test
    @Order(2)
    void vectorStatusSaysWhyAndHowToEnable() {
        assertFalse(Kernels.vectorAvailable());
        String status = Kernels.vectorStatus();
        assertTrue(status.contains(HINT), status);
        assertTrue(status.contains(BackendLookup.unavailableReason()), status);
        assertTrue(BackendLookup.unavailableReason().contains("jdk.incubator.vector"), BackendLookup.unavailableReason());
    }

    @Test
    @Order(3)
    void vectorBackendIsRefusedWithTheReason() {
        UnsupportedOperationException of = assertThrows(UnsupportedOperationException.class,
                () -> Kernels.of(Backend.VECTOR));
        assertTrue(of.getMessage().contains(BackendLookup.unavailableReason()), of.getMessage());
        assertTrue(of.getMessage().contains(HINT), of.getMessage());
        UnsupportedOperationException use = assertThrows(UnsupportedOperationException.class,
                () -> Kernels.use(Backend.VECTOR));
        assertTrue(use.getMessage().contains(HINT), use.getMessage());
        assertEquals(Backend.SCALAR, Kernels.current().backend(), "a refused scope must not change the backend");
    }
}
