package io.github.panagrad.cli;

import io.github.panagrad.kernel.Kernels;
import java.io.PrintStream;

/**
 * The program's exit codes.
 *
 * <ul>
 *   <li>{@value #OK}: success;</li>
 *   <li>{@value #CONTRACT_VIOLATION}: {@code compare} found a result outside the numerical contract;</li>
 *   <li>{@value #USAGE}: the command line is wrong (unknown command or option, bad value);</li>
 *   <li>{@value #VECTOR_UNAVAILABLE}: the command needs the VECTOR backend and this JVM cannot
 *       provide it (typically {@code --add-modules jdk.incubator.vector} is missing).</li>
 * </ul>
 */
final class ExitCode {

    static final int OK = 0;
    static final int CONTRACT_VIOLATION = 1;
    static final int USAGE = 2;
    static final int VECTOR_UNAVAILABLE = 3;

    private ExitCode() {
    }

    /**
     * Says on {@code err} that {@code command} needs the VECTOR backend and why it is unusable.
     *
     * @return {@link #VECTOR_UNAVAILABLE}
     */
    static int vectorUnavailable(PrintStream err, String command) {
        err.println("panagrad " + command + ": the VECTOR backend is needed but " + Kernels.vectorStatus());
        return VECTOR_UNAVAILABLE;
    }
}
