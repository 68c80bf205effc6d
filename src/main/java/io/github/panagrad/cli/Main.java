package io.github.panagrad.cli;

import java.io.PrintStream;
import java.util.Arrays;
import java.util.List;

/**
 * The command-line program:
 * {@code java --add-modules jdk.incubator.vector -jar panagrad.jar <command> [options]}
 * with the commands {@code train}, {@code compare} and {@code info}. Exit codes are
 * listed in {@link ExitCode}.
 */
public final class Main {

    private static final String INVOCATION = "java --add-modules jdk.incubator.vector -jar panagrad.jar";
    private static final List<String> HELP = List.of("help", "--help", "-h");

    private Main() {
    }

    /**
     * Runs the command named by {@code args[0]} and exits the JVM with its exit code.
     *
     * @param args the command word followed by its options
     */
    public static void main(String[] args) {
        System.exit(run(List.of(new TrainCommand(), CompareCommand.withContractBound(), new InfoCommand()),
                args, System.out, System.err));
    }

    /**
     * Runs one command from {@code commands}: the one named by {@code args[0]}.
     *
     * @return the command's exit code, or {@link ExitCode#USAGE} when the command line is wrong
     */
    static int run(List<Command> commands, String[] args, PrintStream out, PrintStream err) {
        if (args.length == 0) {
            err.println("panagrad: no command given");
            err.print(usage(commands));
            return ExitCode.USAGE;
        }
        if (HELP.contains(args[0])) {
            out.print(usage(commands));
            return ExitCode.OK;
        }
        Command command = commands.stream().filter(c -> c.name().equals(args[0])).findFirst().orElse(null);
        if (command == null) {
            err.println("panagrad: unknown command '" + args[0] + "'");
            err.print(usage(commands));
            return ExitCode.USAGE;
        }
        List<String> rest = Arrays.asList(args).subList(1, args.length);
        if (rest.stream().anyMatch(HELP::contains)) {
            out.print(usage(command));
            return ExitCode.OK;
        }
        try {
            return command.run(Options.parse(command.options(), rest), out, err);
        } catch (UsageException e) {
            err.println("panagrad " + command.name() + ": " + e.getMessage());
            err.print(usage(command));
            return ExitCode.USAGE;
        }
    }

    private static String usage(List<Command> commands) {
        StringBuilder text = new StringBuilder("usage: " + INVOCATION + " <command> [options]\n\ncommands:\n");
        TextTable table = new TextTable("", "");
        for (Command command : commands) {
            table.row(command.name(), command.summary());
        }
        text.append(table.render("  "));
        for (Command command : commands) {
            text.append('\n').append(optionList(command));
        }
        return text.append("\nexit codes: ").append(ExitCode.OK).append(" success, ")
                .append(ExitCode.CONTRACT_VIOLATION).append(" contract violation (compare), ")
                .append(ExitCode.USAGE).append(" bad command line, ")
                .append(ExitCode.VECTOR_UNAVAILABLE).append(" VECTOR backend needed but unavailable\n")
                .toString();
    }

    private static String usage(Command command) {
        return "usage: " + INVOCATION + " " + command.name() + " [options]\n" + optionList(command);
    }

    private static String optionList(Command command) {
        if (command.options().isEmpty()) {
            return command.name() + " takes no options\n";
        }
        TextTable table = new TextTable("", "", "");
        for (Option option : command.options()) {
            table.row("--" + option.name() + " " + option.valueName(), option.help(), "(default " + option.defaultValue() + ")");
        }
        return "options of " + command.name() + ":\n" + table.render("  ");
    }
}
