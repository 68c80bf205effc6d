package io.github.panagrad.cli;

/**
 * A command line that cannot be run as written: an unknown command or option, a missing
 * value, or a value out of range. The message names the option and the value; the
 * program prints it with the usage text and exits with {@link ExitCode#USAGE}.
 */
final class UsageException extends Exception {

    private static final long serialVersionUID = 1L;

    UsageException(String message) {
        super(message);
    }
}
