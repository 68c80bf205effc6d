package io.github.panagrad;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.concurrent.TimeUnit;
import java.util.stream.Collectors;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.condition.DisabledIfSystemProperty;

/**
 * No result depends on the warm-up, only speed does: a training run that starts in a fresh JVM
 * together with the warm-up (its first steps on the scalar code, the later ones on the vector
 * code) gives the bits of the same run with the warm-up off and of the run on SCALAR. The
 * warm-up thread runs only when the vector backend is used and the property allows it, and
 * prints nothing.
 */
@DisabledIfSystemProperty(named = "panagrad.expectScalarFallback", matches = "true",
        disabledReason = "runs the vector backend, which this run deliberately lacks")
class WarmupEquivalenceTest {

    private static final long LIMIT_SECONDS = 120;

    @Test
    void trainingGivesTheSameBitsWithTheWarmUpOnOffAndOnScalar() throws IOException, InterruptedException {
        List<String> on = run("-Dpanagrad.backend=vector", "-Dpanagrad.warmup=on");
        List<String> off = run("-Dpanagrad.backend=vector", "-Dpanagrad.warmup=off");
        List<String> scalar = run("-Dpanagrad.backend=scalar", "-Dpanagrad.warmup=on");
        // sorted: backend, bits, cold/warm, warm-up thread
        assertEquals(List.of("backend VECTOR", "first steps cold true, last steps warm true", "warm-up thread seen true"),
                List.of(on.get(0), on.get(2), on.get(3)), on.toString());
        assertEquals(List.of("backend VECTOR", "warm-up thread seen false"), List.of(off.get(0), off.get(3)), off.toString());
        assertEquals(List.of("backend SCALAR", "warm-up thread seen false"), List.of(scalar.get(0), scalar.get(3)),
                scalar.toString());
        assertTrue(on.get(1).startsWith("bits "), on.toString());
        assertEquals(on.get(1), off.get(1), "warm-up on and off");
        assertEquals(on.get(1), scalar.get(1), "VECTOR with the warm-up and SCALAR");
    }

    /** The child's printed lines, sorted (backend, bits, cold/warm, warm-up thread), minus the JVM's incubator notice; it must print nothing else. */
    private static List<String> run(String... properties) throws IOException, InterruptedException {
        Path output = Files.createTempFile("panagrad-warmup", ".txt");
        try {
            List<String> command = new java.util.ArrayList<>(List.of(
                    Path.of(System.getProperty("java.home"), "bin", "java").toString(),
                    "--add-modules", "jdk.incubator.vector"));
            command.addAll(List.of(properties));
            command.addAll(List.of("-cp", System.getProperty("java.class.path"), TrainingBitsProgram.class.getName()));
            Process child = new ProcessBuilder(command).redirectErrorStream(true).redirectOutput(output.toFile()).start();
            child.getOutputStream().close();
            boolean exited = child.waitFor(LIMIT_SECONDS, TimeUnit.SECONDS);
            if (!exited) {
                child.destroyForcibly();
            }
            String printed = Files.readString(output, StandardCharsets.UTF_8);
            assertTrue(exited && child.exitValue() == 0, "the child failed or hung: " + printed);
            List<String> lines = printed.lines().filter(l -> !l.startsWith("WARNING: Using incubator modules"))
                    .sorted().collect(Collectors.toList());
            assertEquals(4, lines.size(), "the child printed only its four lines: " + printed);
            return lines;
        } finally {
            Files.deleteIfExists(output);
        }
    }
}
