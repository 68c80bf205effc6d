package io.github.panagrad.cli;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.Test;

class LossChartTest {

    private static List<EpochStats> losses(float... losses) {
        List<EpochStats> epochs = new ArrayList<>();
        for (int i = 0; i < losses.length; i++) {
            epochs.add(new EpochStats(i + 1, losses[i], 0.5f, 1.0));
        }
        return epochs;
    }

    @Test
    void eachEpochIsOneStarOnTheRowNearestItsLoss() {
        String chart = LossChart.render(losses(0.5f, 0.4f, 0.31f, 0.2f, 0.1f));
        assertEquals(String.join("\n",
                "Loss",
                "  0.5 | *",
                "0.456 |",
                "0.411 |    *",
                "0.367 |",
                "0.322 |       *",
                "0.278 |",
                "0.233 |",
                "0.189 |          *",
                "0.144 |",
                "  0.1 |             *",
                "      +---------------",
                "        1  2  3  4  5  Epochs",
                ""), chart);
    }

    @Test
    void longRunsAreSampledToSixtyColumnsAndNonFiniteLossesAreCounted() {
        float[] values = new float[200];
        for (int i = 0; i < values.length; i++) {
            values[i] = i == 199 ? Float.NaN : 1f / (i + 1);
        }
        String chart = LossChart.render(losses(values));
        assertEquals(59, chart.chars().filter(c -> c == '*').count(), "60 sampled epochs, the last one NaN:\n" + chart);
        assertTrue(chart.matches("(?s).*\n +1 {56}200  Epochs\n.*"), chart);
        assertTrue(chart.contains("(1 non-finite losses not plotted)"), chart);
        assertTrue(chart.matches("(?s)Loss\n +1 \\|\\*\n.*"), "the first epoch is the highest loss:\n" + chart);
    }
}
