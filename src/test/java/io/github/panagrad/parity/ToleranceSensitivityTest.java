package io.github.panagrad.parity;

import org.junit.jupiter.api.DynamicTest;
import org.junit.jupiter.api.TestFactory;

import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import java.util.stream.Stream;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.DynamicTest.dynamicTest;

/**
 * The parity bounds are not vacuous: for every quantity a fixture records, PyTorch's values
 * with a relative error of 2⁻⁶ (about 1.6 %) fall outside the reference bounds that the
 * unchanged values pass in {@link PyTorchParityTest}. For values the error multiplies the
 * value; for parameters after optimizer steps it multiplies the distance moved from the
 * initial parameters, so it measures the steps, not the much larger parameters. Errors of
 * that size are what a semantic slip causes: a gradient counted twice, a mean over the
 * wrong count, a missing bias correction or Nesterov term change values by tens of percent
 * or more.
 *
 * <p>2⁻⁶ holds for the 784-wide model, whose worst-case bound is the loosest: γ(787) times
 * Σ|terms| of a 784-term reduction is about 28 (≈ √784) times a typical rounding error, and
 * the forward radius passes on through the next layer. On the narrower models the bounds
 * are far tighter (a 2⁻⁹ relative error is rejected everywhere, 2⁻¹³ in most quantities);
 * docs/numerics.md lists the figures.
 */
class ToleranceSensitivityTest {

    private static final double RELATIVE_ERROR = 0x1p-6;
    private static final Pattern STEP_PARAMETER = Pattern.compile("opt\\.[^.]+\\.step\\d+\\.linear(\\d+)\\.(weight|bias)");

    /** @return per fixture: a 2⁻⁶ relative error is rejected in every recorded quantity */
    @TestFactory
    Stream<DynamicTest> boundsRejectARelativeErrorOfTwoToTheMinusSix() {
        return Fixture.index().stream().map(name -> dynamicTest(name, () -> {
            ParityCase parityCase = new ParityCase(name);
            Map<String, float[]> torch = PyTorchParityTest.torchValues(parityCase);
            List<String> accepted = new ArrayList<>();
            for (Map.Entry<String, BoundedMatrix> entry : parityCase.reference().entrySet()) {
                float[] wrong = perturbed(parityCase, entry.getKey(), torch.get(entry.getKey()));
                if (BoundCheck.accepts(wrong, entry.getValue())) {
                    accepted.add(entry.getKey());
                }
            }
            assertEquals(List.of(), accepted, "quantities whose bounds accept a relative error of 2^-6");
        }));
    }

    private static float[] perturbed(ParityCase parityCase, String key, float[] values) {
        Matcher step = STEP_PARAMETER.matcher(key);
        float[] start = step.matches() ? parityCase.initialParameters()
                .get(2 * Integer.parseInt(step.group(1)) + (step.group(2).equals("bias") ? 1 : 0)) : null;
        float[] wrong = new float[values.length];
        for (int i = 0; i < values.length; i++) {
            double origin = start == null ? 0 : start[i];
            wrong[i] = (float) (origin + (values[i] - origin) * (1 + RELATIVE_ERROR));
        }
        return wrong;
    }
}
