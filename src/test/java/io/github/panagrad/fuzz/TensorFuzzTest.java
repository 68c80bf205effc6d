package io.github.panagrad.fuzz;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;
import static org.junit.jupiter.api.Assertions.fail;

import io.github.panagrad.Tensor;
import io.github.panagrad.contract.ValueClass;
import io.github.panagrad.contract.Values;
import io.github.panagrad.kernel.Backend;
import io.github.panagrad.kernel.BackendScope;
import io.github.panagrad.kernel.ErrorBound;
import io.github.panagrad.kernel.Kernels;

import java.util.Arrays;
import java.util.Random;
import java.util.function.BinaryOperator;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.Test;

/**
 * Random shapes through the Tensor API: elementwise add (with row-vector broadcasting), sub
 * and mul forward and backward give the same bits on both backends; matmul and its
 * gradients stay within their γ bounds on each; shapes that do not fit an operation are
 * rejected with an {@link IllegalArgumentException} naming both shapes, leaving the operands
 * as they were.
 */
class TensorFuzzTest {

    private static final int ELEMENTWISE_CASES = 1500;
    private static final int MATMUL_CASES = 300;
    private static final int MISMATCH_CASES = 2000;
    private static final String[] ELEMENTWISE = {"add", "sub", "mul"};

    private static final FuzzRun RUN = new FuzzRun("tensor");

    /** One backend's forward value and operand gradients. */
    private record Outcome(float[] value, float[] gradA, float[] gradB) {
    }

    @Test
    void elementwiseOpsOnRandomShapesGiveTheSameBitsOnBothBackends() {
        int cases = FuzzRun.cases(ELEMENTWISE_CASES);
        for (int index = 0; index < cases; index++) {
            Random r = RUN.caseRandom("elementwise", index);
            String op = ELEMENTWISE[r.nextInt(ELEMENTWISE.length)];
            int[][] shapes = op.equals("add") ? addShapes(r) : sameShapes(r);
            float[] a = values(r, shapes[0], Values.ADVERSARIAL);
            float[] b = values(r, shapes[1], Values.ADVERSARIAL);
            int[] outShape = rowVectorOf(shapes[0], shapes[1]) && !Arrays.equals(shapes[0], shapes[1]) ? shapes[1] : shapes[0];
            float[] g = values(r, outShape, Values.REGULAR);
            String where = RUN.replay("elementwise", index) + ": " + op + " " + Arrays.toString(shapes[0]) + ", "
                    + Arrays.toString(shapes[1]);
            Outcome scalar = elementwise(Backend.SCALAR, op, shapes, a, b, g);
            Outcome vector = elementwise(Backend.VECTOR, op, shapes, a, b, g);
            assertSameBits(where + ", value", scalar.value(), vector.value());
            assertGradient(where + ", gradient of a", shapes[0], outShape, g, scalar.gradA(), vector.gradA());
            assertGradient(where + ", gradient of b", shapes[1], outShape, g, scalar.gradB(), vector.gradB());
        }
        RUN.count("elementwise", cases);
    }

    @Test
    void matmulOnRandomShapesStaysWithinItsBoundOnBothBackends() {
        int cases = FuzzRun.cases(MATMUL_CASES);
        for (int index = 0; index < cases; index++) {
            Random r = RUN.caseRandom("matmul", index);
            int m = r.nextInt(41);
            int k = r.nextInt(41);
            int n = r.nextInt(41);
            float[] a = values(r, new int[] {m, k}, Values.REGULAR);
            float[] b = values(r, new int[] {k, n}, Values.REGULAR);
            float[] g = values(r, new int[] {m, n}, Values.REGULAR);
            for (Backend backend : Backend.values()) {
                String where = RUN.replay("matmul", index) + ": [" + m + ", " + k + "] x [" + k + ", " + n + "] on " + backend;
                try (BackendScope scope = Kernels.use(backend)) {
                    Tensor ta = Tensor.of(a, m, k).requiresGrad(true);
                    Tensor tb = Tensor.of(b, k, n).requiresGrad(true);
                    Tensor c = ta.matmul(tb);
                    assertArrayEquals(new int[] {m, n}, c.shape(), where);
                    c.backward(Tensor.of(g, m, n));
                    assertProduct(where + ", value", c.toArray(), a, b, m, k, n, false, false);
                    assertProduct(where + ", gradient of a = g·bᵀ", ta.grad().toArray(), g, b, m, n, k, false, true);
                    assertProduct(where + ", gradient of b = aᵀ·g", tb.grad().toArray(), a, g, k, m, n, true, false);
                }
            }
        }
        RUN.count("matmul", cases);
    }

    @Test
    void shapesThatDoNotFitAreRejectedNamingBoth() {
        int cases = FuzzRun.cases(MISMATCH_CASES);
        int rejected = 0;
        for (int index = 0; index < cases; index++) {
            Random r = RUN.caseRandom("mismatch", index);
            String op = r.nextInt(4) == 0 ? "matmul" : ELEMENTWISE[r.nextInt(ELEMENTWISE.length)];
            int[] shapeA = randomShape(r, 3, 4);
            int[] shapeB = r.nextInt(4) == 0 ? nearShape(r, shapeA) : randomShape(r, 3, 4);
            if (fits(op, shapeA, shapeB)) {
                continue;
            }
            rejected++;
            float[] a = values(r, shapeA, Values.REGULAR);
            float[] b = values(r, shapeB, Values.REGULAR);
            Tensor ta = Tensor.of(a, shapeA).requiresGrad(true);
            Tensor tb = Tensor.of(b, shapeB).requiresGrad(true);
            String where = RUN.replay("mismatch", index) + ": " + op + " " + Arrays.toString(shapeA) + ", " + Arrays.toString(shapeB);
            IllegalArgumentException e = assertThrows(IllegalArgumentException.class, () -> apply(op, ta, tb), where);
            assertTrue(e.getMessage().contains(Arrays.toString(shapeA)) && e.getMessage().contains(Arrays.toString(shapeB)),
                    where + ": message '" + e.getMessage() + "' does not name both shapes");
            assertArrayEquals(a, ta.toArray(), where);
            assertArrayEquals(b, tb.toArray(), where);
            assertNull(ta.grad(), where);
        }
        assertTrue(rejected > cases / 2, "only " + rejected + " of " + cases + " shape pairs did not fit");
        RUN.count("mismatch", rejected);
    }

    @AfterAll
    static void printTally() {
        System.out.println(RUN.summary());
    }

    // ---------------------------------------------------------------- running

    private static Outcome elementwise(Backend backend, String op, int[][] shapes, float[] a, float[] b, float[] g) {
        try (BackendScope scope = Kernels.use(backend)) {
            Tensor ta = Tensor.of(a, shapes[0]).requiresGrad(true);
            Tensor tb = Tensor.of(b, shapes[1]).requiresGrad(true);
            Tensor out = apply(op, ta, tb);
            out.backward(Tensor.of(g, out.shape()));
            return new Outcome(out.toArray(), ta.grad().toArray(), tb.grad().toArray());
        }
    }

    private static Tensor apply(String op, Tensor a, Tensor b) {
        BinaryOperator<Tensor> operation;
        switch (op) {
            case "add": operation = Tensor::add; break;
            case "sub": operation = Tensor::sub; break;
            case "mul": operation = Tensor::mul; break;
            default: operation = Tensor::matmul; break;
        }
        return operation.apply(a, b);
    }

    // ---------------------------------------------------------------- checks

    private static void assertSameBits(String where, float[] expected, float[] actual) {
        assertEquals(expected.length, actual.length, where);
        for (int i = 0; i < expected.length; i++) {
            if (Float.floatToIntBits(expected[i]) != Float.floatToIntBits(actual[i])) {
                fail(where + "[" + i + "]: SCALAR " + expected[i] + ", VECTOR " + actual[i]);
            }
        }
    }

    /**
     * The gradient of an operand of the output's shape is elementwise (bit-exact across
     * backends); that of a broadcast row vector sums {@code g} over the rows, which each
     * backend must do within γ(rows + 1).
     */
    private static void assertGradient(String where, int[] operandShape, int[] outShape, float[] g,
                                       float[] scalar, float[] vector) {
        if (Arrays.equals(operandShape, outShape)) {
            assertSameBits(where, scalar, vector);
            return;
        }
        int rows = outShape[0];
        int cols = outShape[1];
        for (int j = 0; j < cols; j++) {
            double exact = 0;
            double absSum = 0;
            for (int i = 0; i < rows; i++) {
                exact += g[i * cols + j];
                absSum += Math.abs(g[i * cols + j]);
            }
            for (float[] computed : new float[][] {scalar, vector}) {
                if (!ErrorBound.holds(computed[j], exact, rows + 1L, absSum)) {
                    fail(where + "[" + j + "] = " + computed[j] + " is off the column sum " + exact + " beyond γ(" + (rows + 1) + ")");
                }
            }
        }
    }

    /** {@code computed} is {@code op(x)·op(y)} ({@code rows × inner} times {@code inner × cols}) within γ(inner + 2) per element. */
    private static void assertProduct(String where, float[] computed, float[] x, float[] y, int rows, int inner, int cols,
                                      boolean transX, boolean transY) {
        assertEquals(rows * cols, computed.length, where);
        for (int i = 0; i < rows; i++) {
            for (int j = 0; j < cols; j++) {
                double exact = 0;
                double absSum = 0;
                for (int p = 0; p < inner; p++) {
                    double term = (double) (transX ? x[p * rows + i] : x[i * inner + p]) * (transY ? y[j * inner + p] : y[p * cols + j]);
                    exact += term;
                    absSum += Math.abs(term);
                }
                if (!ErrorBound.holds(computed[i * cols + j], exact, inner + 2L, absSum)) {
                    fail(where + "[" + i + "][" + j + "] = " + computed[i * cols + j] + ", exact " + exact
                            + ", beyond γ(" + (inner + 2) + ")·" + absSum);
                }
            }
        }
    }

    // ---------------------------------------------------------------- shapes and values

    /** Equal shapes of rank 0..3, or an [m, n] matrix and an [n] or [1, n] row vector in either order. */
    private static int[][] addShapes(Random r) {
        if (r.nextBoolean()) {
            return sameShapes(r);
        }
        int m = r.nextInt(12);
        int n = r.nextInt(40);
        int[] matrix = {m, n};
        int[] vector = r.nextBoolean() ? new int[] {n} : new int[] {1, n};
        return r.nextBoolean() ? new int[][] {matrix, vector} : new int[][] {vector, matrix};
    }

    private static int[][] sameShapes(Random r) {
        int[] shape = randomShape(r, 3, 40);
        return new int[][] {shape, shape.clone()};
    }

    /** A shape of rank 0..maxRank with dimensions 0..maxDim, at most a few thousand elements. */
    private static int[] randomShape(Random r, int maxRank, int maxDim) {
        int[] shape = new int[r.nextInt(maxRank + 1)];
        for (int d = 0; d < shape.length; d++) {
            shape[d] = r.nextInt((d == 0 ? maxDim : Math.min(maxDim, 12)) + 1);
        }
        return shape;
    }

    /** {@code shape} with one dimension changed by one, or a dimension added or dropped: a near miss. */
    private static int[] nearShape(Random r, int[] shape) {
        if (shape.length == 0 || r.nextInt(3) == 0) {
            int[] longer = Arrays.copyOf(shape, shape.length + 1);
            longer[shape.length] = 1 + r.nextInt(3);
            return longer;
        }
        int[] changed = shape.clone();
        int d = r.nextInt(shape.length);
        changed[d] = changed[d] == 0 ? 1 : changed[d] + (r.nextBoolean() ? 1 : -1);
        return changed;
    }

    /** The documented rules: equal shapes; for add also a row vector over a matrix; for matmul [m, k] × [k, n]. */
    private static boolean fits(String op, int[] a, int[] b) {
        switch (op) {
            case "add":
                return Arrays.equals(a, b) || rowVectorOf(a, b) || rowVectorOf(b, a);
            case "matmul":
                return a.length == 2 && b.length == 2 && a[1] == b[0];
            default:
                return Arrays.equals(a, b);
        }
    }

    private static boolean rowVectorOf(int[] vector, int[] matrix) {
        return matrix.length == 2 && (Arrays.equals(vector, new int[] {matrix[1]}) || Arrays.equals(vector, new int[] {1, matrix[1]}));
    }

    /** {@code shape}'s element count of values from {@code values}. */
    private static float[] values(Random r, int[] shape, Values values) {
        float[] data = new float[Tensor.zeros(shape).numel()];
        for (int i = 0; i < data.length; i++) {
            data[i] = values.next(ValueClass.ANY, r);
        }
        return data;
    }
}
