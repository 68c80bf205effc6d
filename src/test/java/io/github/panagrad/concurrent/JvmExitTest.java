package io.github.panagrad.concurrent;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.github.panagrad.kernel.Backend;
import io.github.panagrad.kernel.Kernels;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.concurrent.TimeUnit;
import java.util.stream.Collectors;
import org.junit.jupiter.api.Test;

/** Panagrad never keeps a JVM alive: whatever threads it starts are daemons. */
class JvmExitTest {

    private static final long EXIT_LIMIT_SECONDS = 60;

    @Test
    void aProgramThatRanGemmOnTwoThreadsExitsByItself() throws IOException, InterruptedException {
        Path output = Files.createTempFile("panagrad-exit", ".txt");
        try {
            Process child = new ProcessBuilder(
                    Path.of(System.getProperty("java.home"), "bin", "java").toString(),
                    "--add-modules", "jdk.incubator.vector",
                    "-cp", System.getProperty("java.class.path"),
                    TwoThreadGemm.class.getName())
                    .redirectErrorStream(true)
                    .redirectOutput(output.toFile())
                    .start();
            child.getOutputStream().close();
            boolean exited = child.waitFor(EXIT_LIMIT_SECONDS, TimeUnit.SECONDS);
            if (!exited) {
                child.destroyForcibly();
            }
            String printed = Files.readString(output, StandardCharsets.UTF_8);
            assertTrue(exited, "the JVM did not exit within " + EXIT_LIMIT_SECONDS + " s after main returned: " + printed);
            assertEquals(0, child.exitValue(), printed);
            assertTrue(printed.contains("backend VECTOR") && printed.contains("callers agree true"), printed);
        } finally {
            Files.deleteIfExists(output);
        }
    }

    @Test
    void everyPanagradThreadInThisJvmIsADaemon() {
        Kernels vector = Kernels.of(Backend.VECTOR);
        Workloads.gemm(vector, 12, 400, 360, 320, false, false);
        Map<String, Boolean> panagradThreads = Thread.getAllStackTraces().keySet().stream()
                .filter(t -> t.getName().toLowerCase(Locale.ROOT).contains("panagrad"))
                .collect(Collectors.toMap(t -> t.getName() + "#" + t.getId(), Thread::isDaemon, (a, b) -> a && b));
        List<String> nonDaemon = panagradThreads.entrySet().stream().filter(e -> !e.getValue()).map(Map.Entry::getKey).toList();
        assertTrue(nonDaemon.isEmpty(), "non-daemon Panagrad threads: " + nonDaemon);
        assertTrue(Kernels.threads() < 2 || !panagradThreads.isEmpty(),
                "a gemm of 400x360x320 with " + Kernels.threads() + " threads started no helper thread, so nothing was checked");
    }
}
