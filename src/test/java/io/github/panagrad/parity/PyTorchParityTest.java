package io.github.panagrad.parity;

import io.github.panagrad.kernel.Backend;

import org.junit.jupiter.api.DynamicContainer;
import org.junit.jupiter.api.DynamicNode;
import org.junit.jupiter.api.TestFactory;

import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.stream.Stream;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.DynamicContainer.dynamicContainer;
import static org.junit.jupiter.api.DynamicTest.dynamicTest;

/**
 * PyTorch parity: every fixture written by {@code src/test/python/make_fixtures.py} (PyTorch
 * 1.13, float32, one thread) is reproduced by Panagrad's autograd layer on both backends.
 * Per fixture: the forward output, the MSE loss, every parameter gradient and the input
 * gradient after {@code loss.backward()}, then for each optimizer case (SGD with momentum,
 * with dampening and weight decay, with Nesterov momentum; Adam with and without weight
 * decay) the loss before each of 3 steps and the parameters after them.
 *
 * <p><b>Tolerances.</b> No value is compared with a fixed tolerance. {@link ReferenceMlp}
 * and the {@link ReferenceOptimizer}s recompute everything in double from the fixture's
 * float inputs and initial parameters, carrying for each value a radius that bounds
 * <em>any</em> float32 computation of it — PyTorch's and Panagrad's alike, in any
 * summation order, fused or not. Each test asserts {@code |computed − exact| ≤ radius}
 * per element, for PyTorch's recorded values (which checks the reference's semantics:
 * MSE's mean over all elements, the bias, the optimizers' order of operations) and for
 * Panagrad's, so the two agree within twice the radius. The radius of a value is
 * <ul>
 * <li>{@code γ(r + 1)·Σ|terms|} for its own roundings, with r the rounding count that
 *     {@code Kernels} states for the operation (forward gemm: in + 2; weight gradient:
 *     batch + 2; bias gradient: batch + 1; input gradient: out + 2; MSE: n + 3; MSE
 *     gradient: 3; optimizer lines: 2 to 4, each listed on the reference class) and one
 *     more for the double reference's own rounding, and Σ|terms| taken at the terms' largest
 *     possible magnitudes;</li>
 * <li>plus what it inherits from its operands' radii, bounded exactly (a product
 *     {@code ab} inherits {@code ea|b| + |a|eb + ea·eb}; ReLU is 1-Lipschitz; a ReLU
 *     gradient whose input lies within its radius of 0 may take either branch and gets
 *     radius {@code |dy| + e_dy}).</li>
 * </ul>
 * Through the optimizer steps the parameters' radii feed the next forward pass, so the
 * bound for step t accounts for every difference accumulated before. SGD is linear in the
 * gradient: its steps inherit the gradient radius times lr. Adam divides by the gradient's
 * own size: for a component no larger than its radius the direction is undetermined, and
 * the step's radius is then its largest possible size (Cauchy–Schwarz; lr at step 1), see
 * {@link ReferenceAdam}. {@link ToleranceSensitivityTest} shows the radii are tight enough
 * to reject a 2⁻⁶ relative error in every recorded quantity (2⁻⁹ on all but the 784-wide
 * model, whose γ(787) worst case is the loosest).
 *
 * <p>Both backends are required: {@code Kernels.use(VECTOR)} fails when the Vector API is
 * unavailable, so the vector run cannot silently fall back to scalar.
 */
class PyTorchParityTest {

    private static final List<Backend> BACKENDS = List.of(Backend.SCALAR, Backend.VECTOR);

    /** @return per fixture in the index: PyTorch's values and each backend's within the bounds, and full coverage */
    @TestFactory
    Stream<DynamicNode> parity() {
        List<String> exercised = new ArrayList<>();
        List<String> names = Fixture.index();
        Stream<DynamicNode> perFixture = names.stream().map(name -> fixtureTests(name, exercised));
        DynamicNode all = dynamicTest("every fixture in the index was exercised", () ->
                assertEquals(names, exercised, "fixtures whose every check ran"));
        return Stream.concat(perFixture, Stream.of(all));
    }

    private static DynamicContainer fixtureTests(String name, List<String> exercised) {
        ParityCase[] loaded = new ParityCase[1];
        List<DynamicNode> tests = new ArrayList<>();
        tests.add(dynamicTest("PyTorch values within the reference bounds", () -> {
            loaded[0] = new ParityCase(name);
            Map<String, float[]> torch = torchValues(loaded[0]);
            System.out.println(check(loaded[0], "PyTorch", torch, null));
        }));
        for (Backend backend : BACKENDS) {
            tests.add(dynamicTest(backend + " backend within the reference bounds", () -> {
                Map<String, float[]> ours = loaded[0].runPanagrad(backend);
                System.out.println(check(loaded[0], backend.toString(), ours, torchValues(loaded[0])));
            }));
        }
        tests.add(dynamicTest("every entry of the fixture was checked", () -> {
            Set<String> unread = loaded[0].fixture.unread();
            assertEquals(Set.of(), unread, "fixture entries no check read");
            exercised.add(name);
        }));
        return dynamicContainer(name, tests);
    }

    /** PyTorch's value of every reference quantity, read from the fixture. */
    static Map<String, float[]> torchValues(ParityCase parityCase) {
        Map<String, float[]> values = new LinkedHashMap<>();
        for (String key : parityCase.reference().keySet()) {
            values.put(key, parityCase.fixture.floats(key));
        }
        return values;
    }

    private static BoundCheck check(ParityCase parityCase, String who, Map<String, float[]> actual,
                                    Map<String, float[]> torch) {
        assertEquals(parityCase.reference().keySet(), actual.keySet(), "quantities produced by " + who);
        BoundCheck check = new BoundCheck(parityCase.fixture.name() + " " + who);
        for (Map.Entry<String, BoundedMatrix> entry : parityCase.reference().entrySet()) {
            String key = entry.getKey();
            check.within(key, actual.get(key), entry.getValue(), torch == null ? null : torch.get(key));
        }
        return check;
    }
}
