package io.github.panagrad.kernel;

import java.util.Arrays;
import java.util.function.IntConsumer;
import jdk.incubator.vector.FloatVector;
import jdk.incubator.vector.VectorSpecies;

/**
 * The Vector API matrix multiply behind {@link VectorKernels#gemm}:
 * {@code C = alpha * op(A) * op(B) + beta * C}, row-major, {@code op(A)} is {@code m × k},
 * {@code op(B)} is {@code k × n}. Only the {@code m × n} window of C is written (elements
 * between its rows are untouched); A and B are never written. The arguments are trusted:
 * the {@link Kernels} facade has validated them.
 *
 * <h2>Register tile</h2>
 * C is computed in tiles of {@link #MR} = 6 rows by {@link #NR} = two vectors of the species
 * (6 × 32 floats with 512-bit vectors, 6 × 16 with 256, 6 × 8 with 128). Per step {@code p}
 * of the inner dimension the micro-kernel ({@link #tile}) loads two vectors of packed B,
 * broadcasts the six packed A values of that step and does twelve independent FMAs into
 * twelve accumulators that are locals, so they stay in registers. Twelve chains cover the
 * FMA latency on cores with two FMA pipes; 12 accumulators + 2 B vectors + 1 broadcast fit
 * the 16 registers of AVX2 as well as the 32 of AVX-512, so one tile shape serves every
 * width; two loads and six broadcasts per twelve FMAs keep the loop FMA-bound. Measured
 * alone on a Zen 4 core, the micro-kernel runs close to the core's FMA peak.
 *
 * <h2>Packing and cache blocking</h2>
 * Both operands are packed, over all of k, into slivers that the micro-kernel reads
 * sequentially: op(A) into slivers of MR rows stored step by step
 * ({@code MR} floats per step), op(B) into slivers of NR columns ({@code NR} floats per
 * step). Rows or columns past the edge are zero. Packing reads each operand through a
 * row and a column stride, so it absorbs the transposes and leading dimensions and one
 * micro-kernel serves all four cases; a transposed source is read along its rows in
 * chunks of {@link #PACK_CHUNK} steps. An operand larger than {@link #PANEL_FLOATS} floats
 * is packed and consumed in panels (A by rows, B by columns). Each output block of
 * {@link #MC} rows by {@link #NC} columns then runs over the k-blocks of at most
 * {@link #KC} steps (equal sizes, fixed by k alone) and, within one, over its MR-row
 * slivers and its NR-column slivers: the A sliver of a k-block (12 KiB at most) stays in
 * L1 while the packed B block streams past it. KC and NC are large because each k-block
 * costs a pass over the block of C and each NC columns a re-read of the A sliver; on the
 * Zen 4 machine measured (32 KiB L1, 1 MiB L2 per core) 512 and 1024 beat the
 * L2-resident 256 × 512 blocking, the packed B streaming from L3 without loss. Tiles at
 * the edges run the same micro-kernel on the zero padding and write only their valid
 * part: the micro-kernel writes its sums to a small per-thread array and {@link #merge}
 * applies them, whole vectors with the Vector API and the column edge in scalar form. The
 * hot loop has no masks and no tails.
 *
 * <p>When C is so thin that the tiles would be mostly padding (for example one column,
 * or m or n of a few elements against a long k), {@link #direct} computes it element by
 * element instead, without packing, with the same k-blocks and operations as the packed
 * path: along C's longer side, the steps of a shallow k-block outside a long run of
 * elements (1000 × 1 × 3, a Linear layer with one output), four independent chains at a
 * time when the elements are few (1 × 3 × 1000, that layer's weight gradient). When C is
 * at most one vector wide but not that thin ({@code n <= LANES}: 1000 × 8 × 3, the first
 * layer of a 3 → 8 → 1 network), {@link #narrow} computes each row of C as one vector,
 * four rows at a time, against op(B) packed one vector per step: no 32-column tile padding
 * and no per-element merge. A thin C whose longer side fits one vector and whose operand
 * along it is contiguous (8 × 3 × 1000 in TN, the weight gradient of that first layer) is
 * computed the same way by {@link #shortLines}, its lines read in place.
 *
 * <h2>Threads and determinism</h2>
 * Products of at least {@link #PARALLEL_MIN_FLOPS} flops ({@code 2·m·n·k}) are split with
 * {@link Parallel#forEach}: first the packing (by ranges of k), then the output blocks.
 * Smaller ones run entirely on the calling thread. Panel, block and k-block boundaries
 * depend only on m, n and k, and every element of C goes through the same operations
 * whichever task, thread or tile position (full or edge) computes it: for each k-block in
 * order, an FMA chain from zero over its steps in order, then
 * {@code c = fma(blockSum, alpha, beta' · c)} with {@code beta' = beta} for the first
 * k-block and 1 after it; for the first k-block with {@code beta == 0},
 * {@code c = blockSum · alpha} and C is not read. The direct and narrow paths do the same
 * per element. So the result is the same bits for any thread count, run after run, and for
 * every species width. Packing buffers are per thread and grow as needed, so
 * steady-state calls allocate only a small job object.
 *
 * <h2>Numerical class</h2>
 * Bounded. A product term goes through at most {@code kc} roundings in its k-block chain
 * plus one per later k-block, the old C through one for {@code beta · c} plus one per
 * k-block: with {@code nb} k-blocks of {@code kc} steps that is at most
 * {@code kc + nb <= k + 1} roundings, within the facade's
 * {@code γ(k + 2) · (|alpha| Σ_p |a_ip b_pj| + |beta c_ij|)}. {@code alpha == 0} or
 * {@code k == 0} give {@code C = beta · C} (zeros when {@code beta == 0}) without reading
 * A or B.
 */
final class VectorGemm {

    private static final VectorSpecies<Float> SPECIES = VectorKernels.SPECIES;
    private static final int LANES = SPECIES.length();

    /** Rows of a register tile. */
    private static final int MR = 6;
    /** Columns of a register tile: two vectors. */
    private static final int NR = 2 * LANES;
    /** Largest k-block: the A sliver of one, {@code MR · KC} floats, stays in L1. */
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

    /** Computes output block {@code t} of the current panels: MC rows by NC columns. */
    private void block(int t) {
        int colBlocks = ceilDiv(panelCols, NC);
        int i0 = t / colBlocks * MC;
        int j0 = t % colBlocks * NC;
        int rowEnd = Math.min(panelRows, i0 + MC);
        int colEnd = Math.min(panelCols, j0 + NC);
        float[] sums = WORKSPACE.get().sums;
        for (int pc = 0; pc < k; pc += kc) {
            int depth = Math.min(kc, k - pc);
            boolean overwrite = pc == 0 && beta == 0f;
            float blockBeta = pc == 0 ? beta : 1f;
            for (int i = i0; i < rowEnd; i += MR) {
                int cRow = cOff + (panelRow + i) * ldc + panelCol;
                for (int j = j0; j < colEnd; j += NR) {
                    tile(packedA, i * k + pc * MR, packedB, j * k + pc * NR, depth, sums);
                    merge(sums, NR, c, cRow + j, ldc, Math.min(MR, rowEnd - i), Math.min(NR, colEnd - j),
                            alpha, blockBeta, overwrite);
                }
            }
        }
    }

    /**
     * Direct task {@code t}: up to {@link #DIRECT_ELEMENTS} elements of C, computed one by one
     * with the packed path's operations: per k-block an FMA chain from zero over its steps in
     * order, then the merge. C is walked along its longer side, the line (a row when
     * {@code n >= m}, else a column, op(A) and op(B) then trading places, which changes no
     * product), in chunks: task t is chunk {@code t % chunks} of line {@code t / chunks}. Per
     * k-block, a chunk of at least {@link #DIRECT_ELEMENTS_INSIDE} elements runs its elements
     * inside the steps, the chains kept in {@code sums}, so that every loop is long, each step
     * a vector FMA over the chunk (its operand copied to {@code step} first when it is not
     * contiguous), and the merge a vector one when C's chunk is contiguous; a
     * shorter chunk runs the steps inside its elements, four chains at a time so that four
     * overlap (in the last group the missing elements repeat the last one and are not stored).
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
        Workspace ws = WORKSPACE.get();
        float[] sums = ws.directSums;
        float[] step = ws.directStep;
        for (int pc = 0; pc < k; pc += kc) {
            int pEnd = Math.min(k, pc + kc);
            boolean overwrite = pc == 0 && beta == 0f;
            float blockBeta = pc == 0 ? beta : 1f;
            if (count >= DIRECT_ELEMENTS_INSIDE) {
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
                if (cStride == 1) {
                    merge(sums, count, c, cAt, ldc, 1, count, alpha, blockBeta, overwrite);
                } else {
                    for (int e = 0; e < count; e++) {
                        int at = cAt + e * cStride;
                        c[at] = merged(sums[e], alpha, blockBeta, overwrite, c, at);
                    }
                }
            } else {
                for (int e = 0; e < count; e += 4) {
                    int y0 = yAt + e * yStride;
                    int y1 = yAt + Math.min(e + 1, count - 1) * yStride;
                    int y2 = yAt + Math.min(e + 2, count - 1) * yStride;
                    int y3 = yAt + Math.min(e + 3, count - 1) * yStride;
                    float s0 = 0f;
                    float s1 = 0f;
                    float s2 = 0f;
                    float s3 = 0f;
                    for (int p = pc; p < pEnd; p++) {
                        float xp = x[xAt + p * xStep];
                        int yp = p * yStep;
                        s0 = Math.fma(xp, y[y0 + yp], s0);
                        s1 = Math.fma(xp, y[y1 + yp], s1);
                        s2 = Math.fma(xp, y[y2 + yp], s2);
                        s3 = Math.fma(xp, y[y3 + yp], s3);
                    }
                    int at = cAt + e * cStride;
                    c[at] = merged(s0, alpha, blockBeta, overwrite, c, at);
                    if (e + 1 < count) {
                        c[at + cStride] = merged(s1, alpha, blockBeta, overwrite, c, at + cStride);
                    }
                    if (e + 2 < count) {
                        c[at + 2 * cStride] = merged(s2, alpha, blockBeta, overwrite, c, at + 2 * cStride);
                    }
                    if (e + 3 < count) {
                        c[at + 3 * cStride] = merged(s3, alpha, blockBeta, overwrite, c, at + 3 * cStride);
                    }
                }
            }
        }
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
     * run at once (a single vector chain is slower than four scalar ones: 1 × 3 × 1000 took
     * about 2.0 µs that way against 1.5).
     */
    private boolean shortLinesFit() {
        boolean fits = n >= m ? n <= LANES && bColStride == 1 : m <= LANES && aRowStride == 1;
        return fits && m * n > 4;
    }

    /**
     * Short-lines task {@code t}: lines {@code [t·NARROW_ROWS, +NARROW_ROWS)} of a thin C
     * whose longer side (the line, a row when {@code n >= m}, else a column) fits one
     * vector: each line one vector chain, op(A) and op(B) trading places along columns.
     * For the weight gradient of a small layer (8 × 3 × 1000) the chains of a line's
     * elements then run in one vector instead of four scalar chains at a time.
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
     * {@code lines} lines of C of {@code length <= LANES} elements, each computed as one
     * vector chain: element e of line l is {@code Σ_p x[xAt + l·xLine + p·xStep] ·
     * y[yAt + p·yStep + e]} and goes to {@code c[cAt + l·cLine + e·cStride]}. Per k-block,
     * every line is an FMA chain from zero over the steps in order ({@code broadcast(x) · y}
     * row, lanes past {@code length} computing padding), four lines side by side so that
     * four chains overlap (in the last group the missing lines repeat the last one and are
     * not stored). Steps whose vector of y would run past the array's end finish in scalar
     * form, the same operation per lane. Line l is stored at {@code sums[l·length]}, lines in
     * increasing order so each overwrites its predecessor's padding, and the block is then
     * merged, as one contiguous run when C's lines are. The operations per element are the
     * packed path's, hence its bits.
     */
    private void chains(int lines, float[] x, int xAt, int xLine, int xStep, float[] y, int yAt, int yStep,
                        int length, int cAt, int cLine, int cStride) {
        float[] sums = WORKSPACE.get().narrowSums;
        // steps p < vectorEnd read y[yAt + p·yStep ..] as a whole vector
        int vectorEnd = Math.floorDiv(y.length - LANES - yAt, yStep) + 1;
        for (int pc = 0; pc < k; pc += kc) {
            int pEnd = Math.min(k, pc + kc);
            int pVector = Math.max(pc, Math.min(pEnd, vectorEnd));
            for (int l = 0; l < lines; l += 4) {
                int x0 = xAt + l * xLine;
                int x1 = xAt + Math.min(l + 1, lines - 1) * xLine;
                int x2 = xAt + Math.min(l + 2, lines - 1) * xLine;
                int x3 = xAt + Math.min(l + 3, lines - 1) * xLine;
                FloatVector s0 = FloatVector.zero(SPECIES);
                FloatVector s1 = s0;
                FloatVector s2 = s0;
                FloatVector s3 = s0;
                for (int p = pc; p < pVector; p++) {
                    FloatVector yp = FloatVector.fromArray(SPECIES, y, yAt + p * yStep);
                    int xp = p * xStep;
                    s0 = FloatVector.broadcast(SPECIES, x[x0 + xp]).fma(yp, s0);
                    s1 = FloatVector.broadcast(SPECIES, x[x1 + xp]).fma(yp, s1);
                    s2 = FloatVector.broadcast(SPECIES, x[x2 + xp]).fma(yp, s2);
                    s3 = FloatVector.broadcast(SPECIES, x[x3 + xp]).fma(yp, s3);
                }
                s0.intoArray(sums, l * length);
                if (l + 1 < lines) {
                    s1.intoArray(sums, (l + 1) * length);
                }
                if (l + 2 < lines) {
                    s2.intoArray(sums, (l + 2) * length);
                }
                if (l + 3 < lines) {
                    s3.intoArray(sums, (l + 3) * length);
                }
            }
            for (int l = 0; l < lines; l++) {
                for (int p = pVector; p < pEnd; p++) {
                    float xp = x[xAt + l * xLine + p * xStep];
                    for (int e = 0; e < length; e++) {
                        sums[l * length + e] = Math.fma(xp, y[yAt + p * yStep + e], sums[l * length + e]);
                    }
                }
            }
            boolean overwrite = pc == 0 && beta == 0f;
            float blockBeta = pc == 0 ? beta : 1f;
            if (cStride != 1) {
                for (int l = 0; l < lines; l++) {
                    for (int e = 0; e < length; e++) {
                        int at = cAt + l * cLine + e * cStride;
                        c[at] = merged(sums[l * length + e], alpha, blockBeta, overwrite, c, at);
                    }
                }
            } else if (cLine == length) {
                merge(sums, lines * length, c, cAt, cLine, 1, lines * length, alpha, blockBeta, overwrite);
            } else {
                merge(sums, length, c, cAt, cLine, lines, length, alpha, blockBeta, overwrite);
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
     * Merges sums, row r of them starting at {@code sums[r · sumsStride]}, into the
     * {@code rows × cols} window of C at {@code cBase}:
     * {@code c = s · alpha} when {@code overwrite}, else {@code c = fma(s, alpha, beta · c)}.
     * Whole vectors go through the Vector API, a column edge through the same operations
     * in scalar form, so every element gets the same bits either way.
     */
    private static void merge(float[] sums, int sumsStride, float[] c, int cBase, int ldc, int rows, int cols,
                              float alpha, float beta, boolean overwrite) {
        FloatVector av = FloatVector.broadcast(SPECIES, alpha);
        int vectorCols = cols - cols % LANES;
        for (int r = 0; r < rows; r++) {
            int s = r * sumsStride;
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

    /** One element of a merge in scalar form: {@code s · alpha}, or {@code fma(s, alpha, beta · c[at])}. */
    private static float merged(float s, float alpha, float beta, boolean overwrite, float[] c, int at) {
        return overwrite ? s * alpha : Math.fma(s, alpha, beta * c[at]);
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
        final float[] sums = new float[MR * NR];
        final float[] directSums = new float[DIRECT_ELEMENTS];
        final float[] directStep = new float[DIRECT_ELEMENTS];
        final float[] narrowSums = new float[NARROW_ROWS * LANES];

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
