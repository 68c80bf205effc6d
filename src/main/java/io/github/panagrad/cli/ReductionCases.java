package io.github.panagrad.cli;

import static io.github.panagrad.cli.KernelCase.OFFSET;

import java.util.ArrayList;
import java.util.List;
import java.util.function.IntFunction;
import java.util.function.IntToDoubleFunction;

/**
 * The cases of every bounded kernel at one size, each with its double-precision reference
 * and the k its {@link io.github.panagrad.kernel.Kernels} javadoc states: gemm (k = K + 2),
 * column sums (k = m + 1), sum and dot (k = n), MSE (k = n + 3).
 *
 * <p>Each kernel runs on random values, on values that cancel heavily over a wide range of
 * magnitudes, and on values sprinkled with specials (one in 32) from the pool its class
 * allows (see {@link InputValues}). gemm runs every transpose combination on three shapes
 * that put the size in m, n and k in turn, with three alpha/beta variants: beta = 0 over a
 * C full of NaN (C must not be read), a random alpha with beta = 1 (accumulation), and
 * alpha = 0 (A and B must not be read); the last two use leading dimensions wider than
 * the matrices, whose gap elements must stay untouched (their bound is 0).
 */
final class ReductionCases {

    private ReductionCases() {
    }

    /** How the input values of one pass are drawn. */
    private enum Kind {
        RANDOM, CANCELLING, SPECIAL;

        IntFunction<float[]> values(InputValues in, float[] specials) {
            switch (this) {
                case RANDOM:
                    return in::random;
                case CANCELLING:
                    return in::cancelling;
                default:
                    return count -> in.special(count, specials, 32);
            }
        }
    }

    /**
     * @param size the size that each case puts into one of its dimensions
     * @param in where the values come from
     * @return the cases
     */
    static List<KernelCase> cases(int size, InputValues in) {
        List<KernelCase> cases = new ArrayList<>();
        for (Kind kind : Kind.values()) {
            IntFunction<float[]> products = kind.values(in, InputValues.PRODUCT_SPECIALS);
            IntFunction<float[]> sums = kind.values(in, InputValues.SUM_SPECIALS);
            int[][] shapes = {{size, 17, 7}, {7, size, 17}, {17, 7, size}};
            for (int[] shape : shapes) {
                for (int transposes = 0; transposes < 4; transposes++) {
                    for (int variant = 0; variant < 3; variant++) {
                        cases.add(gemm(transposes >= 2, transposes % 2 == 1, shape, variant, in, products));
                    }
                }
            }
            for (int[] shape : new int[][] {{3, size}, {size, 5}}) {
                cases.add(columnSums(shape[0], shape[1], 0f, sums, InputValues.nans(shape[1])));
                cases.add(columnSums(shape[0], shape[1], 1f, sums, in.random(shape[1])));
                cases.add(columnSums(shape[0], shape[1], in.uniform(), sums, in.random(shape[1])));
            }
            cases.add(sum(size, sums));
            cases.add(dot(size, products));
            cases.add(mse(size, products));
        }
        return cases;
    }

    private static KernelCase gemm(boolean transA, boolean transB, int[] shape, int variant,
                                   InputValues in, IntFunction<float[]> values) {
        int m = shape[0];
        int n = shape[1];
        int k = shape[2];
        float alpha = variant == 0 ? 1f : variant == 1 ? in.uniform() : 0f;
        float beta = variant == 0 ? 0f : variant == 1 ? 1f : in.uniform();
        int gap = variant;
        int aRows = transA ? k : m;
        int aCols = transA ? m : k;
        int bRows = transB ? n : k;
        int bCols = transB ? k : n;
        int lda = aCols + gap;
        int ldb = bCols + gap;
        int ldc = n + gap;
        float[] c = variant == 0 ? InputValues.nans(windowLength(m, n, ldc)) : values.apply(windowLength(m, n, ldc));
        return KernelCase.of("gemm")
                .in(values.apply(windowLength(aRows, aCols, lda)))
                .in(values.apply(windowLength(bRows, bCols, ldb)))
                .out(c)
                .bounded((kernels, x) -> kernels.gemm(transA, transB, m, n, k, alpha, x[0], OFFSET, lda,
                                x[1], OFFSET, ldb, beta, x[2], OFFSET, ldc),
                        x -> {
                            double[] exact = new double[c.length];
                            double[] absSum = new double[c.length];
                            for (int e = 0; e < c.length; e++) {
                                exact[e] = x[2][OFFSET + e];
                            }
                            for (int i = 0; i < m; i++) {
                                for (int j = 0; j < n; j++) {
                                    double sum = 0;
                                    double abs = 0;
                                    if (alpha != 0f) {
                                        for (int p = 0; p < k; p++) {
                                            double product = (double) x[0][OFFSET + (transA ? p * lda + i : i * lda + p)]
                                                    * x[1][OFFSET + (transB ? j * ldb + p : p * ldb + j)];
                                            sum += product;
                                            abs += Math.abs(product);
                                        }
                                        sum *= alpha;
                                        abs *= Math.abs(alpha);
                                    }
                                    if (beta != 0f) {
                                        double scaled = (double) beta * x[2][OFFSET + i * ldc + j];
                                        sum += scaled;
                                        abs += Math.abs(scaled);
                                    }
                                    exact[i * ldc + j] = sum;
                                    absSum[i * ldc + j] = abs;
                                }
                            }
                            return new KernelCase.Expected(2, exact, absSum, k + 2L);
                        });
    }

    private static KernelCase columnSums(int m, int n, float beta, IntFunction<float[]> values, float[] y) {
        return KernelCase.of("columnSums").in(values.apply(m * n)).out(y)
                .bounded((kernels, x) -> kernels.columnSums(m, n, x[0], OFFSET, beta, x[1], OFFSET),
                        x -> {
                            double[] exact = new double[n];
                            double[] absSum = new double[n];
                            for (int j = 0; j < n; j++) {
                                for (int i = 0; i < m; i++) {
                                    exact[j] += x[0][OFFSET + i * n + j];
                                    absSum[j] += Math.abs(x[0][OFFSET + i * n + j]);
                                }
                                if (beta != 0f) {
                                    double scaled = (double) beta * x[1][OFFSET + j];
                                    exact[j] += scaled;
                                    absSum[j] += Math.abs(scaled);
                                }
                            }
                            return new KernelCase.Expected(1, exact, absSum, m + 1L);
                        });
    }

    private static KernelCase sum(int n, IntFunction<float[]> values) {
        return KernelCase.of("sum").in(values.apply(n)).out(InputValues.nans(1))
                .bounded((kernels, x) -> x[1][OFFSET] = kernels.sum(n, x[0], OFFSET),
                        x -> scalarReference(1, n, n, i -> x[0][OFFSET + i]));
    }

    private static KernelCase dot(int n, IntFunction<float[]> values) {
        return KernelCase.of("dot").in(values.apply(n)).in(values.apply(n)).out(InputValues.nans(1))
                .bounded((kernels, x) -> x[2][OFFSET] = kernels.dot(n, x[0], OFFSET, x[1], OFFSET),
                        x -> scalarReference(2, n, n, i -> (double) x[0][OFFSET + i] * x[1][OFFSET + i]));
    }

    private static KernelCase mse(int n, IntFunction<float[]> values) {
        return KernelCase.of("mse").in(values.apply(n)).in(values.apply(n)).out(InputValues.nans(1))
                .bounded((kernels, x) -> x[2][OFFSET] = kernels.mse(n, x[0], OFFSET, x[1], OFFSET),
                        x -> scalarReference(2, n, n + 3L, i -> {
                            double d = (double) x[0][OFFSET + i] - x[1][OFFSET + i];
                            return d * d / n;
                        }));
    }

    /** The reference of a kernel returning {@code Σ term(i)} over {@code i < n}, stored into array {@code array}. */
    private static KernelCase.Expected scalarReference(int array, int n, long k, IntToDoubleFunction term) {
        double exact = 0;
        double absSum = 0;
        for (int i = 0; i < n; i++) {
            double t = term.applyAsDouble(i);
            exact += t;
            absSum += Math.abs(t);
        }
        return new KernelCase.Expected(array, new double[] {exact}, new double[] {absSum}, k);
    }

    private static int windowLength(int rows, int cols, int ld) {
        return rows == 0 ? 0 : (rows - 1) * ld + cols;
    }
}
