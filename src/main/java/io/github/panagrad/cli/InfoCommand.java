package io.github.panagrad.cli;

import io.github.panagrad.kernel.Backend;
import io.github.panagrad.kernel.Kernels;
import java.io.PrintStream;
import java.util.List;

/**
 * {@code info}: the JDK, whether the Vector API is usable (and why not), the vector species
 * and lane count, the state of each kernel family's warm-up, the backend the autograd layer
 * would use, the gemm thread count and the available processors.
 */
final class InfoCommand extends Command {

    InfoCommand() {
        super("info", "show the JDK, Vector API status, species and lanes, backend in use and threads", List.of());
    }

    @Override
    int run(Options options, PrintStream out, PrintStream err) {
        TextTable table = new TextTable("", "")
                .row("JDK", System.getProperty("java.version") + " (" + System.getProperty("java.vendor") + ")")
                .row("JVM", System.getProperty("java.vm.name") + " " + System.getProperty("java.vm.version")
                        + " (" + System.getProperty("java.vm.info") + ")")
                .row("Vector API", Kernels.vectorStatus())
                .row("species", Kernels.vectorAvailable() ? Kernels.of(Backend.VECTOR).describe() : "none")
                .row("warm-up", warmup())
                .row("backend in use", backendInUse())
                .row("threads", threadsInUse())
                .row("processors", Runtime.getRuntime().availableProcessors());
        out.println("panagrad info");
        out.print(table.render("  "));
        return ExitCode.OK;
    }

    private static String threadsInUse() {
        try {
            return Kernels.threads() + " for gemm (system property panagrad.threads)";
        } catch (IllegalArgumentException e) {
            return "none: " + e.getMessage();
        }
    }

    /** Each kernel family's warm-up state and the property behind it, or why there is none. */
    private static String warmup() {
        String status = Kernels.warmupStatus();
        return status.startsWith("off") ? status
                : status + " (system property panagrad.warmup = " + System.getProperty("panagrad.warmup", "on") + ")";
    }

    private static String backendInUse() {
        String choice = "system property " + Kernels.BACKEND_PROPERTY + " = "
                + System.getProperty(Kernels.BACKEND_PROPERTY, "auto");
        try {
            return Kernels.current() + ", from " + choice;
        } catch (IllegalArgumentException | UnsupportedOperationException e) {
            return "none: " + e.getMessage();
        }
    }
}
