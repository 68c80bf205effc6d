package io.github.panagrad.cli;

import io.github.panagrad.kernel.Backend;
import io.github.panagrad.kernel.Kernels;
import java.io.PrintStream;

/**
 * {@code train}: trains the seed model on synthetic data and prints the data flow of the
 * first step, the epoch table and the loss chart ({@link TrainReport}).
 */
final class TrainCommand extends Command {

    TrainCommand() {
        super("train", "train the seed model (Linear -> ReLU -> MSE -> backward -> step) and show each stage",
                TrainConfig.OPTIONS);
    }

    @Override
    int run(Options options, PrintStream out, PrintStream err) throws UsageException {
        TrainConfig config = TrainConfig.from(options);
        Backend backend;
        switch (config.backend()) {
            case "vector":
                if (!Kernels.vectorAvailable()) {
                    return ExitCode.vectorUnavailable(err, name());
                }
                backend = Backend.VECTOR;
                break;
            case "scalar":
                backend = Backend.SCALAR;
                break;
            default:
                try {
                    backend = Kernels.current().backend();
                } catch (UnsupportedOperationException e) {
                    return ExitCode.vectorUnavailable(err, name());
                }
        }
        SyntheticData data = SyntheticData.generate(config.samples(), config.seed());
        TrainReport.print(config, data, Training.run(config, data, backend), out);
        return ExitCode.OK;
    }
}
