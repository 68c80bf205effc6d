package io.github.panagrad.autograd;

import io.github.panagrad.Tensor;
import io.github.panagrad.kernel.Backend;
import io.github.panagrad.kernel.BackendScope;
import io.github.panagrad.kernel.ErrorBound;
import io.github.panagrad.kernel.Kernels;
import io.github.panagrad.nn.Linear;
import io.github.panagrad.nn.Loss;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.MethodSource;

import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Random;
import java.util.function.Function;
import java.util.stream.Stream;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * Numeric gradient checks for every operation on both backends, as
 * {@code torch.autograd.gradcheck}: the gradient that backward computes in float is compared
 * with central finite differences of a double-precision reference of the same operation.
 *
 * <p>The check differentiates {@code L = Σ_i w_i · f_i(inputs)} for a random output gradient
 * {@code w} (so the whole Jacobian is exercised, through {@code backward(w)}). Every
 * operation is a polynomial of degree at most 2 in any one input element (ReLU is linear on
 * each side of 0, and inputs stay at least 0.1 away from it while the step is 2⁻¹⁰), so the
 * central difference has no truncation error: the numeric derivative is exact up to double
 * rounding. The float gradient may then differ by the γ(K) bound of the kernels it runs,
 * {@code γ(K) · Σ|terms|}, where K is the longest chain of roundings in the operation's
 * backward formula (for a product, the longer of its two backward sums plus 2, as gemm states;
 * for a broadcast row vector the rows plus 1, as columnSums states) and {@code Σ|terms|} is the derivative of {@code Σ_i |w_i| · f⁺_i(|inputs|)}
 * with {@code f⁺} the operation with every subtraction turned into an addition; a wrong
 * gradient misses by orders of magnitude more.
 */
class GradientCheckTest {

    private static final double STEP = 0x1p-10;
    /** Bound on the double-rounding error of one evaluation of L, relative to Σ|w_i|·f⁺_i, with room for 64 operations per term. */
    private static final double DOUBLE_EVALUATION = 64 * 0x1p-53;

    /** One operation under test: how to run it on tensors, and its double references. */
    private record OpCase(String name, int[][] shapes, Function<Tensor[], Tensor> op,
                          Function<double[][], double[]> reference, Function<double[][], double[]> absReference,
                          int roundings) {
        @Override
        public String toString() {
            return name;
        }
    }

    static Stream<Arguments> cases() {
        List<OpCase> cases = List.of(
                new OpCase("add", shapes(new int[] {2, 3}, new int[] {2, 3}), t -> t[0].add(t[1]),
                        x -> zip(x[0], x[1], Double::sum), x -> zip(x[0], x[1], Double::sum), 1),
                new OpCase("add [m,n] + [n]", shapes(new int[] {4, 3}, new int[] {3}), t -> t[0].add(t[1]),
                        x -> addRow(x[0], x[1]), x -> addRow(x[0], x[1]), 4 + 1),
                new OpCase("add [n] + [m,n]", shapes(new int[] {3}, new int[] {4, 3}), t -> t[0].add(t[1]),
                        x -> addRow(x[1], x[0]), x -> addRow(x[1], x[0]), 4 + 1),
                new OpCase("add [m,n] + [1,n]", shapes(new int[] {5, 2}, new int[] {1, 2}), t -> t[0].add(t[1]),
                        x -> addRow(x[0], x[1]), x -> addRow(x[0], x[1]), 5 + 1),
                new OpCase("sub", shapes(new int[] {3, 2}, new int[] {3, 2}), t -> t[0].sub(t[1]),
                        x -> zip(x[0], x[1], (a, b) -> a - b), x -> zip(x[0], x[1], Double::sum), 1),
                new OpCase("mul", shapes(new int[] {6}, new int[] {6}), t -> t[0].mul(t[1]),
                        x -> zip(x[0], x[1], (a, b) -> a * b), x -> zip(x[0], x[1], (a, b) -> a * b), 2),
                new OpCase("mul rank 0", shapes(new int[0], new int[0]), t -> t[0].mul(t[1]),
                        x -> zip(x[0], x[1], (a, b) -> a * b), x -> zip(x[0], x[1], (a, b) -> a * b), 2),
                new OpCase("matmul", shapes(new int[] {3, 4}, new int[] {4, 2}), t -> t[0].matmul(t[1]),
                        x -> matmul(x[0], x[1], 3, 4, 2), x -> matmul(x[0], x[1], 3, 4, 2), Math.max(3, 2) + 2),
                new OpCase("t", shapes(new int[] {2, 3}), t -> t[0].t(),
                        x -> transpose(x[0], 2, 3), x -> transpose(x[0], 2, 3), 1),
                new OpCase("relu", shapes(new int[] {2, 4}), t -> t[0].relu(),
                        x -> map(x[0], v -> Math.max(v, 0)), x -> map(x[0], v -> v), 1),
                new OpCase("sum", shapes(new int[] {3, 3}), t -> t[0].sum(),
                        x -> new double[] {sum(x[0])}, x -> new double[] {sum(x[0])}, 1),
                new OpCase("mean", shapes(new int[] {7}), t -> t[0].mean(),
                        x -> new double[] {sum(x[0]) / 7}, x -> new double[] {sum(x[0]) / 7}, 2),
                new OpCase("linear", shapes(new int[] {5, 3}, new int[] {2, 3}, new int[] {2}),
                        t -> new Linear(t[1], t[2]).forward(t[0]),
                        x -> addRow(matmul(x[0], transpose(x[1], 2, 3), 5, 3, 2), x[2]),
                        x -> addRow(matmul(x[0], transpose(x[1], 2, 3), 5, 3, 2), x[2]), Math.max(5, 2) + 2),
                new OpCase("linear without bias, rank-1 input", shapes(new int[] {3}, new int[] {4, 3}),
                        t -> new Linear(t[1], null).forward(t[0]),
                        x -> matmul(x[0], transpose(x[1], 4, 3), 1, 3, 4),
                        x -> matmul(x[0], transpose(x[1], 4, 3), 1, 3, 4), Math.max(1, 4) + 2),
                new OpCase("mse", shapes(new int[] {4, 2}, new int[] {4, 2}), t -> Loss.mse(t[0], t[1]),
                        x -> new double[] {sum(zip(x[0], x[1], (p, q) -> (p - q) * (p - q))) / 8},
                        x -> new double[] {sum(zip(x[0], x[1], (p, q) -> (p + q) * (p + q))) / 8}, 3));
        List<Arguments> arguments = new ArrayList<>();
        for (Backend backend : Backend.values()) {
            for (OpCase c : cases) {
                arguments.add(Arguments.of(backend, c));
            }
        }
        return arguments.stream();
    }

    @ParameterizedTest(name = "{1} on {0}")
    @MethodSource("cases")
    @SuppressWarnings("try") // the scope is opened for its effect on this thread
    void backwardMatchesFiniteDifferences(Backend backend, OpCase c) {
        Random random = new Random(c.name().hashCode() * 31L + backend.ordinal());
        int inputCount = c.shapes().length;
        Tensor[] inputs = new Tensor[inputCount];
        double[][] values = new double[inputCount][];
        for (int i = 0; i < inputCount; i++) {
            float[] data = awayFromZero(random, count(c.shapes()[i]));
            inputs[i] = Tensor.of(data, c.shapes()[i]).requiresGrad(true);
            values[i] = toDouble(data);
        }
        double[] reference = c.reference().apply(values);
        float[] w = awayFromZero(random, reference.length);
        try (BackendScope scope = Kernels.use(backend)) {
            Tensor output = c.op().apply(inputs);
            assertEquals(reference.length, output.numel(), "output size");
            output.backward(Tensor.of(w, output.shape()));
        }
        int checked = 0;
        for (int i = 0; i < inputCount; i++) {
            float[] analytic = inputs[i].grad().toArray();
            assertArrayEquals(c.shapes()[i], inputs[i].grad().shape(), "gradient shape of input " + i);
            for (int j = 0; j < analytic.length; j++) {
                double numeric = derivative(c.reference(), values, w, i, j, false);
                double absTerms = Math.abs(derivative(c.absReference(), values, w, i, j, true));
                double allowed = ErrorBound.allowed(c.roundings(), absTerms)
                        + DOUBLE_EVALUATION * weightedAbs(c.absReference(), values, w) / STEP;
                int input = i;
                int element = j;
                assertTrue(Math.abs(analytic[j] - numeric) <= allowed, () -> c.name() + " on " + backend
                        + ": d/dinput" + input + "[" + element + "] = " + analytic[element] + ", finite differences "
                        + numeric + ", allowed error " + allowed);
                checked++;
            }
        }
        assertEquals(Arrays.stream(c.shapes()).mapToInt(GradientCheckTest::count).sum(), checked);
    }

    /**
     * Central difference of {@code Σ_k w_k f_k} with respect to element j of input i; with
     * {@code absolute}, of {@code Σ_k |w_k| f_k} at the absolute values of the inputs.
     */
    private static double derivative(Function<double[][], double[]> f, double[][] x, float[] w, int i, int j,
                                     boolean absolute) {
        double[][] point = new double[x.length][];
        for (int t = 0; t < x.length; t++) {
            point[t] = absolute ? map(x[t], Math::abs) : x[t].clone();
        }
        double centre = point[i][j];
        point[i][j] = centre + STEP;
        double plus = weighted(f.apply(point), w, absolute);
        point[i][j] = centre - STEP;
        double minus = weighted(f.apply(point), w, absolute);
        return (plus - minus) / (2 * STEP);
    }

    private static double weightedAbs(Function<double[][], double[]> absReference, double[][] x, float[] w) {
        double[][] abs = new double[x.length][];
        for (int t = 0; t < x.length; t++) {
            abs[t] = map(x[t], v -> Math.abs(v) + STEP);
        }
        return weighted(absReference.apply(abs), w, true);
    }

    private static double weighted(double[] y, float[] w, boolean absolute) {
        double s = 0;
        for (int k = 0; k < y.length; k++) {
            s += (absolute ? Math.abs(w[k]) : w[k]) * y[k];
        }
        return s;
    }

    // ---------------------------------------------------------------- double references

    private static double[] zip(double[] a, double[] b, java.util.function.DoubleBinaryOperator f) {
        double[] y = new double[a.length];
        for (int i = 0; i < a.length; i++) {
            y[i] = f.applyAsDouble(a[i], b[i]);
        }
        return y;
    }

    private static double[] map(double[] a, java.util.function.DoubleUnaryOperator f) {
        double[] y = new double[a.length];
        for (int i = 0; i < a.length; i++) {
            y[i] = f.applyAsDouble(a[i]);
        }
        return y;
    }

    private static double[] addRow(double[] matrix, double[] row) {
        double[] y = new double[matrix.length];
        for (int i = 0; i < matrix.length; i++) {
            y[i] = matrix[i] + row[i % row.length];
        }
        return y;
    }

    private static double[] matmul(double[] a, double[] b, int m, int k, int n) {
        double[] c = new double[m * n];
        for (int i = 0; i < m; i++) {
            for (int j = 0; j < n; j++) {
                for (int p = 0; p < k; p++) {
                    c[i * n + j] += a[i * k + p] * b[p * n + j];
                }
            }
        }
        return c;
    }

    private static double[] transpose(double[] a, int rows, int cols) {
        double[] y = new double[a.length];
        for (int i = 0; i < rows; i++) {
            for (int j = 0; j < cols; j++) {
                y[j * rows + i] = a[i * cols + j];
            }
        }
        return y;
    }

    private static double sum(double[] a) {
        double s = 0;
        for (double v : a) {
            s += v;
        }
        return s;
    }

    // ---------------------------------------------------------------- inputs

    private static int[][] shapes(int[]... shapes) {
        return shapes;
    }

    private static int count(int[] shape) {
        int n = 1;
        for (int d : shape) {
            n *= d;
        }
        return n;
    }

    /** Uniform magnitudes in [0.1, 1) with random signs: clear of ReLU's kink by far more than the step. */
    private static float[] awayFromZero(Random random, int n) {
        float[] values = new float[n];
        for (int i = 0; i < n; i++) {
            float magnitude = 0.1f + 0.9f * random.nextFloat();
            values[i] = random.nextBoolean() ? magnitude : -magnitude;
        }
        return values;
    }

    private static double[] toDouble(float[] values) {
        double[] y = new double[values.length];
        for (int i = 0; i < values.length; i++) {
            y[i] = values[i];
        }
        return y;
    }
}
