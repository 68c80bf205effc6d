package io.github.panagrad.kernel;

import java.util.Arrays;

/**
 * The calls one warm-up round makes per {@link KernelFamily}: small inputs that still reach
 * every path and branch the kernels take on large ones, so that the code C2 compiles from
 * them serves any call. gemm: the packed path (full and edge tiles, three canonical k-blocks),
 * the narrow path, both thin paths and the short lines, each with beta 0 and 1 on alternate
 * rounds and every transpose; the elementwise kernels over whole vectors and a tail;
 * the reductions past a whole block of partial sums, columnSums over wide and narrow
 * column blocks; SGD with and without momentum, Nesterov, weight decay and first step, Adam
 * with either branch of its lerp. The arrays are this workload's own and their values stay
 * finite and small, round after round.
 */
final class WarmupWorkload {

    /** Elements per operand of the elementwise and optimizer calls: four vectors of 16 lanes and a tail. */
    private static final int N = 67;
    /** Elements per operand of sum, dot and mse: past one block of 64 partial sums, with a tail (at most 3·N). */
    private static final int REDUCTION_N = 200;
    /**
     * gemm shapes, m × n × k: packed (full and edge tiles), narrow, thin with many and with few
     * elements; short, so that C2's invocation counts fill quickly while the code is still slow.
     */
    private static final int[][] GEMM_SHAPES = {{7, 40, 12}, {70, 5, 12}, {1, 40, 12}, {1, 3, 12}};
    /** Shapes whose longer side fits a vector, computed as short lines in TN. */
    private static final int[][] SHORT_LINES = {{8, 3, 12}, {1, 8, 12}};
    /** Every {@code DEEP_ROUND}-th round runs the shapes over three canonical k-blocks instead. */
    private static final int DEEP_ROUND = 8;
    private static final int DEEP_K = 260;

    private final float[] a = values(70 * 300, 0.5f);
    private final float[] b = values(40 * 300, 0.25f);
    private final float[] c = new float[70 * 40];
    private final float[] x = values(3 * N, 0.75f);
    private final float[] y = values(3 * N, -0.5f);
    private final float[] out = new float[5 * 70];
    private final float[] state = new float[N];
    private final float[] moment = new float[N];
    private float sink;

    /**
     * Whether round {@code round} of the family makes every call of its variants, so that a round
     * that allocates nothing proves the whole family compiled: every gemm round but the deep ones
     * leaves the several-block paths out.
     */
    static boolean isComplete(KernelFamily family, int round) {
        return family != KernelFamily.GEMM || round % DEEP_ROUND == DEEP_ROUND - 1;
    }

    /** One round of the family's calls on {@code vector}; {@code round} alternates the variants. */
    void run(KernelFamily family, KernelSupport vector, int round) {
        switch (family) {
            case GEMM:
                gemm(vector, round);
                break;
            case ELEMENTWISE:
                elementwise(vector, round);
                break;
            case REDUCTIONS:
                reductions(vector);
                break;
            default:
                optimizer(vector, round);
        }
    }

    private void gemm(KernelSupport vector, int round) {
        float beta = round % 2;
        int k = round % DEEP_ROUND == DEEP_ROUND - 1 ? DEEP_K : 0;
        for (int[] shape : GEMM_SHAPES) {
            for (int t = 0; t < 4; t++) {
                product(vector, t >= 2, t % 2 == 1, shape[0], shape[1], k == 0 ? shape[2] : k, beta);
            }
        }
        for (int[] shape : SHORT_LINES) {
            product(vector, true, false, shape[0], shape[1], k == 0 ? shape[2] : k, beta);
        }
    }

    private void product(KernelSupport vector, boolean transA, boolean transB, int m, int n, int k, float beta) {
        vector.gemm(transA, transB, m, n, k, 1f, a, 0, transA ? m : k, b, 0, transB ? k : n, beta, c, 0, n);
    }

    private void elementwise(KernelSupport vector, int round) {
        vector.relu(N, x, 0, out, 0);
        vector.relu(N, out, 0, out, 0);
        vector.reluBackward(N, x, 0, y, 0, out, 0);
        vector.axpy(N, -0.5f, x, 0, out, 0);
        vector.add(N, x, 0, y, 0, out, 0);
        vector.sub(N, out, 0, y, 0, out, 0);
        vector.mul(N, x, 0, y, 0, out, 0);
        vector.scale(N, 0.5f, out, 0, out, 0);
        vector.addScalar(N, 1f, x, 0, out, 0);
        vector.mulAdd(N, x, 0, y, 0, out, 0);
        vector.addRowVector(3, N, x, 0, y, 0, out, 0);
        vector.mseBackward(N, round % 2 == 0 ? 0.01f : -0.01f, x, 0, y, 0, out, 0);
        vector.transpose(5, 13, x, 0, out, 0);
    }

    private void reductions(KernelSupport vector) {
        sink += vector.sum(REDUCTION_N, x, 0);
        sink += vector.dot(REDUCTION_N, x, 0, y, 0);
        sink += vector.mse(REDUCTION_N, x, 0, y, 0);
        vector.columnSums(2, 70, a, 0, 0f, out, 0);
        vector.columnSums(5, 7, a, 0, 1f, out, 0);
        sink = Math.min(sink, 1f);
    }

    private void optimizer(KernelSupport vector, int round) {
        boolean firstStep = round % 2 == 0;
        System.arraycopy(x, 0, out, 0, N);
        vector.sgdStep(N, 0.01f, 0f, 1f, 0f, false, firstStep, out, 0, y, 0, state, 0);
        vector.sgdStep(N, 0.01f, 0.9f, 1f, 0.01f, false, firstStep, out, 0, y, 0, state, 0);
        vector.sgdStep(N, 0.01f, 0.9f, 1f, 0f, true, firstStep, out, 0, y, 0, state, 0);
        for (float beta1 : new float[] {0.9f, 0.3f}) {
            vector.adamStep(N, beta1, 0.999f, 1e-8f, round % 2 == 0 ? 0f : 0.01f, 0.001f, 0.5f,
                    out, 0, y, 0, state, 0, moment, 0);
        }
        Arrays.fill(moment, 0f);
        Arrays.fill(state, 0f);
    }

    private static float[] values(int count, float scale) {
        float[] values = new float[count];
        for (int i = 0; i < count; i++) {
            values[i] = scale * ((i % 13) - 6) / 6f;
        }
        return values;
    }
}
