package io.github.panagrad.kernel;

import java.util.Arrays;

/**
 * The calls one warm-up round makes per {@link KernelFamily}, shaped by how C2 compiles the
 * Vector API:
 * <ul>
 *   <li>C2 compiles a method once it has been called some thousands of times, so ordinary
 *       rounds are cheap: a few vectors per loop, many calls per second even while the code is
 *       still slow;</li>
 *   <li>but a loop whose profile shows it running only once or twice is compiled in a way that
 *       allocates its vectors, which a later long call pays on every iteration; so every loop
 *       runs at least eight times per call (131 elements: eight 16-lane vectors, 32 of 4 lanes);</li>
 *   <li>and a branch never taken is compiled as a trap back into the interpreter; so the calls
 *       take every path large calls take: every gemm path and transpose, full and edge tiles,
 *       beta 0 and 1, operands that end where their window ends (the vector kernels finish
 *       those in scalar form), several canonical k-blocks, every optimizer variant.</li>
 * </ul>
 * Once a family's rounds allocate nothing, a probe makes calls of realistic size (4,099
 * elements, gemm 128 × 128 × 260): a probe that allocates nothing (but gemm's small job
 * objects) shows that the family's compiled code serves large calls too. Probes run only
 * then, since the same calls on code not yet compiled would allocate hundreds of megabytes.
 * The arrays are this workload's own; their values stay finite, round after round.
 */
final class WarmupWorkload {

    /** Elements of an ordinary call: eight 16-lane vectors and a tail. */
    private static final int SMALL = 131;
    /** Elements of a probe call: past 64 blocks of the 64 partial sums, with a tail. */
    private static final int LARGE = 4099;
    /** gemm shapes of every round, m × n × k: packed (full and edge tiles), narrow, thin with many and with few elements. */
    private static final int[][] GEMM_SHAPES = {{64, 64, 16}, {64, 8, 16}, {1, 64, 16}, {1, 3, 64}};
    /** gemm shapes of a probe: a packed product over three k-blocks, and the thin and narrow ones as deep. */
    private static final int[][] PROBE_SHAPES = {{128, 128, 260}, {64, 8, 260}, {1, 64, 260}, {1, 3, 260}};
    /** Shapes whose longer side fits a vector (TN), on operands that end where the product ends. */
    private static final int[][] SHORT_LINES = {{8, 3, 64}, {1, 8, 64}};
    /** gemm calls of a round or a probe, at most, for {@link #compiledRoundBytes}. */
    private static final int GEMMS = 4 * Math.max(GEMM_SHAPES.length, PROBE_SHAPES.length) + SHORT_LINES.length;

    private final float[] a = values(128 * 260, 0.5f);
    private final float[] b = values(128 * 260, 0.25f);
    private final float[] c = new float[128 * 128];
    private final float[] x = values(3 * LARGE, 0.75f);
    private final float[] y = values(3 * LARGE, -0.5f);
    private final float[] out = new float[3 * LARGE];
    private final float[] state = new float[LARGE];
    private final float[] moment = new float[LARGE];
    /** Per short-lines shape, its A and B, sized to end where the product's operands end. */
    private final float[][] shortA = {values(64 * 8, 0.5f), values(64, 0.5f)};
    private final float[][] shortB = {values(64 * 3, 0.25f), values(64 * 8, 0.25f)};
    /** A matrix of seven columns that ends where its array ends, as large as a probe's. */
    private final float[] narrow = values(LARGE / 93 * 7, 0.5f);
    private float sink;

    /**
     * The most bytes a round or probe of the family may allocate once its code is compiled:
     * gemm's small job objects; for the other families a few boxes that another call site's
     * profile may leave (code not yet compiled, or compiled to box its vectors, allocates
     * kilobytes per call).
     */
    static long compiledRoundBytes(KernelFamily family) {
        return family == KernelFamily.GEMM ? 512L * GEMMS : 4096;
    }

    /** One round of the family's calls on {@code vector}; {@code round} alternates the variants. */
    void run(KernelFamily family, KernelSupport vector, int round) {
        calls(family, vector, round, SMALL, GEMM_SHAPES);
    }

    /** The family's calls of realistic size. */
    void probe(KernelFamily family, KernelSupport vector, int round) {
        calls(family, vector, round, LARGE, PROBE_SHAPES);
    }

    private void calls(KernelFamily family, KernelSupport vector, int round, int n, int[][] gemmShapes) {
        switch (family) {
            case GEMM:
                gemm(vector, round % 2, gemmShapes);
                break;
            case ELEMENTWISE:
                elementwise(vector, n, round);
                break;
            case REDUCTIONS:
                reductions(vector, n);
                break;
            default:
                optimizer(vector, n, round);
        }
    }

    private void gemm(KernelSupport vector, float beta, int[][] shapes) {
        for (int[] shape : shapes) {
            for (int t = 0; t < 4; t++) {
                product(vector, t >= 2, t % 2 == 1, shape[0], shape[1], shape[2], beta, a, b);
            }
        }
        for (int s = 0; s < SHORT_LINES.length; s++) {
            product(vector, true, false, SHORT_LINES[s][0], SHORT_LINES[s][1], SHORT_LINES[s][2], beta,
                    shortA[s], shortB[s]);
        }
    }

    private void product(KernelSupport vector, boolean transA, boolean transB, int m, int n, int k, float beta,
                         float[] left, float[] right) {
        vector.gemm(transA, transB, m, n, k, 1f, left, 0, transA ? m : k, right, 0, transB ? k : n, beta, c, 0, n);
    }

    /**
     * The elementwise kernels, each with its output one of its inputs: below
     * {@code VectorKernels.SCALAR_BELOW} elements a call on distinct arrays runs the plain loop,
     * which C2 vectorises itself, so only calls like these reach the vector code to warm.
     */
    private void elementwise(KernelSupport vector, int n, int round) {
        vector.relu(n, x, 0, out, 0);
        vector.relu(n, out, 0, out, 0);
        vector.reluBackward(n, x, 0, y, 0, out, 0);
        vector.axpy(n, -0.5f, out, 0, out, 0);
        vector.add(n, out, 0, y, 0, out, 0);
        vector.sub(n, out, 0, y, 0, out, 0);
        vector.mul(n, x, 0, out, 0, out, 0);
        vector.scale(n, 0.5f, out, 0, out, 0);
        vector.addScalar(n, 1f, out, 0, out, 0);
        vector.mulAdd(n, out, 0, y, 0, out, 0);
        vector.addRowVector(3, n, out, 0, y, 0, out, 0);
        vector.mseBackward(n, round % 2 == 0 ? 0.01f : -0.01f, out, 0, y, 0, out, 0);
        vector.transpose(5, 13, x, 0, out, 0);
        vector.scale(n, 0.001f, out, 0, out, 0);
    }

    private void reductions(KernelSupport vector, int n) {
        sink += vector.sum(n, x, 0);
        sink += vector.dot(n, x, 0, y, 0);
        sink += vector.mse(n, x, 0, y, 0);
        // 93 columns: four-vector blocks, single vectors and narrow columns at every width; 128: blocks only
        int rows = n / 93;
        vector.columnSums(rows, 93, a, 0, 0f, out, 0);
        vector.columnSums(rows, 128, a, 0, 1f, out, 0);
        // a matrix that ends where its array ends: the narrow columns' last rows finish in scalar form
        vector.columnSums(rows, 7, narrow, narrow.length - rows * 7, 1f, out, 0);
        sink = Math.min(sink, 1f);
    }

    private void optimizer(KernelSupport vector, int n, int round) {
        boolean firstStep = round % 2 == 0;
        System.arraycopy(x, 0, out, 0, n);
        vector.sgdStep(n, 0.01f, 0f, 1f, 0f, false, firstStep, out, 0, y, 0, state, 0);
        vector.sgdStep(n, 0.01f, 0.9f, 1f, 0.01f, false, firstStep, out, 0, y, 0, state, 0);
        vector.sgdStep(n, 0.01f, 0.9f, 1f, 0f, true, firstStep, out, 0, y, 0, state, 0);
        for (float beta1 : new float[] {0.9f, 0.3f}) {
            vector.adamStep(n, beta1, 0.999f, 1e-8f, round % 2 == 0 ? 0f : 0.01f, 0.001f, 0.5f,
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
