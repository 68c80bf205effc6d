package io.github.panagrad.kernel;

import java.util.function.IntConsumer;
import jdk.incubator.vector.FloatVector;
import jdk.incubator.vector.VectorSpecies;

/**
 * The Vector API matrix multiply behind {@link VectorKernels#gemm}:
 * {@code C = alpha * op(A) * op(B) + beta * C}, row-major, {@code op(A)} is {@code m × k},
 * {@code op(B)} is {@code k × n}; only the {@code m × n} window of C is modified, A and B
 * are never written. The arguments are trusted (the {@link Kernels} facade validated them).
 *
 * <h2>Blocking</h2>
 * The product is computed in register tiles of {@link #MR} rows by {@link #NR} columns
 * ({@code NR} = two vectors of the species: 6 × 32 with 512-bit vectors, 6 × 16 with 256,
 * 6 × 8 with 128). Per step {@code p} of the inner dimension the micro-kernel loads two
 * vectors of B's row {@code p}, broadcasts each of the six A values of column {@code p}
 * and does twelve independent FMAs into twelve accumulators held in registers. Twelve
 * accumulators cover the FMA latency on every x86 core with two FMA pipes, and
 * 12 + 2 + 1 registers fit the 16 of AVX2 as well as the 32 of AVX-512, so one tile
 * shape serves every width and machine; the ratio of two vector loads and six
 * broadcasts to twelve FMAs keeps the loop FMA-bound.
 *
 * <p>Operands are packed so that the micro-kernel reads both sequentially:
 * <ul>
 * <li>B is packed once per call (or per column panel of at most {@link #B_PANEL_FLOATS}
 *     floats) into slivers of {@code NR} columns, each sliver holding all of k row by row;
 *     columns past n are zero.</li>
 * <li>A is packed by each task, one k-block at a time, into slivers of {@code MR} rows,
 *     column by column; rows past m are zero.</li>
 * </ul>
 * Packing reads op(A) and op(B) through a row and a column stride, so it absorbs both
 * transposes and the leading dimensions: one micro-kernel serves all four cases. The
 * inner dimension is cut into blocks of at most {@link #KC} (equal sizes, fixed by k
 * alone): an A sliver of one block ({@code 6 · KC} floats) stays in L1 while the task's
 * B block ({@code KC × NC} floats, 512 KiB at most) stays in L2 and is streamed through
 * the tiles. Edge tiles (fewer than MR rows or NR columns of C) run the same micro-kernel
 * on the zero-padded panels and write only their valid part, the column edge through a
 * small per-thread buffer; the hot loop has no masks and no tails.
 *
 * <h2>Threads and determinism</h2>
 * The work is split over {@link Parallel#forEach} by output blocks of {@link #MC} rows by
 * {@link #NC} columns; block boundaries and the k-blocks depend only on m, n and k. Every
 * element of C is computed by the same sequence of operations whichever task, thread or
 * tile position (full or edge) computes it: for each k-block in order, an FMA chain from
 * zero over the block's terms in order, then {@code c = fma(alpha, blockSum, beta' * c)}
 * with {@code beta' = beta} for the first block and 1 after it (for the first block with
 * {@code beta == 0}, {@code c = alpha * blockSum} and C is not read). The results are
 * therefore the same bits for any thread count, run after run, and for every species
 * width. Problems below {@link #PARALLEL_MIN_FLOPS} run entirely on the calling thread.
 * Packing buffers are per thread and grow as needed, so steady-state calls do not
 * allocate them.
 *
 * <h2>Numerical class</h2>
 * Bounded. A product term goes through at most {@code kc} roundings in its block chain
 * and one per later block; the old C through one for {@code beta * c} and one per block.
 * With {@code nb} blocks that is at most {@code kc + nb <= k + 1} roundings, within the
 * facade's {@code γ(k + 2) · (|alpha| Σ_p |a_ip b_pj| + |beta c_ij|)}.
 * {@code alpha == 0} or {@code k == 0} give {@code C = beta * C} (zero when
 * {@code beta == 0}) without reading A or B.
 */
final class VectorGemm {

    private static final VectorSpecies<Float> SPECIES = VectorKernels.SPECIES;
    private static final int LANES = SPECIES.length();

    /** Rows of a register tile. */
    static final int MR = 6;
    /** Columns of a register tile: two vectors. */
    static final int NR = 2 * LANES;
    /** Largest k-block: an A sliver of {@code MR · KC} floats stays in L1. */
    static final int KC = Integer.getInteger("t.kc", 256);
    /** Rows of C per task: small enough that two threads get balanced work at n = 512. */
    static final int MC = Integer.getInteger("t.mc", 48);
    /** Columns of C per task (a multiple of NR): the task's B block of {@code KC × NC} floats stays in L2. */
    static final int NC = Integer.getInteger("t.nc", 512);
    /** Largest packed B panel in floats (4 MiB); wider B is processed in column panels. */
    static final int B_PANEL_FLOATS = 1 << 20;
    /** Products of fewer flops ({@code 2·m·n·k}) run on the calling thread only. */
    static final long PARALLEL_MIN_FLOPS = Long.getLong("t.pmin", 1L << 22);
    /** Outputs narrower than this are computed by {@link #direct}, without packing. */
    static final int NARROW = Integer.getInteger("t.narrow", 3);
    /** Steps of p packed per pass over a transposed source. */
    private static final int PACK_CHUNK = Integer.getInteger("t.chunk", 64);
    /** Rows per task of {@link #direct}. */
    private static final int DIRECT_ROWS = 256;

    static final int BOFF = Integer.getInteger("t.boff", 0), AOFF = Integer.getInteger("t.aoff", 0);
    private static final ThreadLocal<Workspace> WORKSPACE = ThreadLocal.withInitial(Workspace::new);

    private final int m;
    private final int n;
    private final int k;
    private final float alpha;
    private final float[] a;
    private final int aOff;
    private final int aRowStride;
    private final int aColStride;
    private final float[] b;
    private final int bOff;
    private final int bRowStride;
    private final int bColStride;
    private final float beta;
    private final float[] c;
    private final int cOff;
    private final int ldc;
    private final int kc;
    private float[] packedB;
    private int panelCol;
    private int panelCols;

    private VectorGemm(boolean transA, boolean transB, int m, int n, int k, float alpha,
                       float[] a, int aOff, int lda, float[] b, int bOff, int ldb,
                       float beta, float[] c, int cOff, int ldc) {
        this.m = m;
        this.n = n;
        this.k = k;
        this.alpha = alpha;
        this.a = a;
        this.aOff = aOff;
        this.aRowStride = transA ? 1 : lda;
        this.aColStride = transA ? lda : 1;
        this.b = b;
        this.bOff = bOff;
        this.bRowStride = transB ? 1 : ldb;
        this.bColStride = transB ? ldb : 1;
        this.beta = beta;
        this.c = c;
        this.cOff = cOff;
        this.ldc = ldc;
        this.kc = ceilDiv(k, ceilDiv(k, KC));
    }

    /** See {@link Kernels#gemm}; arguments are trusted. */
    static void gemm(boolean transA, boolean transB, int m, int n, int k, float alpha,
                     float[] a, int aOff, int lda, float[] b, int bOff, int ldb,
                     float beta, float[] c, int cOff, int ldc) {
        if (m == 0 || n == 0) {
            return;
        }
        if (alpha == 0f || k == 0) {
            scale(m, n, beta, c, cOff, ldc);
            return;
        }
        VectorGemm job = new VectorGemm(transA, transB, m, n, k, alpha, a, aOff, lda, b, bOff, ldb, beta, c, cOff, ldc);
        boolean parallel = 2L * m * n * k >= PARALLEL_MIN_FLOPS && Parallel.threads() > 1;
        if (n < NARROW) {
            run(ceilDiv(m, DIRECT_ROWS), job::direct, parallel);
        } else {
            job.blocked(parallel);
        }
    }

    private static void run(int tasks, IntConsumer task, boolean parallel) {
        if (parallel) {
            Parallel.forEach(tasks, task);
        } else {
            for (int t = 0; t < tasks; t++) {
                task.accept(t);
            }
        }
    }

    /** The packed path: B panel by panel, each packed once and shared by the output-block tasks. */
    private void blocked(boolean parallel) {
        int maxPanel = Math.max(NC, B_PANEL_FLOATS / k / NC * NC);
        int panelWidth = Math.min(maxPanel, ceilDiv(n, NR) * NR);
        packedB = WORKSPACE.get().packedB(k * panelWidth + 64);
        for (int j0 = 0; j0 < n; j0 += panelWidth) {
            panelCol = j0;
            panelCols = Math.min(panelWidth, n - j0);
            run(ceilDiv(panelCols, NC), this::packB, parallel);
            run(ceilDiv(m, MC) * ceilDiv(panelCols, NC), this::block, parallel);
        }
    }

    /** Packs the B slivers of the current panel's column block {@code t} (NC columns). */
    private void packB(int t) {
        int j = t * NC;
        int col = panelCol + j;
        packB(b, bOff + col * bColStride, bRowStride, bColStride, k, Math.min(NC, panelCols - j),
                packedB, j * k + BOFF);
    }

    /** Computes output block {@code t} of the current panel: MC rows by NC columns. */
    private void block(int t) {
        int colBlocks = ceilDiv(panelCols, NC);
        int i0 = t / colBlocks * MC;
        int jt = t % colBlocks * NC;
        int rows = Math.min(MC, m - i0);
        int cols = Math.min(NC, panelCols - jt);
        int rowSlivers = ceilDiv(rows, MR);
        Workspace ws = WORKSPACE.get();
        float[] packedA = ws.packedA(rowSlivers * MR * kc + 64);
        for (int pc = 0; pc < k; pc += kc) {
            int depth = Math.min(kc, k - pc);
            packA(a, aOff + i0 * aRowStride + pc * aColStride, aColStride, aRowStride, depth, rows,
                    packedA, AOFF);
            boolean overwrite = pc == 0 && beta == 0f;
            float blockBeta = pc == 0 ? beta : 1f;
            for (int r = 0; r < rowSlivers; r++) {
                int i = i0 + r * MR;
                int tileRows = Math.min(MR, m - i);
                for (int j = jt; j < jt + cols; j += NR) {
                    tile(packedA, r * MR * depth + AOFF, packedB, j * k + pc * NR + BOFF, depth, ws.sums);
                    merge(ws.sums, c, cOff + i * ldc + panelCol + j, ldc, tileRows, Math.min(NR, panelCols - j),
                            alpha, blockBeta, overwrite);
                }
            }
        }
    }

    /**
     * Computes rows {@code [t·DIRECT_ROWS, (t+1)·DIRECT_ROWS)} of a narrow C element by
     * element: an FMA chain from zero over all of k, then the same merge as the packed path.
     * Four rows go together so that four independent chains share each load of B; in the
     * last group the missing rows repeat the last one and are not stored.
     */
    private void direct(int t) {
        int start = t * DIRECT_ROWS;
        int end = Math.min(m, start + DIRECT_ROWS);
        boolean overwrite = beta == 0f;
        for (int i = start; i < end; i += 4) {
            int i1 = Math.min(i + 1, end - 1);
            int i2 = Math.min(i + 2, end - 1);
            int i3 = Math.min(i + 3, end - 1);
            int a0 = aOff + i * aRowStride;
            int a1 = aOff + i1 * aRowStride;
            int a2 = aOff + i2 * aRowStride;
            int a3 = aOff + i3 * aRowStride;
            for (int j = 0; j < n; j++) {
                int bj = bOff + j * bColStride;
                float s0 = 0f;
                float s1 = 0f;
                float s2 = 0f;
                float s3 = 0f;
                for (int p = 0; p < k; p++) {
                    float bp = b[bj + p * bRowStride];
                    int ap = p * aColStride;
                    s0 = Math.fma(a[a0 + ap], bp, s0);
                    s1 = Math.fma(a[a1 + ap], bp, s1);
                    s2 = Math.fma(a[a2 + ap], bp, s2);
                    s3 = Math.fma(a[a3 + ap], bp, s3);
                }
                int ci = cOff + i * ldc + j;
                c[ci] = merged(s0, alpha, beta, overwrite, c, ci);
                if (i + 1 < end) {
                    c[ci + ldc] = merged(s1, alpha, beta, overwrite, c, ci + ldc);
                }
                if (i + 2 < end) {
                    c[ci + 2 * ldc] = merged(s2, alpha, beta, overwrite, c, ci + 2 * ldc);
                }
                if (i + 3 < end) {
                    c[ci + 3 * ldc] = merged(s3, alpha, beta, overwrite, c, ci + 3 * ldc);
                }
            }
        }
    }

    /**
     * The micro-kernel: {@code sums[r·NR + x] = Σ_p pa[aBase + p·MR + r] · pb[bBase + p·NR + x]}
     * for the {@code MR × NR} tile, each an FMA chain from zero over {@code p} in order.
     */
    private static void tile(float[] pa, int aBase, float[] pb, int bBase, int depth, float[] sums) {
        FloatVector c00 = FloatVector.zero(SPECIES);
        FloatVector c01 = c00;
        FloatVector c10 = c00;
        FloatVector c11 = c00;
        FloatVector c20 = c00;
        FloatVector c21 = c00;
        FloatVector c30 = c00;
        FloatVector c31 = c00;
        FloatVector c40 = c00;
        FloatVector c41 = c00;
        FloatVector c50 = c00;
        FloatVector c51 = c00;
        for (int p = 0; p < depth; p++) {
            int ai = aBase + p * MR;
            int bi = bBase + p * NR;
            FloatVector b0 = FloatVector.fromArray(SPECIES, pb, bi);
            FloatVector b1 = FloatVector.fromArray(SPECIES, pb, bi + LANES);
            FloatVector x = FloatVector.broadcast(SPECIES, pa[ai]);
            c00 = x.fma(b0, c00);
            c01 = x.fma(b1, c01);
            x = FloatVector.broadcast(SPECIES, pa[ai + 1]);
            c10 = x.fma(b0, c10);
            c11 = x.fma(b1, c11);
            x = FloatVector.broadcast(SPECIES, pa[ai + 2]);
            c20 = x.fma(b0, c20);
            c21 = x.fma(b1, c21);
            x = FloatVector.broadcast(SPECIES, pa[ai + 3]);
            c30 = x.fma(b0, c30);
            c31 = x.fma(b1, c31);
            x = FloatVector.broadcast(SPECIES, pa[ai + 4]);
            c40 = x.fma(b0, c40);
            c41 = x.fma(b1, c41);
            x = FloatVector.broadcast(SPECIES, pa[ai + 5]);
            c50 = x.fma(b0, c50);
            c51 = x.fma(b1, c51);
        }
        c00.intoArray(sums, 0);
        c01.intoArray(sums, LANES);
        c10.intoArray(sums, NR);
        c11.intoArray(sums, NR + LANES);
        c20.intoArray(sums, 2 * NR);
        c21.intoArray(sums, 2 * NR + LANES);
        c30.intoArray(sums, 3 * NR);
        c31.intoArray(sums, 3 * NR + LANES);
        c40.intoArray(sums, 4 * NR);
        c41.intoArray(sums, 4 * NR + LANES);
        c50.intoArray(sums, 5 * NR);
        c51.intoArray(sums, 5 * NR + LANES);
    }

    /**
     * Merges a tile's sums into the {@code rows × cols} window of C at {@code cBase}:
     * {@code c = alpha * s} when {@code overwrite}, else {@code c = fma(alpha, s, beta * c)}.
     * Whole vectors go through the Vector API, a column edge through the same operations
     * in scalar form, so every element gets the same bits either way.
     */
    private static void merge(float[] sums, float[] c, int cBase, int ldc, int rows, int cols,
                              float alpha, float beta, boolean overwrite) {
        FloatVector av = FloatVector.broadcast(SPECIES, alpha);
        int vectorCols = cols - cols % LANES;
        for (int r = 0; r < rows; r++) {
            int s = r * NR;
            int at = cBase + r * ldc;
            for (int j = 0; j < vectorCols; j += LANES) {
                FloatVector sum = FloatVector.fromArray(SPECIES, sums, s + j);
                FloatVector merged = overwrite ? sum.mul(av)
                        : sum.fma(av, FloatVector.fromArray(SPECIES, c, at + j).mul(beta));
                merged.intoArray(c, at + j);
            }
            for (int j = vectorCols; j < cols; j++) {
                c[at + j] = merged(sums[s + j], alpha, beta, overwrite, c, at + j);
            }
        }
    }

    /** One element of a merge in scalar form: {@code alpha * s}, or {@code fma(s, alpha, beta * c[at])}. */
    private static float merged(float s, float alpha, float beta, boolean overwrite, float[] c, int at) {
        return overwrite ? s * alpha : Math.fma(s, alpha, beta * c[at]);
    }

    /**
     * Packs rows {@code [0, count)} of an op(A) block of {@code depth} columns into slivers
     * of MR rows: element {@code (x, p)}, at {@code src[off + x·stepX + p·stepP]}, goes to
     * {@code dst[dstOff + (x / MR)·MR·depth + p·MR + x % MR]}; rows of the last sliver past
     * {@code count} are zero. A row-major A ({@code stepP == 1}) is read along its rows;
     * a transposed A ({@code stepX == 1}) a step at a time across all slivers.
     */
    private static void packA(float[] src, int off, int stepP, int stepX, int depth, int count,
                              float[] dst, int dstOff) {
        int full = count - count % MR;
        if (stepP == 1 && stepX != 1) {
            for (int x = 0; x < full; x++) {
                int s = off + x * stepX;
                int d = dstOff + (x - x % MR) * depth + x % MR;
                for (int p = 0; p < depth; p++) {
                    dst[d + p * MR] = src[s + p];
                }
            }
        } else {
            for (int p = 0; p < depth; p++) {
                int s = off + p * stepP;
                int d = dstOff + p * MR;
                for (int x = 0; x < full; x += MR) {
                    int dx = d + x * depth;
                    dst[dx] = src[s + x];
                    dst[dx + 1] = src[s + x + 1];
                    dst[dx + 2] = src[s + x + 2];
                    dst[dx + 3] = src[s + x + 3];
                    dst[dx + 4] = src[s + x + 4];
                    dst[dx + 5] = src[s + x + 5];
                }
            }
        }
        if (full < count) {
            packEdge(src, off + full * stepX, stepP, stepX, depth, count - full, MR, dst, dstOff + full * depth);
        }
    }

    /**
     * Packs columns {@code [0, count)} of an op(B) panel of {@code depth} rows into slivers
     * of NR columns: element {@code (p, x)}, at {@code src[off + p·stepP + x·stepX]}, goes to
     * {@code dst[dstOff + (x / NR)·NR·depth + p·NR + x % NR]}; columns of the last sliver
     * past {@code count} are zero. Rows of B ({@code stepX == 1}) are copied a vector at a
     * time; a transposed B ({@code stepP == 1}) is read along its rows, {@link #PACK_CHUNK}
     * steps at a time so that the sliver part being written stays in L1.
     */
    private static void packB(float[] src, int off, int stepP, int stepX, int depth, int count,
                              float[] dst, int dstOff) {
        int full = count - count % NR;
        if (stepX == 1) {
            for (int x = 0; x < full; x += NR) {
                for (int p = 0, s = off + x, d = dstOff + x * depth; p < depth; p++, s += stepP, d += NR) {
                    FloatVector.fromArray(SPECIES, src, s).intoArray(dst, d);
                    FloatVector.fromArray(SPECIES, src, s + LANES).intoArray(dst, d + LANES);
                }
            }
        } else {
            for (int x0 = 0; x0 < full; x0 += NR) {
                for (int p0 = 0; p0 < depth; p0 += PACK_CHUNK) {
                    int len = Math.min(PACK_CHUNK, depth - p0);
                    for (int x = x0; x < x0 + NR; x++) {
                        int s = off + x * stepX + p0;
                        int d = dstOff + x0 * depth + p0 * NR + x - x0;
                        for (int p = 0; p < len; p++) {
                            dst[d + p * NR] = src[s + p];
                        }
                    }
                }
            }
        }
        if (full < count) {
            packEdge(src, off + full * stepX, stepP, stepX, depth, count - full, NR, dst, dstOff + full * depth);
        }
    }

    /** Packs one sliver of {@code width} with only {@code valid} source rows or columns; the rest is zero. */
    private static void packEdge(float[] src, int off, int stepP, int stepX, int depth, int valid, int width,
                                 float[] dst, int dstOff) {
        for (int p = 0; p < depth; p++) {
            int d = dstOff + p * width;
            for (int x = 0; x < width; x++) {
                dst[d + x] = x < valid ? src[off + p * stepP + x * stepX] : 0f;
            }
        }
    }

    /** {@code C = beta * C} over the window, or zeros without reading C when {@code beta == 0}. */
    private static void scale(int m, int n, float beta, float[] c, int cOff, int ldc) {
        for (int i = 0; i < m; i++) {
            int row = cOff + i * ldc;
            for (int j = row; j < row + n; j++) {
                c[j] = beta == 0f ? 0f : beta * c[j];
            }
        }
    }

    private static int ceilDiv(int x, int y) {
        return (x + y - 1) / y;
    }

    /** One thread's buffers, grown on demand and kept for later calls. */
    private static final class Workspace {
        private float[] packedA = new float[0];
        private float[] packedB = new float[0];
        final float[] sums = new float[MR * NR];

        float[] packedA(int size) {
            if (packedA.length < size) {
                packedA = new float[size];
            }
            return packedA;
        }

        float[] packedB(int size) {
            if (packedB.length < size) {
                packedB = new float[size];
            }
            return packedB;
        }
    }
}
