package io.github.panagrad.cli;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;

import java.util.List;
import org.junit.jupiter.api.Test;

class OptionsTest {

    private static final List<Option> KNOWN = List.of(
            new Option("epochs", "N", "20", "passes"),
            new Option("lr", "X", "0.05", "learning rate"),
            new Option("optimizer", "sgd|adam", "sgd", "optimizer"));

    private static Options parse(String... args) throws UsageException {
        return Options.parse(KNOWN, List.of(args));
    }

    private static String failure(String... args) {
        return assertThrows(UsageException.class, () -> {
            Options options = parse(args);
            options.integer("epochs", 1, 100);
            options.decimal("lr", v -> v > 0 && v <= 10, "in (0, 10]");
            options.choice("optimizer", List.of("sgd", "adam"));
        }).getMessage();
    }

    @Test
    void absentOptionsTakeTheirDefaults() throws UsageException {
        Options options = parse();
        assertEquals(20, options.integer("epochs", 1, 100));
        assertEquals(0.05f, options.decimal("lr", v -> v > 0, "positive"));
        assertEquals("sgd", options.choice("optimizer", List.of("sgd", "adam")));
    }

    @Test
    void bothSpellingsOfAValueAreAccepted() throws UsageException {
        Options options = parse("--epochs", "7", "--lr=0.5", "--optimizer", "adam");
        assertEquals(7, options.integer("epochs", 1, 100));
        assertEquals(0.5f, options.decimal("lr", v -> v > 0, "positive"));
        assertEquals("adam", options.choice("optimizer", List.of("sgd", "adam")));
    }

    @Test
    void malformedCommandLinesNameTheOffendingArgument() {
        assertEquals("unknown option --epoch", failure("--epoch", "3"));
        assertEquals("--epochs needs a value", failure("--epochs"));
        assertEquals("--epochs is given twice ('3' and '4')", failure("--epochs", "3", "--epochs=4"));
        assertEquals("unexpected argument '3' (options are written --name value)", failure("3"));
        assertEquals("unexpected argument '--' (options are written --name value)", failure("--"));
    }

    @Test
    void badValuesNameTheOptionAndTheValue() {
        assertEquals("--epochs = 'ten' is not an integer", failure("--epochs", "ten"));
        assertEquals("--epochs = 0 is out of range [1, 100]", failure("--epochs", "0"));
        assertEquals("--epochs = 101 is out of range [1, 100]", failure("--epochs", "101"));
        assertEquals("--lr = 'fast' is not a number", failure("--lr", "fast"));
        assertEquals("--lr = -1 must be in (0, 10]", failure("--lr", "-1"));
        assertEquals("--lr = NaN must be in (0, 10]", failure("--lr", "NaN"));
        assertEquals("--lr = Infinity must be in (0, 10]", failure("--lr", "Infinity"));
        assertEquals("--optimizer = 'rmsprop' is not one of sgd, adam", failure("--optimizer", "rmsprop"));
    }
}
