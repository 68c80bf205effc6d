package io.github.panagrad.cli;

import java.util.Arrays;
import java.util.List;

/**
 * An ASCII chart of the loss per epoch: one {@code *} per plotted epoch, at the row whose
 * level is nearest its loss, on a linear scale from the lowest to the highest loss.
 * Up to 20 epochs get three columns each and a label each; up to 60 one column each; more
 * are sampled to 60 evenly spaced epochs (first and last included). Non-finite losses are
 * left out and counted under the chart.
 */
final class LossChart {

    private static final int HEIGHT = 10;
    private static final int MAX_COLUMNS = 60;
    private static final int WIDE_LIMIT = 20;

    private LossChart() {
    }

    /**
     * @param epochs the epochs, in order; at least one
     * @return the chart, each line ending in a newline
     */
    static String render(List<EpochStats> epochs) {
        int columns = Math.min(epochs.size(), MAX_COLUMNS);
        int width = epochs.size() <= WIDE_LIMIT ? 3 : 1;
        EpochStats[] plotted = new EpochStats[columns];
        for (int c = 0; c < columns; c++) {
            int index = columns == 1 ? 0 : (int) Math.round((double) c * (epochs.size() - 1) / (columns - 1));
            plotted[c] = epochs.get(index);
        }
        double low = Double.POSITIVE_INFINITY;
        double high = Double.NEGATIVE_INFINITY;
        int skipped = 0;
        for (EpochStats epoch : plotted) {
            if (Float.isFinite(epoch.loss())) {
                low = Math.min(low, epoch.loss());
                high = Math.max(high, epoch.loss());
            } else {
                skipped++;
            }
        }
        char[][] grid = new char[HEIGHT][columns * width];
        for (char[] line : grid) {
            Arrays.fill(line, ' ');
        }
        for (int c = 0; c < columns; c++) {
            float loss = plotted[c].loss();
            if (Float.isFinite(loss)) {
                int row = high == low ? HEIGHT / 2 : (int) Math.round((high - loss) / (high - low) * (HEIGHT - 1));
                grid[row][c * width + width / 2] = '*';
            }
        }
        String[] labels = new String[HEIGHT];
        int labelWidth = 0;
        for (int r = 0; r < HEIGHT; r++) {
            double level = high == low ? high : high - r * (high - low) / (HEIGHT - 1);
            labels[r] = skipped == columns ? "" : Numbers.compact(level, 3);
            labelWidth = Math.max(labelWidth, labels[r].length());
        }
        StringBuilder text = new StringBuilder("Loss\n");
        for (int r = 0; r < HEIGHT; r++) {
            text.append(" ".repeat(labelWidth - labels[r].length())).append(labels[r]).append(" |")
                    .append(new String(grid[r]).stripTrailing()).append('\n');
        }
        String indent = " ".repeat(labelWidth + 1);
        text.append(indent).append('+').append("-".repeat(columns * width)).append('\n');
        text.append(indent).append(' ').append(xLabels(plotted, width)).append("  Epochs\n");
        if (skipped > 0) {
            text.append(indent).append("  (").append(skipped).append(" non-finite losses not plotted)\n");
        }
        return text.toString();
    }

    private static String xLabels(EpochStats[] plotted, int width) {
        if (width > 1) {
            StringBuilder text = new StringBuilder();
            for (EpochStats epoch : plotted) {
                String label = Integer.toString(epoch.epoch());
                text.append(" ".repeat(Math.max(0, width / 2 + 1 - label.length()))).append(label)
                        .append(" ".repeat(Math.max(0, width - (width / 2 + 1))));
            }
            return text.toString().stripTrailing();
        }
        char[] line = new char[plotted.length];
        Arrays.fill(line, ' ');
        String first = Integer.toString(plotted[0].epoch());
        String last = Integer.toString(plotted[plotted.length - 1].epoch());
        first.getChars(0, first.length(), line, 0);
        last.getChars(0, last.length(), line, line.length - last.length());
        return new String(line);
    }
}
