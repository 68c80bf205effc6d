package io.github.panagrad.cli;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.github.panagrad.kernel.Backend;
import io.github.panagrad.kernel.Kernels;
import java.util.List;
import org.junit.jupiter.api.Test;

class InfoCommandTest {

    @Test
    void infoReportsTheJdkTheVectorApiTheBackendAndTheThreads() {
        CliRun run = CliRun.of("info");
        assertEquals(ExitCode.OK, run.exitCode(), run.err());
        assertTrue(Kernels.vectorAvailable(), "the tests run with the VECTOR backend: " + Kernels.vectorStatus());
        String species = Kernels.of(Backend.VECTOR).describe();
        for (String line : List.of(
                "panagrad info\n",
                "  JDK             " + System.getProperty("java.version") + " (" + System.getProperty("java.vendor") + ")\n",
                "  JVM             " + System.getProperty("java.vm.name") + " ",
                "  Vector API      usable: " + species + "\n",
                "  species         " + species + "\n",
                "  backend in use  " + Kernels.current() + ", from system property panagrad.backend = ",
                "  threads         " + Kernels.threads() + " for gemm (system property panagrad.threads)\n",
                "  processors      " + Runtime.getRuntime().availableProcessors() + "\n")) {
            assertTrue(run.out().contains(line), "missing <" + line + "> in\n" + run.out());
        }
        assertTrue(species.matches("\\d+-bit species, \\d+ float lanes"), species);
        String expected = "off".equals(System.getProperty("panagrad.warmup")) ? "off \\(system property panagrad.warmup = off\\)"
                : "gemm (cold|warming|ready), elementwise (cold|warming|ready), reductions (cold|warming|ready),"
                        + " optimizer (cold|warming|ready) \\(system property panagrad.warmup = on\\)";
        assertTrue(run.out().matches("(?s).*\n  warm-up         " + expected + "\n.*"), run.out());
    }
}
