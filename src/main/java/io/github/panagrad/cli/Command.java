package io.github.panagrad.cli;

import java.io.PrintStream;
import java.util.List;

/** One sub-command of the program ({@code train}, {@code compare}, {@code info}). */
abstract class Command {

    private final String name;
    private final String summary;
    private final List<Option> options;

    /**
     * @param name the word that selects the command on the command line
     * @param summary one line saying what the command does, for the usage text
     * @param options the options the command accepts, with their defaults
     */
    Command(String name, String summary, List<Option> options) {
        this.name = name;
        this.summary = summary;
        this.options = List.copyOf(options);
    }

    /** @return the word that selects the command on the command line */
    final String name() {
        return name;
    }

    /** @return one line saying what the command does */
    final String summary() {
        return summary;
    }

    /** @return the options the command accepts */
    final List<Option> options() {
        return options;
    }

    /**
     * Runs the command.
     *
     * @param options the parsed command line, defaults filled in
     * @param out where the report goes
     * @param err where warnings and errors go
     * @return the exit code, one of {@link ExitCode}'s
     * @throws UsageException when an option's value is out of range; nothing has been printed then
     */
    abstract int run(Options options, PrintStream out, PrintStream err) throws UsageException;
}
