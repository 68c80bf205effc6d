package io.github.panagrad.cli;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.File;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.Test;

/**
 * Runs the program in a JVM started without {@code --add-modules jdk.incubator.vector}, on the
 * class path as {@code java -jar} runs it (this JVM's module path joins the class path); also
 * with bad {@code panagrad.*} system properties, which only a fresh JVM reads.
 */
class JvmWithoutVectorModuleTest {

    private static CliRun runWithoutVectorModule(String... args) throws IOException, InterruptedException {
        return runWithoutVectorModule(List.of(), args);
    }

    private static CliRun runWithoutVectorModule(List<String> jvmOptions, String... args)
            throws IOException, InterruptedException {
        String classPath = System.getProperty("java.class.path") + File.pathSeparator
                + System.getProperty("jdk.module.path", "");
        List<String> command = new ArrayList<>();
        command.add(Path.of(System.getProperty("java.home"), "bin", "java").toString());
        command.addAll(jvmOptions);
        command.addAll(List.of("-cp", classPath, Main.class.getName()));
        command.addAll(List.of(args));
        Process process = new ProcessBuilder(command).start();
        process.getOutputStream().close();
        byte[] out = process.getInputStream().readAllBytes();
        byte[] err = process.getErrorStream().readAllBytes();
        return new CliRun(process.waitFor(), new String(out, StandardCharsets.UTF_8), new String(err, StandardCharsets.UTF_8));
    }

    @Test
    void compareSaysTheVectorBackendIsMissingAndExits3() throws Exception {
        CliRun run = runWithoutVectorModule("compare");
        assertEquals(ExitCode.VECTOR_UNAVAILABLE, run.exitCode(), run.out() + run.err());
        assertEquals("", run.out());
        assertTrue(run.err().contains("panagrad compare: the VECTOR backend is needed but unavailable: the module"
                + " jdk.incubator.vector is not in the boot layer (add --add-modules jdk.incubator.vector"), run.err());
    }

    @Test
    void infoSaysWhyTheVectorApiIsUnusableAndThatScalarIsInUse() throws Exception {
        CliRun run = runWithoutVectorModule("info");
        assertEquals(ExitCode.OK, run.exitCode(), run.err());
        assertTrue(run.out().contains("  Vector API      unavailable: the module jdk.incubator.vector is not in the"
                + " boot layer"), run.out());
        assertTrue(run.out().contains("  species         none\n"), run.out());
        assertTrue(run.out().contains("  backend in use  SCALAR (scalar reference loops)"), run.out());
    }

    @Test
    void trainOnTheVectorBackendExits3WhileAutoFallsBackToScalar() throws Exception {
        CliRun vector = runWithoutVectorModule("train", "--backend", "vector", "--epochs", "1");
        assertEquals(ExitCode.VECTOR_UNAVAILABLE, vector.exitCode(), vector.err());
        assertTrue(vector.err().contains("panagrad train: the VECTOR backend is needed but unavailable"), vector.err());
        CliRun auto = runWithoutVectorModule("train", "--epochs", "1");
        assertEquals(ExitCode.OK, auto.exitCode(), auto.err());
        assertTrue(auto.out().contains("backend    SCALAR"), auto.out());
    }

    @Test
    void aBadBackendPropertyIsReportedByNameOnEveryUse() throws Exception {
        CliRun run = runWithoutVectorModule(List.of("-Dpanagrad.backend=bogus"), "info");
        assertEquals(ExitCode.OK, run.exitCode(), run.err());
        assertTrue(run.out().contains("panagrad.backend = 'bogus' is not one of auto, vector, scalar"), run.out());
    }

    @Test
    void aBadThreadsPropertyIsReportedByName() throws Exception {
        CliRun run = runWithoutVectorModule(List.of("-Dpanagrad.threads=abc"), "info");
        assertEquals(ExitCode.OK, run.exitCode(), run.err());
        assertTrue(run.out().contains("  threads         none: panagrad.threads = 'abc' must be a whole number >= 1"),
                run.out());
        assertFalse(run.err().contains("ExceptionInInitializerError") || run.err().contains("NoClassDefFoundError"),
                run.err());
    }

    @Test
    void trainHonoursTheBackendPropertyWhenNoOptionIsGiven() throws Exception {
        CliRun run = runWithoutVectorModule(List.of("-Dpanagrad.backend=vector"), "train", "--epochs", "1");
        assertEquals(ExitCode.VECTOR_UNAVAILABLE, run.exitCode(), run.out() + run.err());
        assertTrue(run.err().contains("panagrad train: the VECTOR backend is needed but unavailable"), run.err());
    }
}
