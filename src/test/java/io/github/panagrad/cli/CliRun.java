package io.github.panagrad.cli;

import java.io.ByteArrayOutputStream;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import java.util.List;

/** One run of the program with its standard output and error captured. */
record CliRun(int exitCode, String out, String err) {

    /** Runs {@code args} with the production commands. */
    static CliRun of(String... args) {
        return with(List.of(new TrainCommand(), CompareCommand.withContractBound(), new InfoCommand()), args);
    }

    /** Runs {@code args} with the given commands. */
    static CliRun with(List<Command> commands, String... args) {
        ByteArrayOutputStream out = new ByteArrayOutputStream();
        ByteArrayOutputStream err = new ByteArrayOutputStream();
        int code;
        try (PrintStream o = new PrintStream(out, true, StandardCharsets.UTF_8);
             PrintStream e = new PrintStream(err, true, StandardCharsets.UTF_8)) {
            code = Main.run(commands, args, o, e);
        }
        return new CliRun(code, out.toString(StandardCharsets.UTF_8), err.toString(StandardCharsets.UTF_8));
    }
}
