package io.github.panagrad.cli;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;
import org.junit.jupiter.api.Test;

class MainTest {

    @ParameterizedTest
    @CsvSource(delimiter = '|', value = {
        "train --epochs 0            | panagrad train: --epochs = 0 is out of range [1, 100000]",
        "train --lr -0.1             | panagrad train: --lr = -0.1 must be in (0, 10]",
        "train --backend gpu         | panagrad train: --backend = 'gpu' is not one of auto, vector, scalar",
        "train --optimizer rmsprop   | panagrad train: --optimizer = 'rmsprop' is not one of sgd, adam",
        "train --momentum 1          | panagrad train: --momentum = 1 must be in [0, 1)",
        "train --optimizer adam --momentum 0.9 | panagrad train: --momentum = 0.9 applies to --optimizer sgd only",
        "train --hidden -1           | panagrad train: --hidden = -1 is out of range [0, 4096]",
        "train --accumulate 0        | panagrad train: --accumulate = 0 is out of range [1, 10000]",
        "train --seed x7             | panagrad train: --seed = 'x7' is not an integer",
        "train --speed 3             | panagrad train: unknown option --speed",
        "compare --sizes 3           | panagrad compare: unknown option --sizes",
        "info --verbose 1            | panagrad info: unknown option --verbose",
    })
    void aBadOptionPrintsTheProblemAndTheUsageToStandardErrorAndExits2(String args, String message) {
        CliRun run = CliRun.of(args.trim().split(" +"));
        String command = args.trim().split(" ")[0];
        assertEquals(ExitCode.USAGE, run.exitCode());
        assertEquals("", run.out(), "nothing goes to standard output");
        assertTrue(run.err().startsWith(message + "\n"), run.err());
        assertTrue(run.err().contains("usage: java --add-modules jdk.incubator.vector -jar panagrad.jar " + command
                + " [options]"), run.err());
    }

    @Test
    void noCommandOrAnUnknownOnePrintsTheFullUsageAndExits2() {
        CliRun none = CliRun.of();
        assertEquals(ExitCode.USAGE, none.exitCode());
        assertTrue(none.err().startsWith("panagrad: no command given\nusage: "), none.err());
        CliRun unknown = CliRun.of("fit");
        assertEquals(ExitCode.USAGE, unknown.exitCode());
        assertTrue(unknown.err().startsWith("panagrad: unknown command 'fit'\nusage: "), unknown.err());
        for (String command : new String[] {"train", "compare", "info"}) {
            assertTrue(unknown.err().contains("\n  " + command + " "), command + " is listed:\n" + unknown.err());
        }
    }

    @Test
    void helpGoesToStandardOutputAndExits0() {
        CliRun all = CliRun.of("--help");
        assertEquals(ExitCode.OK, all.exitCode());
        assertTrue(all.out().contains("options of train:") && all.out().contains("--batch N"), all.out());
        assertTrue(all.out().contains("exit codes: 0 success, 1 contract violation (compare), 2 bad command line,"
                + " 3 VECTOR backend needed but unavailable"), all.out());
        CliRun train = CliRun.of("train", "--help");
        assertEquals(ExitCode.OK, train.exitCode());
        assertTrue(train.out().startsWith("usage: java --add-modules jdk.incubator.vector -jar panagrad.jar train"
                + " [options]\noptions of train:\n"), train.out());
        assertEquals("", train.err());
    }
}
