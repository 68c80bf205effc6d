package io.github.panagrad.cli;

/**
 * One command-line option, written {@code --name value} or {@code --name=value}.
 *
 * @param name the option's name without the leading dashes
 * @param valueName what the value is, for the usage text (for example {@code N} or {@code sgd|adam})
 * @param defaultValue the value used when the option is absent
 * @param help one line saying what the option does
 */
record Option(String name, String valueName, String defaultValue, String help) {
}
