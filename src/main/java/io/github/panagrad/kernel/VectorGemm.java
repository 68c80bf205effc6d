package io.github.panagrad.kernel;

import java.util.Arrays;
import java.util.function.IntConsumer;
import jdk.incubator.vector.FloatVector;
import jdk.incubator.vector.VectorMask;
import jdk.incubator.vector.VectorSpecies;

/**
 * The Vector API matrix multiply behind {@link VectorKernels#gemm}:
 * {@code C = alpha * op(A) * op(B) + beta * C}, row-major, {@code op(A)} is {@code m × k},
 * {@code op(B)} is {@code k × n}. Only the {@code m × n} window of C is written (elements
 * between its rows are untouched); A and B are never written. The arguments are trusted:
 * the {@link Kernels} facade has validated them.
 *
 * <h2>Canonical order</h2>
 * Every path computes each element of C in the order {@link ScalarKernels#gemm} states:
 * {@code c = beta == 0 ? -0 : beta · c}; then per canonical k-block of
 * {@link ScalarKernels#kBlock} steps, in order, an FMA chain from +0 over the block's steps
 * and {@code c = fma(s, alpha, c)}. The lanes of a vector are different elements of C, never
 * different steps of one element, so the result is the reference's bits at every vector
 * width, for any thread count and whichever path below computes it.
 *
 * <h2>Packed path</h2>
 * C is computed in tiles of {@link #MR} = 6 rows by {@link #NR} = two vectors. Per step the
 * micro-kernel ({@link #tile}) loads two vectors of packed B, broadcasts six packed A values
 * and does twelve independent FMAs into twelve block sums; at the end of each canonical block
 * it merges them into twelve C vectors that also stay in registers, so C is read and written
 * once per cache block of {@link #KC} steps, not once per canonical block. Both operands are
 * packed over all of k into slivers the micro-kernel reads sequentially (op(A): MR values per
 * step; op(B): NR values per step; zero padding past the edges), which absorbs the transposes
 * and leading dimensions. Operands larger than {@link #PANEL_FLOATS} are packed in panels.
 * Each output block of {@link #MC} × {@link #NC} runs over the cache blocks and, within one,
 * over its MR-row and NR-column slivers, so the A sliver of a cache block stays in L1 while
 * packed B streams past. Edge tiles run the same micro-kernel on a copy of their part of C.
 *
 * <h2>Thin and narrow paths</h2>
 * When the tiles would be mostly padding, {@link #direct} walks C along its longer side
 * without packing: the steps of a block outside a long run of elements (1000 × 1 × 3), or,
 * for a few elements against a long k (1 × 3 × 1000), scalar chains over every
 * (block, element) pair, four at a time, merged block by block. When C is at most one
 * vector wide, {@link #narrow} computes each row as one vector chain against op(B) packed one
 * vector per step, and {@link #shortLines} does the same for a thin C whose longer side fits a
 * vector, reading its operand in place ({@link #chains}); the chains of every (block, line)
 * pair again run four at a time.
 *
 * <h2>Threads</h2>
 * Products of at least {@link #PARALLEL_MIN_FLOPS} flops are split with
 * {@link Parallel#forEach}: first the packing, then the output blocks; panel, block and task
 * boundaries depend only on m, n and k. Packing buffers are per thread.
 *
 * <h2>Numerical class</h2>
 * Bit-exact (the reference's order). Bounded as well: a product term goes through at most
 * {@code kb + nb - 1 <= k} roundings in its block chain and the later merges, plus one for
 * alpha, the old C through one for {@code beta · c} and one per block, within the facade's
 * {@code γ(k + 2) · (|alpha| Σ_p |a_ip b_pj| + |beta c_ij|)}.
 */
final class VectorGemm {

    private static final VectorSpecies<Float> SPECIES = VectorKernels.SPECIES;
    private static final int LANES = SPECIES.length();

    /** Rows of a register tile. */
    private static final int MR = 6;
    /** Columns of a register tile: two vectors. */
    private static final int NR = 2 * LANES;
    /** Longest cache block of k: the A sliver of one, {@code MR · KC} floats, stays in L1. */
    private static final int KC = 512;
    /** Rows of C per output block (a multiple of MR): enough blocks to balance two threads at m = 256. */
    private static final int MC = 24;
    /** Columns of C per output block (a multiple of NR): A slivers are re-read once per NC columns. */
    private static final int NC = 1024;
    /** Largest packed panel of A or B in floats (4 MiB); larger operands are processed in panels. */
    private static final int PANEL_FLOATS = 1 << 20;
    /**
     * Products of fewer flops ({@code 2·m·n·k}) run on the calling thread only: about 256³,
     * where a second thread starts to pay for its hand-off on a loaded two-core machine.
     */
    private static final long PARALLEL_MIN_FLOPS = 1L << 25;
    /** Steps of k packed per packing task. */
    private static final int PACK_STEPS = 128;
    /** Steps of p packed per pass over a transposed source. */
    private static final int PACK_CHUNK = 64;
    /** Elements of C per task of {@link #direct}: at most this many of one row or column. */
    private static final int DIRECT_ELEMENTS = 1024;
    /** Rows of C per task of {@link #narrow}. */
    private static final int NARROW_ROWS = 64;
    /** Fewest elements of a {@link #direct} task for which its elements run inside the steps of k. */
    private static final int DIRECT_ELEMENTS_INSIDE = 16;
    /** Most block sums kept before they are merged into C, in the paths that chain (block, element) pairs. */
    private static final int CHAINS = 256;

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
    /** Canonical k-block length. */
    private final int kb;
    /** Cache block length of the packed path: whole canonical blocks, at most {@link #KC} steps. */
    private final int kc;
    private float[] packedA;
    private float[] packedB;
    private int panelRow;
    private int panelRows;
    private int panelCol;
    private int panelCols;
    private int packSteps;

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
        this.kb = ScalarKernels.kBlock(k);
        this.kc = kb * Math.max(1, KC / kb);
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
        if (mostlyPadding(m, n) && job.shortLinesFit()) {
            run(ceilDiv(Math.min(m, n), NARROW_ROWS), job::shortLines, parallel);
        } else if (mostlyPadding(m, n)) {
            run(Math.min(m, n) * ceilDiv(Math.max(m, n), DIRECT_ELEMENTS), job::direct, parallel);
        } else if (n <= LANES) {
            job.packNarrowB();
            run(ceilDiv(m, NARROW_ROWS), job::narrow, parallel);
        } else {
            job.blocked(parallel);
        }
    }

    /**
     * Whether C is so thin that the packed path would mostly compute padding. Per step of k
     * the element-by-element path costs about a cycle per element of C, the packed path
     * about a cycle per 16 elements of its padded tiles plus one per packed row and column.
     */
    private static boolean mostlyPadding(int m, int n) {
        long paddedRows = ceilDiv(m, MR) * (long) MR;
        long paddedCols = ceilDiv(n, NR) * (long) NR;
        return (long) m * n < paddedRows * paddedCols / 16 + paddedRows + paddedCols;
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

    // ---------------------------------------------------------------- packed path

    /**
     * The packed path. B is taken in column panels and A in row panels (one of each unless
     * they exceed {@link #PANEL_FLOATS}); each panel is packed once, over all of k, and then
     * shared read-only by the output-block tasks.
     */
    private void blocked(boolean parallel) {
        int panelWidth = panelSize(n, NR);
        int panelHeight = panelSize(m, MR);
        Workspace ws = WORKSPACE.get();
        packedA = ws.packedA(k * panelHeight);
        packedB = ws.packedB(k * panelWidth);
        for (panelCol = 0; panelCol < n; panelCol += panelWidth) {
            panelCols = Math.min(panelWidth, n - panelCol);
            int colBlocks = ceilDiv(panelCols, NC);
            for (panelRow = 0; panelRow < m; panelRow += panelHeight) {
                panelRows = Math.min(panelHeight, m - panelRow);
                packSteps = panelRow == 0 ? ceilDiv(k, PACK_STEPS) : 0;
                run(packSteps + ceilDiv(k, PACK_STEPS), this::packPanels, parallel);
                run(ceilDiv(panelRows, MC) * colBlocks, this::block, parallel);
            }
        }
    }

    /**
     * The extent of a panel over {@code count} rows or columns: as few equal panels as keep
     * {@code extent · k} within {@link #PANEL_FLOATS}, rounded up to a multiple of {@code unit}.
     */
    private int panelSize(int count, int unit) {
        int largest = Math.max(unit, PANEL_FLOATS / k / unit * unit);
        return ceilDiv(ceilDiv(count, ceilDiv(count, largest)), unit) * unit;
    }

    /**
     * Packing task {@code t}: {@link #PACK_STEPS} steps of k of the B panel (the first
     * {@code packSteps} tasks, when B is packed) or of the A panel (the others).
     */
    private void packPanels(int t) {
        if (t < packSteps) {
            int p = t * PACK_STEPS;
            pack(b, bOff + p * bRowStride + panelCol * bColStride, bRowStride, bColStride,
                    Math.min(PACK_STEPS, k - p), panelCols, NR, NR * k, packedB, p * NR);
        } else {
            int p = (t - packSteps) * PACK_STEPS;
            pack(a, aOff + p * aColStride + panelRow * aRowStride, aColStride, aRowStride,
                    Math.min(PACK_STEPS, k - p), panelRows, MR, MR * k, packedA, p * MR);
        }
    }

    /**
     * Computes output block {@code t} of the current panels, MC rows by NC columns: per cache
     * block of k, every tile; a full tile reads and writes C in place, an edge tile a copy of
     * its part of C.
     */
    private void block(int t) {
        int colBlocks = ceilDiv(panelCols, NC);
        int i0 = t / colBlocks * MC;
        int j0 = t % colBlocks * NC;
        int rowEnd = Math.min(panelRows, i0 + MC);
        int colEnd = Math.min(panelCols, j0 + NC);
        float[] edge = WORKSPACE.get().edgeTile;
        for (int pc = 0; pc < k; pc += kc) {
            int depth = Math.min(kc, k - pc);
            boolean fresh = pc == 0 && beta == 0f;
            float scaleC = pc == 0 ? beta : 1f;
            for (int i = i0; i < rowEnd; i += MR) {
                int cRow = cOff + (panelRow + i) * ldc + panelCol;
                int rows = Math.min(MR, rowEnd - i);
                for (int j = j0; j < colEnd; j += NR) {
                    int cols = Math.min(NR, colEnd - j);
                    int aAt = i * k + pc * MR;
                    int bAt = j * k + pc * NR;
                    if (rows == MR && cols == NR) {
                        tile(packedA, aAt, packedB, bAt, depth, kb, c, cRow + j, ldc, alpha, scaleC, fresh);
                    } else {
                        copyWindow(c, cRow + j, ldc, edge, 0, NR, rows, cols);
                        tile(packedA, aAt, packedB, bAt, depth, kb, edge, 0, NR, alpha, scaleC, fresh);
                        copyWindow(edge, 0, NR, c, cRow + j, ldc, rows, cols);
                    }
                }
            }
        }
    }

    /**
     * The micro-kernel over {@code depth} steps of packed slivers, whole canonical blocks of
     * {@code kb} steps (the last may be shorter): the {@code MR × NR} tile of C at
     * {@code c[at + r·ldc + x]} is loaded once as {@code fresh ? -0 : scaleC · c}; per block,
     * twelve FMA chains from zero, {@code s[r][x] = Σ_p pa[aBase + p·MR + r] · pb[bBase + p·NR + x]},
     * are merged into it by {@code c = fma(s, alpha, c)}; the tile is stored once at the end.
     * With {@code fresh} C is not used (its lanes are replaced by −0 under a mask made once).
     */
    private static void tile(float[] pa, int aBase, float[] pb, int bBase, int depth, int kb,
                             float[] c, int at, int ldc, float alpha, float scaleC, boolean fresh) {
        VectorMask<Float> ignoreC = SPECIES.maskAll(fresh);
        FloatVector negZero = FloatVector.broadcast(SPECIES, -0f);
        int at1 = at + ldc;
        int at2 = at1 + ldc;
        int at3 = at2 + ldc;
        int at4 = at3 + ldc;
        int at5 = at4 + ldc;
        FloatVector c00 = FloatVector.fromArray(SPECIES, c, at).mul(scaleC).blend(negZero, ignoreC);
        FloatVector c01 = FloatVector.fromArray(SPECIES, c, at + LANES).mul(scaleC).blend(negZero, ignoreC);
        FloatVector c10 = FloatVector.fromArray(SPECIES, c, at1).mul(scaleC).blend(negZero, ignoreC);
        FloatVector c11 = FloatVector.fromArray(SPECIES, c, at1 + LANES).mul(scaleC).blend(negZero, ignoreC);
        FloatVector c20 = FloatVector.fromArray(SPECIES, c, at2).mul(scaleC).blend(negZero, ignoreC);
        FloatVector c21 = FloatVector.fromArray(SPECIES, c, at2 + LANES).mul(scaleC).blend(negZero, ignoreC);
        FloatVector c30 = FloatVector.fromArray(SPECIES, c, at3).mul(scaleC).blend(negZero, ignoreC);
        FloatVector c31 = FloatVector.fromArray(SPECIES, c, at3 + LANES).mul(scaleC).blend(negZero, ignoreC);
        FloatVector c40 = FloatVector.fromArray(SPECIES, c, at4).mul(scaleC).blend(negZero, ignoreC);
        FloatVector c41 = FloatVector.fromArray(SPECIES, c, at4 + LANES).mul(scaleC).blend(negZero, ignoreC);
        FloatVector c50 = FloatVector.fromArray(SPECIES, c, at5).mul(scaleC).blend(negZero, ignoreC);
        FloatVector c51 = FloatVector.fromArray(SPECIES, c, at5 + LANES).mul(scaleC).blend(negZero, ignoreC);
        for (int p0 = 0; p0 < depth; p0 += kb) {
            int pEnd = Math.min(depth, p0 + kb);
            FloatVector s00 = FloatVector.zero(SPECIES);
            FloatVector s01 = s00;
            FloatVector s10 = s00;
            FloatVector s11 = s00;
            FloatVector s20 = s00;
            FloatVector s21 = s00;
            FloatVector s30 = s00;
            FloatVector s31 = s00;
            FloatVector s40 = s00;
            FloatVector s41 = s00;
            FloatVector s50 = s00;
            FloatVector s51 = s00;
            for (int p = p0; p < pEnd; p++) {
                int ai = aBase + p * MR;
                int bi = bBase + p * NR;
                FloatVector b0 = FloatVector.fromArray(SPECIES, pb, bi);
                FloatVector b1 = FloatVector.fromArray(SPECIES, pb, bi + LANES);
                FloatVector x = FloatVector.broadcast(SPECIES, pa[ai]);
                s00 = x.fma(b0, s00);
                s01 = x.fma(b1, s01);
                x = FloatVector.broadcast(SPECIES, pa[ai + 1]);
                s10 = x.fma(b0, s10);
                s11 = x.fma(b1, s11);
                x = FloatVector.broadcast(SPECIES, pa[ai + 2]);
                s20 = x.fma(b0, s20);
                s21 = x.fma(b1, s21);
                x = FloatVector.broadcast(SPECIES, pa[ai + 3]);
                s30 = x.fma(b0, s30);
                s31 = x.fma(b1, s31);
                x = FloatVector.broadcast(SPECIES, pa[ai + 4]);
                s40 = x.fma(b0, s40);
                s41 = x.fma(b1, s41);
                x = FloatVector.broadcast(SPECIES, pa[ai + 5]);
                s50 = x.fma(b0, s50);
                s51 = x.fma(b1, s51);
            }
            // fma(s, alpha, c) as alpha · s + c: the same exact product, one rounding.
            FloatVector av = FloatVector.broadcast(SPECIES, alpha);
            c00 = av.fma(s00, c00);
            c01 = av.fma(s01, c01);
            c10 = av.fma(s10, c10);
            c11 = av.fma(s11, c11);
            c20 = av.fma(s20, c20);
            c21 = av.fma(s21, c21);
            c30 = av.fma(s30, c30);
            c31 = av.fma(s31, c31);
            c40 = av.fma(s40, c40);
            c41 = av.fma(s41, c41);
            c50 = av.fma(s50, c50);
            c51 = av.fma(s51, c51);
        }
        // Stored through -0 + c, the receiver a fresh vector: -0 is the exact identity of addition.
        FloatVector id = FloatVector.broadcast(SPECIES, -0f);
        id.add(c00).intoArray(c, at);
        id.add(c01).intoArray(c, at + LANES);
        id.add(c10).intoArray(c, at1);
        id.add(c11).intoArray(c, at1 + LANES);
        id.add(c20).intoArray(c, at2);
        id.add(c21).intoArray(c, at2 + LANES);
        id.add(c30).intoArray(c, at3);
        id.add(c31).intoArray(c, at3 + LANES);
        id.add(c40).intoArray(c, at4);
        id.add(c41).intoArray(c, at4 + LANES);
        id.add(c50).intoArray(c, at5);
        id.add(c51).intoArray(c, at5 + LANES);
    }

    /** Copies the {@code rows × cols} window at {@code src[from + r·srcStride + x]} to {@code dst[to + r·dstStride + x]}. */
    private static void copyWindow(float[] src, int from, int srcStride, float[] dst, int to, int dstStride,
                                   int rows, int cols) {
        for (int r = 0; r < rows; r++) {
            System.arraycopy(src, from + r * srcStride, dst, to + r * dstStride, cols);
        }
    }

    // ---------------------------------------------------------------- thin and narrow paths

    /**
     * Direct task {@code t}: up to {@link #DIRECT_ELEMENTS} elements of C, computed one by one
     * without packing. C is walked along its longer side, the line (a row when
     * {@code n >= m}, else a column, op(A) and op(B) then trading places, which changes no
     * product), in chunks: task t is chunk {@code t % chunks} of line {@code t / chunks}. A
     * chunk of at least {@link #DIRECT_ELEMENTS_INSIDE} elements runs them inside the steps of
     * each block, the chains kept in {@code sums}, each step a vector FMA over the chunk (its
     * operand copied to {@code step} first when it is not contiguous), then merges the block.
     * A shorter chunk runs scalar chains over its (block, element) pairs ({@link #scalarChains}).
     */
    private void direct(int t) {
        boolean alongRows = n >= m;
        int length = alongRows ? n : m;
        int chunks = ceilDiv(length, DIRECT_ELEMENTS);
        int line = t / chunks;
        int first = t % chunks * DIRECT_ELEMENTS;
        int count = Math.min(DIRECT_ELEMENTS, length - first);
        // The line's operand x: step p reads x[xAt + p·xStep].
        float[] x = alongRows ? a : b;
        int xAt = alongRows ? aOff + line * aRowStride : bOff + line * bColStride;
        int xStep = alongRows ? aColStride : bRowStride;
        // The chunk's operand y: element e, step p reads y[yAt + e·yStride + p·yStep].
        float[] y = alongRows ? b : a;
        int yAt = alongRows ? bOff + first * bColStride : aOff + first * aRowStride;
        int yStride = alongRows ? bColStride : aRowStride;
        int yStep = alongRows ? bRowStride : aColStride;
        // Element e goes to c[cAt + e·cStride].
        int cAt = alongRows ? cOff + line * ldc + first : cOff + first * ldc + line;
        int cStride = alongRows ? 1 : ldc;
        if (count < DIRECT_ELEMENTS_INSIDE) {
            scalarChains(count, x, xAt, xStep, y, yAt, yStride, yStep, cAt, cStride);
            return;
        }
        Workspace ws = WORKSPACE.get();
        float[] sums = ws.directSums;
        float[] step = ws.directStep;
        for (int pc = 0; pc < k; pc += kb) {
            int pEnd = Math.min(k, pc + kb);
            Arrays.fill(sums, 0, count, 0f);
            for (int p = pc; p < pEnd; p++) {
                int yp = yAt + p * yStep;
                if (yStride == 1) {
                    accumulate(count, x[xAt + p * xStep], y, yp, sums);
                } else {
                    for (int e = 0; e < count; e++) {
                        step[e] = y[yp + e * yStride];
                    }
                    accumulate(count, x[xAt + p * xStep], step, 0, sums);
                }
            }
            mergeLines(sums, 0, 1, count, count, cAt, 0, cStride, pc == 0);
        }
    }

    /**
     * The {@code count} elements of a short direct chunk: element e is
     * {@code Σ_p x[xAt + p·xStep] · y[yAt + e·yStride + p·yStep]}. The block sum of every
     * (block, element) pair is a scalar chain from zero. Four chains run side by side:
     * {@code E = min(count, 4)} elements of each of {@code 4 / E} blocks (of the same length),
     * so that the elements of a block share their x and four chains overlap however few the
     * elements; the missing chains of a short group repeat its last one and are not stored.
     * Pair (b, e) is kept at {@code sums[b·count + e]} for up to {@link #CHAINS} pairs, then
     * merged block by block, in order.
     */
    private void scalarChains(int count, float[] x, int xAt, int xStep, float[] y, int yAt, int yStride, int yStep,
                              int cAt, int cStride) {
        float[] sums = WORKSPACE.get().directSums;
        int perBlock = Math.min(count, 4);
        int groupBlocks = 4 / perBlock;
        // chain j of a group: element e + j % perBlock of block b + j / perBlock
        int x1 = 1 / perBlock * kb * xStep;
        int x2 = 2 / perBlock * kb * xStep;
        int x3 = 3 / perBlock * kb * xStep;
        int y1 = 1 % perBlock * yStride + 1 / perBlock * kb * yStep;
        int y2 = 2 % perBlock * yStride + 2 / perBlock * kb * yStep;
        int y3 = 3 % perBlock * yStride + 3 / perBlock * kb * yStep;
        int s1 = 1 / perBlock * count + 1 % perBlock;
        int s2 = 2 / perBlock * count + 2 % perBlock;
        int s3 = 3 / perBlock * count + 3 % perBlock;
        int blocks = ceilDiv(k, kb);
        int chunkBlocks = Math.max(1, CHAINS / count);
        for (int b0 = 0; b0 < blocks; b0 += chunkBlocks) {
            int nb = Math.min(blocks, b0 + chunkBlocks) - b0;
            for (int b = 0, group; b < nb; b += group) {
                group = Math.min(groupBlocks, sameLengthBlocks(b0 + b, b0 + nb));
                int p0 = (b0 + b) * kb;
                int len = blockLength(b0 + b);
                for (int e = 0; e < count; e += perBlock) {
                    int chains = Math.min(perBlock, count - e) * group;
                    int xb = xAt + p0 * xStep;
                    int yb = yAt + e * yStride + p0 * yStep;
                    int yo1 = chains > 1 ? y1 : 0;
                    int yo2 = chains > 2 ? y2 : yo1;
                    int yo3 = chains > 3 ? y3 : yo2;
                    float c0 = 0f;
                    float c1 = 0f;
                    float c2 = 0f;
                    float c3 = 0f;
                    if (groupBlocks == 1) {
                        // one block: the four chains share each step's x
                        for (int i = 0; i < len; i++) {
                            float xi = x[xb + i * xStep];
                            int yi = yb + i * yStep;
                            c0 = Math.fma(xi, y[yi], c0);
                            c1 = Math.fma(xi, y[yi + yo1], c1);
                            c2 = Math.fma(xi, y[yi + yo2], c2);
                            c3 = Math.fma(xi, y[yi + yo3], c3);
                        }
                    } else {
                        int xo1 = chains > 1 ? x1 : 0;
                        int xo2 = chains > 2 ? x2 : xo1;
                        int xo3 = chains > 3 ? x3 : xo2;
                        for (int i = 0; i < len; i++) {
                            int xi = xb + i * xStep;
                            int yi = yb + i * yStep;
                            c0 = Math.fma(x[xi], y[yi], c0);
                            c1 = Math.fma(x[xi + xo1], y[yi + yo1], c1);
                            c2 = Math.fma(x[xi + xo2], y[yi + yo2], c2);
                            c3 = Math.fma(x[xi + xo3], y[yi + yo3], c3);
                        }
                    }
                    int at = b * count + e;
                    sums[at] = c0;
                    if (chains > 1) {
                        sums[at + s1] = c1;
                    }
                    if (chains > 2) {
                        sums[at + s2] = c2;
                    }
                    if (chains > 3) {
                        sums[at + s3] = c3;
                    }
                }
            }
            for (int b = 0; b < nb; b++) {
                mergeLines(sums, b * count, 1, count, count, cAt, 0, cStride, b0 + b == 0);
            }
        }
    }

    /** Steps of canonical block {@code blk}: {@link #kb}, the last block possibly fewer. */
    private int blockLength(int blk) {
        return Math.min(kb, k - blk * kb);
    }

    /** How many blocks from {@code blk} (at most four, before {@code end}) have the same length. */
    private int sameLengthBlocks(int blk, int end) {
        int group = Math.min(4, end - blk);
        boolean lastIsShort = k % kb != 0;
        if (lastIsShort && end == ceilDiv(k, kb) && blk < end - 1) {
            group = Math.min(group, end - 1 - blk);
        }
        return group;
    }

    /**
     * Packs op(B) for {@link #narrow} ({@code n <= LANES}): step {@code p}'s row of n values
     * becomes one vector, {@code packedB[p·LANES + j]}, zero past n.
     */
    private void packNarrowB() {
        packedB = WORKSPACE.get().packedB(k * LANES);
        for (int p = 0; p < k; p++) {
            int row = bOff + p * bRowStride;
            for (int j = 0; j < LANES; j++) {
                packedB[p * LANES + j] = j < n ? b[row + j * bColStride] : 0f;
            }
        }
    }

    /** Narrow task {@code t}: rows {@code [t·NARROW_ROWS, +NARROW_ROWS)} of C, each one vector chain against packed op(B). */
    private void narrow(int t) {
        int first = t * NARROW_ROWS;
        chains(Math.min(NARROW_ROWS, m - first), a, aOff + first * aRowStride, aRowStride, aColStride,
                packedB, 0, LANES, n, cOff + first * ldc, ldc, 1);
    }

    /**
     * Whether {@link #shortLines} computes this thin C: its longer side is at most one
     * vector, the operand running along it is contiguous there, so a step of k reads it as
     * one vector, and C has more elements than the four scalar chains of {@link #direct}
     * run at once.
     */
    private boolean shortLinesFit() {
        boolean fits = n >= m ? n <= LANES && bColStride == 1 : m <= LANES && aRowStride == 1;
        return fits && m * n > 4;
    }

    /**
     * Short-lines task {@code t}: lines {@code [t·NARROW_ROWS, +NARROW_ROWS)} of a thin C
     * whose longer side (the line, a row when {@code n >= m}, else a column) fits one
     * vector: each line one vector chain, op(A) and op(B) trading places along columns.
     */
    private void shortLines(int t) {
        int first = t * NARROW_ROWS;
        if (n >= m) {
            chains(Math.min(NARROW_ROWS, m - first), a, aOff + first * aRowStride, aRowStride, aColStride,
                    b, bOff, bRowStride, n, cOff + first * ldc, ldc, 1);
        } else {
            chains(Math.min(NARROW_ROWS, n - first), b, bOff + first * bColStride, bColStride, bRowStride,
                    a, aOff, aColStride, m, cOff + first, 1, ldc);
        }
    }

    /**
     * {@code lines} lines of C of {@code length <= LANES} elements: element e of line l is
     * {@code Σ_p x[xAt + l·xLine + p·xStep] · y[yAt + p·yStep + e]} and goes to
     * {@code c[cAt + l·cLine + e·cStride]}. The block sum of every (block, line) pair is one
     * vector chain from zero ({@code broadcast(x) · y} per step, lanes past {@code length}
     * computing padding). Four chains run side by side: {@code L = min(lines, 4)} lines of
     * each of {@code 4 / L} blocks (of the same length), so that the lines of a block share
     * their vector of y and four chains overlap however few the lines; the missing chains of a
     * short group repeat its last one and are not stored. Pair (b, l) is stored at
     * {@code sums[(b·lines + l)·length]}, pairs in increasing order so that each store
     * overwrites only its predecessors' padding and a block's lines are one run. Steps whose
     * vector of y would run past the array's end finish in scalar form, the same operation per
     * lane ({@link #finishChains}). Up to {@link #CHAINS} pairs are kept, then merged block by
     * block, in order.
     *
     * <p>The group's body is inline in the loop: a call per group of a few steps
     * (1000 × 8 × 3) would cost as much as its FMAs.
     */
    private void chains(int lines, float[] x, int xAt, int xLine, int xStep, float[] y, int yAt, int yStep,
                        int length, int cAt, int cLine, int cStride) {
        float[] sums = WORKSPACE.get().narrowSums;
        // steps p < vectorEnd read y[yAt + p·yStep ..] as a whole vector
        int vectorEnd = Math.floorDiv(y.length - LANES - yAt, yStep) + 1;
        int perBlock = Math.min(lines, 4);
        int groupBlocks = 4 / perBlock;
        // chain j of a group: line l + j % perBlock of block b + j / perBlock
        int x1 = 1 % perBlock * xLine + 1 / perBlock * kb * xStep;
        int x2 = 2 % perBlock * xLine + 2 / perBlock * kb * xStep;
        int x3 = 3 % perBlock * xLine + 3 / perBlock * kb * xStep;
        int y1 = 1 / perBlock * kb * yStep;
        int y2 = 2 / perBlock * kb * yStep;
        int y3 = 3 / perBlock * kb * yStep;
        int blocks = ceilDiv(k, kb);
        int chunkBlocks = Math.max(1, CHAINS / lines);
        for (int b0 = 0; b0 < blocks; b0 += chunkBlocks) {
            int nb = Math.min(blocks, b0 + chunkBlocks) - b0;
            for (int b = 0, group; b < nb; b += group) {
                group = Math.min(groupBlocks, sameLengthBlocks(b0 + b, b0 + nb));
                int p0 = (b0 + b) * kb;
                int len = blockLength(b0 + b);
                // the steps i < vectorLen of every chain of the group read whole vectors of y
                int vectorLen = Math.max(0, Math.min(len, vectorEnd - (p0 + (group - 1) * kb)));
                for (int l = 0; l < lines; l += perBlock) {
                    int count = Math.min(perBlock, lines - l) * group;
                    int xb = xAt + l * xLine + p0 * xStep;
                    int yb = yAt + p0 * yStep;
                    int xo1 = count > 1 ? x1 : 0;
                    int xo2 = count > 2 ? x2 : xo1;
                    int xo3 = count > 3 ? x3 : xo2;
                    int yo1 = count > 1 ? y1 : 0;
                    int yo2 = count > 2 ? y2 : yo1;
                    int yo3 = count > 3 ? y3 : yo2;
                    FloatVector c0 = FloatVector.zero(SPECIES);
                    FloatVector c1 = c0;
                    FloatVector c2 = c0;
                    FloatVector c3 = c0;
                    if (groupBlocks == 1) {
                        // one block: the four chains share each step's vector of y (loads bound these loops)
                        for (int i = 0; i < vectorLen; i++) {
                            int xi = xb + i * xStep;
                            FloatVector yi = FloatVector.fromArray(SPECIES, y, yb + i * yStep);
                            c0 = FloatVector.broadcast(SPECIES, x[xi]).fma(yi, c0);
                            c1 = FloatVector.broadcast(SPECIES, x[xi + xo1]).fma(yi, c1);
                            c2 = FloatVector.broadcast(SPECIES, x[xi + xo2]).fma(yi, c2);
                            c3 = FloatVector.broadcast(SPECIES, x[xi + xo3]).fma(yi, c3);
                        }
                    } else {
                        for (int i = 0; i < vectorLen; i++) {
                            int xi = xb + i * xStep;
                            int yi = yb + i * yStep;
                            c0 = FloatVector.broadcast(SPECIES, x[xi]).fma(FloatVector.fromArray(SPECIES, y, yi), c0);
                            c1 = FloatVector.broadcast(SPECIES, x[xi + xo1]).fma(FloatVector.fromArray(SPECIES, y, yi + yo1), c1);
                            c2 = FloatVector.broadcast(SPECIES, x[xi + xo2]).fma(FloatVector.fromArray(SPECIES, y, yi + yo2), c2);
                            c3 = FloatVector.broadcast(SPECIES, x[xi + xo3]).fma(FloatVector.fromArray(SPECIES, y, yi + yo3), c3);
                        }
                    }
                    // chain j is pair (b + j / perBlock, l + j % perBlock): its sums follow at (j / perBlock)·lines + j % perBlock
                    int s0 = (b * lines + l) * length;
                    int s1 = s0 + (1 / perBlock * lines + 1 % perBlock) * length;
                    int s2 = s0 + (2 / perBlock * lines + 2 % perBlock) * length;
                    int s3 = s0 + (3 / perBlock * lines + 3 % perBlock) * length;
                    // Stored through -0 + c, the receiver a fresh vector: -0 is the exact identity of
                    // addition (a chain can be -0: fma(-x, y, +0) that underflows).
                    FloatVector identity = FloatVector.broadcast(SPECIES, -0f);
                    identity.add(c0).intoArray(sums, s0);
                    if (count > 1) {
                        identity.add(c1).intoArray(sums, s1);
                    }
                    if (count > 2) {
                        identity.add(c2).intoArray(sums, s2);
                    }
                    if (count > 3) {
                        identity.add(c3).intoArray(sums, s3);
                    }
                    if (vectorLen < len) {
                        finishChains(count, perBlock, lines, x, xb, xLine, kb * xStep, xStep, y, yb, kb * yStep, yStep,
                                vectorLen, len, length, sums, s0);
                    }
                }
            }
            for (int b = 0; b < nb; b++) {
                mergeLines(sums, b * lines * length, lines, length, length, cAt, cLine, cStride, b0 + b == 0);
            }
        }
    }

    /**
     * The steps {@code [from, len)} of a group of {@link #chains} in scalar form, lane by lane:
     * chain j is line {@code j % perBlock} of block {@code j / perBlock} of the group.
     */
    private static void finishChains(int count, int perBlock, int lines, float[] x, int xb, int xLine, int xBlock,
                                     int xStep, float[] y, int yb, int yBlock, int yStep, int from, int len, int length,
                                     float[] sums, int s0) {
        for (int j = 0; j < count; j++) {
            int xj = xb + j % perBlock * xLine + j / perBlock * xBlock;
            int yj = yb + j / perBlock * yBlock;
            int at = s0 + (j / perBlock * lines + j % perBlock) * length;
            for (int i = from; i < len; i++) {
                float xp = x[xj + i * xStep];
                for (int e = 0; e < length; e++) {
                    sums[at + e] = Math.fma(xp, y[yj + i * yStep + e], sums[at + e]);
                }
            }
        }
    }

    /**
     * {@code sums[e] = fma(xp, src[from + e], sums[e])} for {@code e < count}: whole vectors
     * through the Vector API, the rest in scalar form, the same operation either way.
     */
    private static void accumulate(int count, float xp, float[] src, int from, float[] sums) {
        FloatVector xv = FloatVector.broadcast(SPECIES, xp);
        int e = 0;
        for (int bound = SPECIES.loopBound(count); e < bound; e += LANES) {
            xv.fma(FloatVector.fromArray(SPECIES, src, from + e), FloatVector.fromArray(SPECIES, sums, e))
                    .intoArray(sums, e);
        }
        for (; e < count; e++) {
            sums[e] = Math.fma(xp, src[from + e], sums[e]);
        }
    }

    /**
     * Merges one block's sums of {@code lines} lines of {@code length} elements, line l at
     * {@code sums[at + l·lineStride]}, into C at {@code c[cAt + l·cLine + e·cStride]}: in one
     * run when the sums' lines and C's lines are both contiguous and adjacent, else line by
     * line, or element by element when C's elements are strided. {@code first} marks the first
     * block, which applies beta.
     */
    private void mergeLines(float[] sums, int at, int lines, int length, int lineStride, int cAt, int cLine,
                            int cStride, boolean first) {
        boolean fresh = first && beta == 0f;
        float scaleC = first ? beta : 1f;
        if (cStride != 1) {
            for (int l = 0; l < lines; l++) {
                for (int e = 0; e < length; e++) {
                    int ce = cAt + l * cLine + e * cStride;
                    c[ce] = merged(sums[at + l * lineStride + e], alpha, scaleC, fresh, c, ce);
                }
            }
        } else if (lines == 1 || (cLine == length && lineStride == length)) {
            merge(sums, at, lines * length, c, cAt, alpha, scaleC, fresh);
        } else {
            for (int l = 0; l < lines; l++) {
                merge(sums, at + l * lineStride, length, c, cAt + l * cLine, alpha, scaleC, fresh);
            }
        }
    }

    /**
     * Merges {@code count} sums from {@code sums[at]} into the contiguous run of C at
     * {@code cAt}: {@code c = fma(s, alpha, fresh ? -0 : scaleC · c)}, C not read when fresh.
     * Whole vectors go through the Vector API, the rest through the same operations in scalar
     * form, so every element gets the same bits either way.
     */
    private static void merge(float[] sums, int at, int count, float[] c, int cAt, float alpha, float scaleC,
                              boolean fresh) {
        int e = SPECIES.loopBound(count);
        if (e > 0) {
            VectorMask<Float> ignoreC = SPECIES.maskAll(fresh);
            FloatVector av = FloatVector.broadcast(SPECIES, alpha);
            FloatVector negZero = FloatVector.broadcast(SPECIES, -0f);
            for (int v = 0; v < e; v += LANES) {
                FloatVector old = FloatVector.fromArray(SPECIES, c, cAt + v).mul(scaleC).blend(negZero, ignoreC);
                av.fma(FloatVector.fromArray(SPECIES, sums, at + v), old).intoArray(c, cAt + v);
            }
        }
        for (; e < count; e++) {
            c[cAt + e] = merged(sums[at + e], alpha, scaleC, fresh, c, cAt + e);
        }
    }

    /** One element of a merge in scalar form: {@code fma(s, alpha, fresh ? -0 : scaleC · c[at])}. */
    private static float merged(float s, float alpha, float scaleC, boolean fresh, float[] c, int at) {
        return Math.fma(s, alpha, fresh ? -0f : scaleC * c[at]);
    }

    /**
     * Packs {@code count} rows of op(A) ({@code width = MR}) or columns of op(B)
     * ({@code width = NR}) over {@code depth} steps of k into slivers of {@code width}
     * placed {@code sliverSize} apart: element {@code x} of step {@code p}, at
     * {@code src[off + p·stepP + x·stepX]}, goes to
     * {@code dst[dstOff + (x / width)·sliverSize + p·width + x % width]}; the last sliver is
     * padded with zeros. One of the strides is 1. When it is {@code stepX}, the source is
     * read a step at a time across all slivers, in runs of {@code width} (whole vectors for
     * B). When it is {@code stepP} (A not transposed, or B transposed), the source rows run
     * along k: an A sliver interleaves its six rows step by step; a B sliver is transposed
     * {@link #PACK_CHUNK} steps at a time, so that the part being written stays in L1.
     */
    private static void pack(float[] src, int off, int stepP, int stepX, int depth, int count, int width,
                             int sliverSize, float[] dst, int dstOff) {
        int full = count - count % width;
        if (stepX == 1) {
            for (int p = 0; p < depth; p++) {
                for (int x = 0; x < full; x += width) {
                    int from = off + p * stepP + x;
                    int to = dstOff + x / width * sliverSize + p * width;
                    if (width == MR) {
                        copyRun(src, from, dst, to, MR);
                    } else {
                        copyRun(src, from, dst, to, NR);
                    }
                }
            }
        } else if (width == MR) {
            for (int x0 = 0; x0 < full; x0 += MR) {
                interleaveRows(src, off + x0 * stepX, stepX, dst, dstOff + x0 / MR * sliverSize, depth);
            }
        } else {
            for (int x0 = 0; x0 < full; x0 += NR) {
                for (int p0 = 0; p0 < depth; p0 += PACK_CHUNK) {
                    int len = Math.min(PACK_CHUNK, depth - p0);
                    for (int x = x0; x < x0 + NR; x++) {
                        int from = off + x * stepX + p0;
                        int to = dstOff + x0 / NR * sliverSize + p0 * NR + x - x0;
                        for (int p = 0; p < len; p++) {
                            dst[to + p * NR] = src[from + p];
                        }
                    }
                }
            }
        }
        if (full < count) {
            int d = dstOff + full / width * sliverSize;
            for (int p = 0; p < depth; p++) {
                for (int x = full; x < full + width; x++) {
                    dst[d++] = x < count ? src[off + p * stepP + x * stepX] : 0f;
                }
            }
        }
    }

    /** {@code dst[d + p·MR + r] = src[s + r·rowStride + p]} for {@code r < MR}, {@code p < depth}. */
    private static void interleaveRows(float[] src, int s, int rowStride, float[] dst, int d, int depth) {
        int s1 = s + rowStride;
        int s2 = s1 + rowStride;
        int s3 = s2 + rowStride;
        int s4 = s3 + rowStride;
        int s5 = s4 + rowStride;
        for (int p = 0; p < depth; p++) {
            int q = d + p * MR;
            dst[q] = src[s + p];
            dst[q + 1] = src[s1 + p];
            dst[q + 2] = src[s2 + p];
            dst[q + 3] = src[s3 + p];
            dst[q + 4] = src[s4 + p];
            dst[q + 5] = src[s5 + p];
        }
    }

    /** {@code dst[d + x] = src[s + x]} for {@code x < width}, whole vectors first. */
    private static void copyRun(float[] src, int s, float[] dst, int d, int width) {
        int x = 0;
        for (; x <= width - LANES; x += LANES) {
            FloatVector.fromArray(SPECIES, src, s + x).intoArray(dst, d + x);
        }
        for (; x < width; x++) {
            dst[d + x] = src[s + x];
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

    /** {@code ⌈x / y⌉} for {@code x >= 0}, {@code y > 0}, without overflow. */
    private static int ceilDiv(int x, int y) {
        return -Math.floorDiv(-x, y);
    }

    /** One thread's buffers, grown on demand and kept for later calls. */
    private static final class Workspace {
        private float[] packedA = new float[0];
        private float[] packedB = new float[0];
        final float[] edgeTile = new float[MR * NR];
        final float[] directSums = new float[Math.max(DIRECT_ELEMENTS, CHAINS)];
        final float[] directStep = new float[DIRECT_ELEMENTS];
        final float[] narrowSums = new float[CHAINS * LANES];


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
