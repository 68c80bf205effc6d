package io.github.panagrad.kernel;

import jdk.incubator.vector.FloatVector;
import jdk.incubator.vector.VectorMask;
import jdk.incubator.vector.VectorOperators;
import jdk.incubator.vector.VectorShape;
import jdk.incubator.vector.VectorSpecies;

/**
 * The Vector API backend. Loaded only by {@link BackendLookup}, after it has checked that
 * {@code jdk.incubator.vector} is present and C2 is available. Single-threaded apart from gemm.
 *
 * <p>Every kernel applies the reference's operations in its canonical order, lane by lane:
 * fused multiply-add exactly where the reference calls {@link Math#fma}, separate multiply
 * and add where it does, compare and blend for the ReLU rules, correctly rounded SQRT and DIV,
 * each lane one element (elementwise kernels, columnSums), one output element (gemm) or one of
 * the 64 partial sums of a reduction. Every result is therefore bit-identical to
 * {@link ScalarKernels} for every input and at every vector width. Kernels run over whole
 * vectors without masked loads or stores and finish the last elements with the reference's
 * scalar operations.
 *
 * <p>The loops are written so that C2 keeps every vector in a register. A vector it cannot
 * keep there is boxed, a heap allocation, and for a loop accumulator that happens on every
 * iteration. Hence four rules:
 * <ul>
 *   <li>No vector is passed to or returned from a method of this class: a call that C2 leaves
 *       un-inlined (a cold call site, a callee already compiled large) boxes its vector arguments.</li>
 *   <li>A vector carried from one iteration to the next (an accumulator) is only ever an
 *       argument, never the receiver of a Vector API call: its static type there is the
 *       abstract {@code FloatVector}, and a call on it becomes the intrinsic only if the call's
 *       type profile happens to be filled.</li>
 *   <li>Per-call options (weight decay, first step, Nesterov, the lerp branch, {@code beta == 0})
 *       select lanes by a blend under a mask made once per call, not by a branch in the loop:
 *       a branch never taken becomes an uncommon trap that needs the loop's invariant vectors as objects.</li>
 *   <li>A constant used after an inner loop is broadcast where it is used ({@code mul(beta)}),
 *       not kept in a vector across that loop.</li>
 * </ul>
 */
enum VectorKernels implements KernelSupport {
    /** The one instance: the kernels are stateless. */
    INSTANCE;

    /**
     * The species every vector kernel uses: the width {@code panagrad.vectorBits} forces, else
     * the preferred one up to 512 bits (16 lanes; the reductions' 64 partial sums are four
     * vectors of at most that width).
     */
    static final VectorSpecies<Float> SPECIES = BackendLookup.requestedVectorBits() != 0
            ? VectorSpecies.of(float.class, VectorShape.forBitSize(BackendLookup.requestedVectorBits()))
            : FloatVector.SPECIES_PREFERRED.vectorBitSize() > 512 ? FloatVector.SPECIES_512 : FloatVector.SPECIES_PREFERRED;

    private static final int LANES = SPECIES.length();

    /** Step from the last vector of a reduction pass in one block of 64 to its first in the next. */
    private static final int BLOCK_JUMP = ScalarKernels.PARTIALS - 3 * LANES;

    /** Columns per block of {@link #columnSums}: four vectors, each with its own accumulator. */
    private static final int UNROLLED = 4 * LANES;



    @Override
    public Backend backend() {
        return Backend.VECTOR;
    }

    @Override
    public String describe() {
        return SPECIES.vectorBitSize() + "-bit species, " + SPECIES.length() + " float lanes";
    }

    @Override
    public void gemm(boolean transA, boolean transB, int m, int n, int k, float alpha, float[] a, int aOff, int lda, float[] b, int bOff, int ldb, float beta, float[] c, int cOff, int ldc) {
        VectorGemm.gemm(transA, transB, m, n, k, alpha, a, aOff, lda, b, bOff, ldb, beta, c, cOff, ldc);
    }

    // ---------------------------------------------------------------- elementwise

    /**
     * Below this many elements the plain loops of axpy, add, sub, mul, scale, addScalar, mulAdd
     * and mseBackward, which C2 vectorises itself when their arrays are distinct, are faster
     * than these kernels (at 1,000 elements 0.43–0.71× scalar, at 30,011 0.89–0.94×; from about
     * a million, the L3 sizes, these are 2–3× faster): C2 aligns its vector accesses with a
     * pre-loop, which Java code cannot do, as it cannot see an array's address. With two
     * operands in one array C2 does not vectorise, and these kernels are 2.3–3.3× faster.
     */
    private static final int SCALAR_BELOW = 1 << 16;

    /** Whether the scalar loop over these distinct arrays is the faster way (see {@link #SCALAR_BELOW}). */
    private static boolean scalarLoopIsFaster(int n, float[] x, float[] y) {
        return n < SCALAR_BELOW && x != y;
    }

    /** As {@link #scalarLoopIsFaster(int, float[], float[])}, for three arrays. */
    private static boolean scalarLoopIsFaster(int n, float[] a, float[] b, float[] y) {
        return n < SCALAR_BELOW && a != b && a != y && b != y;
    }

    /** ReLU: {@code y = x < 0 ? +0 : x} per lane, by compare and blend (−0 and NaN pass through). Bit-exact. */
    @Override
    public void relu(int n, float[] x, int xOff, float[] y, int yOff) {
        FloatVector zero = FloatVector.zero(SPECIES);
        int i = 0;
        for (int bound = SPECIES.loopBound(n); i < bound; i += LANES) {
            FloatVector v = FloatVector.fromArray(SPECIES, x, xOff + i);
            v.blend(zero, v.compare(VectorOperators.LT, 0f)).intoArray(y, yOff + i);
        }
        ScalarKernels.INSTANCE.relu(n - i, x, xOff + i, y, yOff + i);
    }

    /** ReLU gradient: {@code dx += (x <= 0 ? +0 : dy)} per lane, by compare and blend (NaN x passes dy). Bit-exact. */
    @Override
    public void reluBackward(int n, float[] x, int xOff, float[] dy, int dyOff, float[] dx, int dxOff) {
        FloatVector zero = FloatVector.zero(SPECIES);
        int i = 0;
        for (int bound = SPECIES.loopBound(n); i < bound; i += LANES) {
            FloatVector g = FloatVector.fromArray(SPECIES, dy, dyOff + i);
            VectorMask<Float> blocked = FloatVector.fromArray(SPECIES, x, xOff + i).compare(VectorOperators.LE, 0f);
            FloatVector.fromArray(SPECIES, dx, dxOff + i).add(g.blend(zero, blocked)).intoArray(dx, dxOff + i);
        }
        ScalarKernels.INSTANCE.reluBackward(n - i, x, xOff + i, dy, dyOff + i, dx, dxOff + i);
    }

    /** {@code y = fma(alpha, x, y)} per lane. Bit-exact. */
    @Override
    public void axpy(int n, float alpha, float[] x, int xOff, float[] y, int yOff) {
        FloatVector a = FloatVector.broadcast(SPECIES, alpha);
        int i = 0;
        if (!scalarLoopIsFaster(n, x, y)) {
            for (int bound = SPECIES.loopBound(n); i < bound; i += LANES) {
                a.fma(FloatVector.fromArray(SPECIES, x, xOff + i), FloatVector.fromArray(SPECIES, y, yOff + i))
                        .intoArray(y, yOff + i);
            }
        }
        ScalarKernels.INSTANCE.axpy(n - i, alpha, x, xOff + i, y, yOff + i);
    }

    /** {@code y = a + b} per lane. Bit-exact. */
    @Override
    public void add(int n, float[] a, int aOff, float[] b, int bOff, float[] y, int yOff) {
        int i = wholeVectors(VectorOperators.ADD, n, a, aOff, b, bOff, y, yOff);
        ScalarKernels.INSTANCE.add(n - i, a, aOff + i, b, bOff + i, y, yOff + i);
    }

    /** {@code y = a - b} per lane. Bit-exact. */
    @Override
    public void sub(int n, float[] a, int aOff, float[] b, int bOff, float[] y, int yOff) {
        int i = wholeVectors(VectorOperators.SUB, n, a, aOff, b, bOff, y, yOff);
        ScalarKernels.INSTANCE.sub(n - i, a, aOff + i, b, bOff + i, y, yOff + i);
    }

    /** {@code y = a * b} per lane. Bit-exact. */
    @Override
    public void mul(int n, float[] a, int aOff, float[] b, int bOff, float[] y, int yOff) {
        int i = wholeVectors(VectorOperators.MUL, n, a, aOff, b, bOff, y, yOff);
        ScalarKernels.INSTANCE.mul(n - i, a, aOff + i, b, bOff + i, y, yOff + i);
    }

    /**
     * {@code y = a op b} over the whole vectors of the first {@code n} elements, op being
     * ADD, SUB or MUL. The operation is chosen by comparison rather than by
     * {@code lanewise(op, ...)}: that intrinsic needs a constant operator, which C2 sees only
     * where this method is inlined, and a loop compiled here on its own (on-stack replacement
     * during one long call) would fall back to the Vector API's slow path.
     *
     * @return how many elements were done, {@code SPECIES.loopBound(n)}, or 0 where the scalar
     *         loop is faster ({@link #scalarLoopIsFaster}); the caller does the rest
     */
    private static int wholeVectors(VectorOperators.Binary op, int n, float[] a, int aOff, float[] b, int bOff,
                                    float[] y, int yOff) {
        if (scalarLoopIsFaster(n, a, b, y)) {
            return 0;
        }
        int i = 0;
        for (int bound = SPECIES.loopBound(n); i < bound; i += LANES) {
            FloatVector va = FloatVector.fromArray(SPECIES, a, aOff + i);
            FloatVector vb = FloatVector.fromArray(SPECIES, b, bOff + i);
            FloatVector r = op == VectorOperators.ADD ? va.add(vb) : op == VectorOperators.SUB ? va.sub(vb) : va.mul(vb);
            r.intoArray(y, yOff + i);
        }
        return i;
    }

    /** {@code y = alpha * x} per lane. Bit-exact. */
    @Override
    public void scale(int n, float alpha, float[] x, int xOff, float[] y, int yOff) {
        FloatVector a = FloatVector.broadcast(SPECIES, alpha);
        int i = 0;
        if (!scalarLoopIsFaster(n, x, y)) {
            for (int bound = SPECIES.loopBound(n); i < bound; i += LANES) {
                a.mul(FloatVector.fromArray(SPECIES, x, xOff + i)).intoArray(y, yOff + i);
            }
        }
        ScalarKernels.INSTANCE.scale(n - i, alpha, x, xOff + i, y, yOff + i);
    }

    /** {@code y = x + c} per lane. Bit-exact. */
    @Override
    public void addScalar(int n, float c, float[] x, int xOff, float[] y, int yOff) {
        FloatVector vc = FloatVector.broadcast(SPECIES, c);
        int i = 0;
        if (!scalarLoopIsFaster(n, x, y)) {
            for (int bound = SPECIES.loopBound(n); i < bound; i += LANES) {
                FloatVector.fromArray(SPECIES, x, xOff + i).add(vc).intoArray(y, yOff + i);
            }
        }
        ScalarKernels.INSTANCE.addScalar(n - i, c, x, xOff + i, y, yOff + i);
    }

    /** {@code y = fma(a, b, y)} per lane. Bit-exact. */
    @Override
    public void mulAdd(int n, float[] a, int aOff, float[] b, int bOff, float[] y, int yOff) {
        int i = 0;
        if (!scalarLoopIsFaster(n, a, b, y)) {
            for (int bound = SPECIES.loopBound(n); i < bound; i += LANES) {
                FloatVector.fromArray(SPECIES, a, aOff + i)
                        .fma(FloatVector.fromArray(SPECIES, b, bOff + i), FloatVector.fromArray(SPECIES, y, yOff + i))
                        .intoArray(y, yOff + i);
            }
        }
        ScalarKernels.INSTANCE.mulAdd(n - i, a, aOff + i, b, bOff + i, y, yOff + i);
    }

    /**
     * Transpose: the reference's tiled copy. A transpose moves data and does no arithmetic;
     * lane shuffles of a full 16 x 16 tile cost more than the cache-tiled scalar copy saves,
     * so both backends share it (and its bits trivially).
     */
    @Override
    public void transpose(int m, int n, float[] x, int xOff, float[] y, int yOff) {
        ScalarKernels.INSTANCE.transpose(m, n, x, xOff, y, yOff);
    }

    /** {@code y[i][j] = x[i][j] + v[j]}: {@link #add} on each row. Bit-exact. */
    @Override
    public void addRowVector(int m, int n, float[] x, int xOff, float[] v, int vOff, float[] y, int yOff) {
        for (int r = 0; r < m; r++) {
            add(n, x, xOff + r * n, v, vOff, y, yOff + r * n);
        }
    }

    /** {@code dp = fma(scale, p - t, dp)} per lane. Bit-exact. */
    @Override
    public void mseBackward(int n, float scale, float[] p, int pOff, float[] t, int tOff, float[] dp, int dpOff) {
        FloatVector s = FloatVector.broadcast(SPECIES, scale);
        int i = 0;
        if (!scalarLoopIsFaster(n, p, t, dp)) {
            for (int bound = SPECIES.loopBound(n); i < bound; i += LANES) {
                FloatVector d = FloatVector.fromArray(SPECIES, p, pOff + i).sub(FloatVector.fromArray(SPECIES, t, tOff + i));
                s.fma(d, FloatVector.fromArray(SPECIES, dp, dpOff + i)).intoArray(dp, dpOff + i);
            }
        }
        ScalarKernels.INSTANCE.mseBackward(n - i, scale, p, pOff + i, t, tOff + i, dp, dpOff + i);
    }

    // ---------------------------------------------------------------- optimizer updates

    /**
     * SGD step per lane, in the reference's order: {@code d = wd == 0 ? g : fma(wd, p, g)};
     * with momentum {@code buf = firstStep ? d : fma(1 - dampening, d, momentum * buf)} and
     * {@code d = nesterov ? fma(momentum, buf, d) : buf}; then {@code p = fma(-lr, d, p)}.
     * The momentum-free update, the common case, runs its own loop. Bit-exact.
     */
    @Override
    public void sgdStep(int n, float lr, float momentum, float oneMinusDampening, float weightDecay,
                        boolean nesterov, boolean firstStep,
                        float[] p, int pOff, float[] g, int gOff, float[] buf, int bufOff) {
        VectorMask<Float> decay = SPECIES.maskAll(weightDecay != 0f);
        FloatVector wd = FloatVector.broadcast(SPECIES, weightDecay);
        FloatVector negLr = FloatVector.broadcast(SPECIES, -lr);
        int bound = SPECIES.loopBound(n);
        int i = 0;
        if (momentum == 0f) {
            for (; i < bound; i += LANES) {
                FloatVector param = FloatVector.fromArray(SPECIES, p, pOff + i);
                FloatVector grad = FloatVector.fromArray(SPECIES, g, gOff + i);
                FloatVector d = grad.blend(wd.fma(param, grad), decay);
                negLr.fma(d, param).intoArray(p, pOff + i);
            }
        } else {
            VectorMask<Float> first = SPECIES.maskAll(firstStep);
            VectorMask<Float> lookAhead = SPECIES.maskAll(nesterov);
            FloatVector mom = FloatVector.broadcast(SPECIES, momentum);
            FloatVector keep = FloatVector.broadcast(SPECIES, oneMinusDampening);
            for (; i < bound; i += LANES) {
                FloatVector param = FloatVector.fromArray(SPECIES, p, pOff + i);
                FloatVector grad = FloatVector.fromArray(SPECIES, g, gOff + i);
                FloatVector d = grad.blend(wd.fma(param, grad), decay);
                FloatVector b = keep.fma(d, mom.mul(FloatVector.fromArray(SPECIES, buf, bufOff + i))).blend(d, first);
                b.intoArray(buf, bufOff + i);
                d = b.blend(mom.fma(b, d), lookAhead);
                negLr.fma(d, param).intoArray(p, pOff + i);
            }
        }
        ScalarKernels.INSTANCE.sgdStep(n - i, lr, momentum, oneMinusDampening, weightDecay, nesterov, firstStep,
                p, pOff + i, g, gOff + i, buf, bufOff + i);
    }

    /**
     * Adam step per lane, in the reference's order: {@code d = wd == 0 ? g : fma(wd, p, g)};
     * {@code m = lerp(m, d, 1 - beta1)} by torch.lerp's two-branch formula, the branch fixed by
     * {@code 1 - beta1 < 0.5} for the whole call; {@code v = beta2 * v + (1 - beta2) * d * d};
     * {@code p = p + -stepSize * (m / (sqrt(v) / bc2Sqrt + eps))} with lanewise SQRT and DIV,
     * both correctly rounded like the reference's. Bit-exact.
     */
    @Override
    public void adamStep(int n, float beta1, float beta2, float eps, float weightDecay,
                         float stepSize, float bc2Sqrt,
                         float[] p, int pOff, float[] g, int gOff,
                         float[] m, int mOff, float[] v, int vOff) {
        float w = 1f - beta1;
        // lerp(m, d, w) = w < 0.5 ? fma(w, d - m, m) : fma(w - 1, d - m, d): one fma, its coefficient and base fixed per call
        boolean fromM = w < 0.5f;
        FloatVector lerpWeight = FloatVector.broadcast(SPECIES, fromM ? w : w - 1f);
        VectorMask<Float> lerpFromM = SPECIES.maskAll(fromM);
        VectorMask<Float> decay = SPECIES.maskAll(weightDecay != 0f);
        FloatVector wd = FloatVector.broadcast(SPECIES, weightDecay);
        FloatVector b2 = FloatVector.broadcast(SPECIES, beta2);
        FloatVector oneMinusB2 = FloatVector.broadcast(SPECIES, 1f - beta2);
        FloatVector bc2 = FloatVector.broadcast(SPECIES, bc2Sqrt);
        FloatVector epsilon = FloatVector.broadcast(SPECIES, eps);
        FloatVector negStep = FloatVector.broadcast(SPECIES, -stepSize);
        int i = 0;
        for (int bound = SPECIES.loopBound(n); i < bound; i += LANES) {
            FloatVector param = FloatVector.fromArray(SPECIES, p, pOff + i);
            FloatVector grad = FloatVector.fromArray(SPECIES, g, gOff + i);
            FloatVector d = grad.blend(wd.fma(param, grad), decay);
            FloatVector mi = FloatVector.fromArray(SPECIES, m, mOff + i);
            mi = lerpWeight.fma(d.sub(mi), d.blend(mi, lerpFromM));
            FloatVector vi = b2.mul(FloatVector.fromArray(SPECIES, v, vOff + i)).add(oneMinusB2.mul(d).mul(d));
            mi.intoArray(m, mOff + i);
            vi.intoArray(v, vOff + i);
            FloatVector denom = vi.lanewise(VectorOperators.SQRT).div(bc2).add(epsilon);
            param.add(negStep.mul(mi.div(denom))).intoArray(p, pOff + i);
        }
        ScalarKernels.INSTANCE.adamStep(n - i, beta1, beta2, eps, weightDecay, stepSize, bc2Sqrt,
                p, pOff + i, g, gOff + i, m, mOff + i, v, vOff + i);
    }

    // ---------------------------------------------------------------- reductions

    /**
     * Column sums, {@code y[j] = Σ_i x[i][j]} then {@code beta == 0 ? s : beta * y[j] + s}.
     * Vectorised across columns: blocks of four vectors of columns (then single
     * vectors) each keep one accumulator per vector while the rows stream past, so every
     * column is summed over i in the reference's order; the last {@code n mod lanes} columns
     * share one vector per row ({@link #narrowColumnSums}). In the vector blocks the old y is
     * loaded and, when beta is 0, replaced by zero under a mask, so a NaN or Inf there never
     * reaches the result ({@code 0 * 0 + s} is s: a sum of plain additions started at +0 is never -0).
     * Bit-exact.
     */
    @Override
    public void columnSums(int m, int n, float[] x, int xOff, float beta, float[] y, int yOff) {
        VectorMask<Float> ignoreOld = SPECIES.maskAll(beta == 0f);
        int j = 0;
        for (int bound = n - n % UNROLLED; j < bound; j += UNROLLED) {
            FloatVector s0 = FloatVector.zero(SPECIES);
            FloatVector s1 = s0;
            FloatVector s2 = s0;
            FloatVector s3 = s0;
            for (int r = 0; r < m; r++) {
                int xi = xOff + r * n + j;
                s0 = FloatVector.fromArray(SPECIES, x, xi).add(s0);
                s1 = FloatVector.fromArray(SPECIES, x, xi + LANES).add(s1);
                s2 = FloatVector.fromArray(SPECIES, x, xi + 2 * LANES).add(s2);
                s3 = FloatVector.fromArray(SPECIES, x, xi + 3 * LANES).add(s3);
            }
            int yi = yOff + j;
            FloatVector.fromArray(SPECIES, y, yi).blend(0f, ignoreOld).mul(beta).add(s0).intoArray(y, yi);
            FloatVector.fromArray(SPECIES, y, yi + LANES).blend(0f, ignoreOld).mul(beta).add(s1).intoArray(y, yi + LANES);
            FloatVector.fromArray(SPECIES, y, yi + 2 * LANES).blend(0f, ignoreOld).mul(beta).add(s2).intoArray(y, yi + 2 * LANES);
            FloatVector.fromArray(SPECIES, y, yi + 3 * LANES).blend(0f, ignoreOld).mul(beta).add(s3).intoArray(y, yi + 3 * LANES);
        }
        for (int bound = SPECIES.loopBound(n); j < bound; j += LANES) {
            FloatVector s = FloatVector.zero(SPECIES);
            for (int r = 0; r < m; r++) {
                s = FloatVector.fromArray(SPECIES, x, xOff + r * n + j).add(s);
            }
            int yi = yOff + j;
            FloatVector.fromArray(SPECIES, y, yi).blend(0f, ignoreOld).mul(beta).add(s).intoArray(y, yi);
        }
        if (j < n) {
            narrowColumnSums(m, n, j, x, xOff, beta, y, yOff);
        }
    }

    /**
     * The last {@code n - j < LANES} columns of {@link #columnSums}. While a whole vector from
     * a row's column j stays inside x, one vector per row covers them all (its other lanes
     * read the next row, or elements past the window, and are ignored); the rows after that
     * are added in scalar form. Each column is summed over i in order, as in the reference,
     * and the columns' chains overlap instead of running one after another.
     */
    private static void narrowColumnSums(int m, int n, int j, float[] x, int xOff, float beta, float[] y, int yOff) {
        int room = x.length - LANES - xOff - j;
        int vectorRows = room < 0 ? 0 : Math.min(m, room / n + 1);
        FloatVector s = FloatVector.zero(SPECIES);
        for (int r = 0; r < vectorRows; r++) {
            s = FloatVector.fromArray(SPECIES, x, xOff + r * n + j).add(s);
        }
        // A sum of plain additions started at +0 is never -0, so 0 + s is s, bit for bit (s stays an argument only).
        FloatVector sums = FloatVector.zero(SPECIES).add(s);
        for (int col = j; col < n; col++) {
            float sum = sums.lane(col - j);
            for (int r = vectorRows; r < m; r++) {
                sum += x[xOff + r * n + col];
            }
            y[yOff + col] = beta == 0f ? sum : beta * y[yOff + col] + sum;
        }
    }

    /** {@code Σ x[i]} in the canonical order of the long reductions. Bit-exact. */
    @Override
    public float sum(int n, float[] x, int xOff) {
        return reduce(Term.VALUE, n, x, xOff, x, xOff);
    }

    /** {@code Σ x[i] * y[i]}, each product fused into its partial sum, in the canonical order. Bit-exact. */
    @Override
    public float dot(int n, float[] x, int xOff, float[] y, int yOff) {
        return reduce(Term.PRODUCT, n, x, xOff, y, yOff);
    }

    /** {@code (1/n) Σ (p[i] - t[i])²}, each square fused into its partial sum, in the canonical order. Bit-exact. */
    @Override
    public float mse(int n, float[] p, int pOff, float[] t, int tOff) {
        return reduce(Term.SQUARED_DIFFERENCE, n, p, pOff, t, tOff) / n;
    }

    /** What a reduction sums, per element of its one or two inputs a and b. */
    private enum Term {
        /** {@code a[i]}; b is not read. */
        VALUE,
        /** {@code a[i] * b[i]}, fused into the accumulation. */
        PRODUCT,
        /** {@code (a[i] - b[i])²}, the square fused into the accumulation. */
        SQUARED_DIFFERENCE
    }

    /**
     * {@code Σ term(a[i], b[i])} in the canonical order of {@link ScalarKernels}: term i goes
     * to partial sum {@code i mod 64}, the partials are combined by
     * {@link ScalarKernels#combine}. The 64 partials are {@code 64 / LANES} vectors; they are
     * accumulated four vectors at a time, in {@code 16 / LANES} passes over the input (one at
     * 512 bits, four at 128; pass g adds the elements with {@code i mod 64} in
     * {@code [g, g + 4·LANES)}), so that four independent chains are in flight at every width.
     * After the last whole block of 64, the rest's whole vectors continue their passes; its
     * last {@code n mod LANES} elements are added in scalar form, each to its partial. The tree's
     * levels of at least a vector are added lane-wise, the last ones in scalar form.
     *
     * <p>One flat loop over the pass's vectors, the accumulators rotating through {@code s0}
     * (a nested loop per block made C2 box the accumulators), computes the term in one place without
     * handing a vector to a helper (see the class comment). Where this method is inlined into
     * {@link #sum}, {@link #dot} or {@link #mse}, {@code term} is a constant and the
     * comparisons fold away; compiled on its own they are loop-invariant branches.
     */
    private static float reduce(Term term, int n, float[] a, int aOff, float[] b, int bOff) {
        // a fresh array, not a per-thread one: a thread's first call would miss the thread-local
        // map, a path C2 compiles as a trap back into the interpreter
        float[] partial = new float[ScalarKernels.PARTIALS];
        int whole = n - n % ScalarKernels.PARTIALS;
        int rest = n - whole;
        for (int g = 0; g < ScalarKernels.PARTIALS; g += 4 * LANES) {
            // the pass's vectors: four per whole block, then those of the rest that are whole vectors
            int extra = Math.min(4, Math.max(0, rest - g) / LANES);
            FloatVector s0 = FloatVector.zero(SPECIES);
            FloatVector s1 = s0;
            FloatVector s2 = s0;
            FloatVector s3 = s0;
            // vector v of the pass starts at i: the next vector of its block, or after the fourth the
            // pass's lanes of the next block (a jump of 0 at 512 bits, where the pass is the whole input)
            for (int v = 0, i = g, vectors = whole / ScalarKernels.PARTIALS * 4 + extra; v < vectors; v++, i += (v & 3) == 0 ? BLOCK_JUMP : LANES) {
                FloatVector va = FloatVector.fromArray(SPECIES, a, aOff + i);
                FloatVector updated;
                if (term == Term.VALUE) {
                    updated = va.add(s0);
                } else if (term == Term.PRODUCT) {
                    updated = va.fma(FloatVector.fromArray(SPECIES, b, bOff + i), s0);
                } else {
                    FloatVector d = va.sub(FloatVector.fromArray(SPECIES, b, bOff + i));
                    updated = d.fma(d, s0);
                }
                s0 = s1;
                s1 = s2;
                s2 = s3;
                s3 = updated;
            }
            // Stored through -0 + s, the receiver a fresh vector: the accumulators are arguments only.
            // -0 is the exact identity of addition (a fused partial can be -0: fma(-x, y, +0) that underflows).
            FloatVector identity = FloatVector.broadcast(SPECIES, -0f);
            // after `extra` more rotations than whole rounds of four, s0 holds accumulator `extra`
            identity.add(s0).intoArray(partial, g + (extra & 3) * LANES);
            identity.add(s1).intoArray(partial, g + ((extra + 1) & 3) * LANES);
            identity.add(s2).intoArray(partial, g + ((extra + 2) & 3) * LANES);
            identity.add(s3).intoArray(partial, g + ((extra + 3) & 3) * LANES);
        }
        for (int i = whole + rest - rest % LANES; i < n; i++) {
            float ai = a[aOff + i];
            int q = i - whole;
            if (term == Term.VALUE) {
                partial[q] += ai;
            } else if (term == Term.PRODUCT) {
                partial[q] = Math.fma(ai, b[bOff + i], partial[q]);
            } else {
                float d = ai - b[bOff + i];
                partial[q] = Math.fma(d, d, partial[q]);
            }
        }
        // the tree's levels of whole vectors lane-wise, the rest in scalar form: the same additions
        for (int h = ScalarKernels.PARTIALS / 2; h >= LANES; h /= 2) {
            for (int q = 0; q < h; q += LANES) {
                FloatVector.fromArray(SPECIES, partial, q).add(FloatVector.fromArray(SPECIES, partial, q + h)).intoArray(partial, q);
            }
        }
        return ScalarKernels.combine(partial, LANES);
    }
}
