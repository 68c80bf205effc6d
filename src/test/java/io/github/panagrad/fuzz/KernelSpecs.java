package io.github.panagrad.fuzz;

import io.github.panagrad.fuzz.KernelSpec.Bound;

import java.util.ArrayList;
import java.util.List;
import java.util.Random;
import java.util.function.IntConsumer;
import java.util.function.IntToDoubleFunction;

/**
 * The fuzzers' description of every public {@code Kernels} method: argument generators,
 * windows, validation rules and the formulas of its javadoc (elementwise kernels) or the
 * double-precision exact values with the documented k (reductions, also bounded).
 */
final class KernelSpecs {

    /** A source of float values. */
    @FunctionalInterface
    private interface Values {
        float next(Random random);
    }

    private static final Values ANY = FuzzValues::anyFloat;

    private KernelSpecs() {
    }

    static List<KernelSpec> all() {
        return List.of(gemm(), relu(), reluBackward(), axpy(),
                binary("add", (a, b) -> a + b), binary("sub", (a, b) -> a - b), binary("mul", (a, b) -> a * b),
                scale(), addScalar(), mulAdd(), transpose(), addRowVector(), columnSums(), sum(), dot(), mse(),
                mseBackward(), sgdStep(), adamStep());
    }

    // ---------------------------------------------------------------- elementwise, one input

    private static KernelSpec relu() {
        return unary(new KernelSpec("relu"), null)
                .invoker((k, c) -> {
                    k.relu(c.i("n"), c.a("x"), c.i("xOff"), c.a("y"), c.i("yOff"));
                    return 0f;
                })
                .formula(c -> forEach(c, i -> {
                    float x = c.a("x")[c.i("xOff") + i];
                    c.a("y")[c.i("yOff") + i] = x < 0f ? 0f : x;
                }));
    }

    private static KernelSpec axpy() {
        return unary(new KernelSpec("axpy"), "alpha")
                .invoker((k, c) -> {
                    k.axpy(c.i("n"), c.f("alpha"), c.a("x"), c.i("xOff"), c.a("y"), c.i("yOff"));
                    return 0f;
                })
                .formula(c -> forEach(c, i -> {
                    float[] y = c.a("y");
                    int at = c.i("yOff") + i;
                    y[at] = Math.fma(c.f("alpha"), c.a("x")[c.i("xOff") + i], y[at]);
                }));
    }

    private static KernelSpec scale() {
        return unary(new KernelSpec("scale"), "alpha")
                .invoker((k, c) -> {
                    k.scale(c.i("n"), c.f("alpha"), c.a("x"), c.i("xOff"), c.a("y"), c.i("yOff"));
                    return 0f;
                })
                .formula(c -> forEach(c, i -> c.a("y")[c.i("yOff") + i] = c.f("alpha") * c.a("x")[c.i("xOff") + i]));
    }

    private static KernelSpec addScalar() {
        return unary(new KernelSpec("addScalar"), "c")
                .invoker((k, c) -> {
                    k.addScalar(c.i("n"), c.f("c"), c.a("x"), c.i("xOff"), c.a("y"), c.i("yOff"));
                    return 0f;
                })
                .formula(c -> forEach(c, i -> c.a("y")[c.i("yOff") + i] = c.a("x")[c.i("xOff") + i] + c.f("c")));
    }

    /** {@code (n, [scalar,] x, xOff, y, yOff)}, y written, y may be x at the same offset. */
    private static KernelSpec unary(KernelSpec spec, String scalar) {
        return spec.counts(0, "n")
                .reads("x", c -> Window.vector(c.i("xOff"), c.i("n")))
                .writes("y", c -> Window.vector(c.i("yOff"), c.i("n")))
                .inPlaceAllowed("y", "x")
                .generator(r -> {
                    int n = FuzzValues.count(r);
                    Call call = Call.of().with("n", n);
                    if (scalar != null) {
                        call = call.with(scalar, FuzzValues.broadcast(r));
                    }
                    call = vectorArg(r, call, "x", n, ANY);
                    return r.nextInt(4) == 0 ? sameAs(call, "y", "x") : vectorArg(r, call, "y", n, ANY);
                });
    }

    // ---------------------------------------------------------------- elementwise, two inputs

    /** A binary operation on floats, as the kernel's javadoc states it. */
    @FunctionalInterface
    private interface FloatOperator {
        float apply(float a, float b);
    }

    private static KernelSpec binary(String name, FloatOperator operator) {
        return twoInputs(new KernelSpec(name), "a", "b", "y", false)
                .invoker((k, c) -> {
                    float[] a = c.a("a");
                    float[] b = c.a("b");
                    float[] y = c.a("y");
                    switch (name) {
                        case "add": k.add(c.i("n"), a, c.i("aOff"), b, c.i("bOff"), y, c.i("yOff")); break;
                        case "sub": k.sub(c.i("n"), a, c.i("aOff"), b, c.i("bOff"), y, c.i("yOff")); break;
                        default: k.mul(c.i("n"), a, c.i("aOff"), b, c.i("bOff"), y, c.i("yOff")); break;
                    }
                    return 0f;
                })
                .formula(c -> forEach(c, i -> c.a("y")[c.i("yOff") + i] =
                        operator.apply(c.a("a")[c.i("aOff") + i], c.a("b")[c.i("bOff") + i])));
    }

    private static KernelSpec mulAdd() {
        return twoInputs(new KernelSpec("mulAdd"), "a", "b", "y", false)
                .invoker((k, c) -> {
                    k.mulAdd(c.i("n"), c.a("a"), c.i("aOff"), c.a("b"), c.i("bOff"), c.a("y"), c.i("yOff"));
                    return 0f;
                })
                .formula(c -> forEach(c, i -> {
                    float[] y = c.a("y");
                    int at = c.i("yOff") + i;
                    y[at] = Math.fma(c.a("a")[c.i("aOff") + i], c.a("b")[c.i("bOff") + i], y[at]);
                }));
    }

    private static KernelSpec reluBackward() {
        return twoInputs(new KernelSpec("reluBackward"), "x", "dy", "dx", false)
                .invoker((k, c) -> {
                    k.reluBackward(c.i("n"), c.a("x"), c.i("xOff"), c.a("dy"), c.i("dyOff"), c.a("dx"), c.i("dxOff"));
                    return 0f;
                })
                .formula(c -> forEach(c, i -> {
                    float[] dx = c.a("dx");
                    int at = c.i("dxOff") + i;
                    dx[at] = dx[at] + (c.a("x")[c.i("xOff") + i] <= 0f ? 0f : c.a("dy")[c.i("dyOff") + i]);
                }));
    }

    private static KernelSpec mseBackward() {
        return twoInputs(new KernelSpec("mseBackward"), "p", "t", "dp", true)
                .invoker((k, c) -> {
                    k.mseBackward(c.i("n"), c.f("gradOut"), c.a("p"), c.i("pOff"), c.a("t"), c.i("tOff"), c.a("dp"), c.i("dpOff"));
                    return 0f;
                })
                .formula(c -> {
                    float s = (float) (2.0 * c.f("gradOut") / c.i("n"));
                    forEach(c, i -> {
                        float[] dp = c.a("dp");
                        int at = c.i("dpOff") + i;
                        dp[at] = Math.fma(s, c.a("p")[c.i("pOff") + i] - c.a("t")[c.i("tOff") + i], dp[at]);
                    });
                });
    }

    /**
     * {@code (n, [gradOut,] in1, off, in2, off, out, off)}: out written, out may be either input
     * exactly, or the inputs may share one array at any offsets (then out is an array of its
     * own). mseBackward needs {@code n >= 1}.
     */
    private static KernelSpec twoInputs(KernelSpec spec, String in1, String in2, String out, boolean mse) {
        return spec.counts(mse ? 1 : 0, "n")
                .reads(in1, c -> Window.vector(c.i(in1 + "Off"), c.i("n")))
                .reads(in2, c -> Window.vector(c.i(in2 + "Off"), c.i("n")))
                .writes(out, c -> Window.vector(c.i(out + "Off"), c.i("n")))
                .inPlaceAllowed(out, in1, in2)
                .generator(r -> {
                    int n = Math.max(mse ? 1 : 0, FuzzValues.count(r));
                    Call call = Call.of().with("n", n);
                    if (mse) {
                        call = call.with("gradOut", FuzzValues.broadcast(r));
                    }
                    call = vectorArg(r, call, in1, n, ANY);
                    boolean sharedInputs = r.nextInt(6) == 0;
                    call = sharedInputs ? sharedInput(r, call, in2, in1, n) : vectorArg(r, call, in2, n, ANY);
                    switch (sharedInputs ? -1 : r.nextInt(6)) {
                        case 0: return sameAs(call, out, in1);
                        case 1: return sameAs(call, out, in2);
                        default: return vectorArg(r, call, out, n, ANY);
                    }
                });
    }

    // ---------------------------------------------------------------- elementwise, matrix and optimizers

    private static KernelSpec addRowVector() {
        return new KernelSpec("addRowVector").counts(0, "m", "n")
                .reads("x", c -> Window.vector(c.i("xOff"), c.i("m") * c.i("n")))
                .reads("v", c -> Window.vector(c.i("vOff"), c.i("n")))
                .writes("y", c -> Window.vector(c.i("yOff"), c.i("m") * c.i("n")))
                .inPlaceAllowed("y", "x")
                .disjoint("y", "v")
                .generator(r -> {
                    int m = FuzzValues.dimension(r);
                    int n = FuzzValues.dimension(r);
                    Call call = Call.of().with("m", m).with("n", n);
                    call = vectorArg(r, call, "x", m * n, ANY);
                    call = vectorArg(r, call, "v", n, ANY);
                    return r.nextInt(4) == 0 ? sameAs(call, "y", "x") : vectorArg(r, call, "y", m * n, ANY);
                })
                .invoker((k, c) -> {
                    k.addRowVector(c.i("m"), c.i("n"), c.a("x"), c.i("xOff"), c.a("v"), c.i("vOff"), c.a("y"), c.i("yOff"));
                    return 0f;
                })
                .formula(c -> {
                    int n = c.i("n");
                    for (int e = 0; e < c.i("m") * n; e++) {
                        c.a("y")[c.i("yOff") + e] = c.a("x")[c.i("xOff") + e] + c.a("v")[c.i("vOff") + e % n];
                    }
                });
    }

    private static KernelSpec transpose() {
        return new KernelSpec("transpose").counts(0, "m", "n")
                .reads("x", c -> Window.vector(c.i("xOff"), c.i("m") * c.i("n")))
                .writes("y", c -> Window.vector(c.i("yOff"), c.i("m") * c.i("n")))
                .disjoint("y", "x")
                .generator(r -> {
                    int m = FuzzValues.dimension(r);
                    int n = FuzzValues.dimension(r);
                    Call call = vectorArg(r, Call.of().with("m", m).with("n", n), "x", m * n, ANY);
                    return vectorArg(r, call, "y", m * n, ANY);
                })
                .invoker((k, c) -> {
                    k.transpose(c.i("m"), c.i("n"), c.a("x"), c.i("xOff"), c.a("y"), c.i("yOff"));
                    return 0f;
                })
                .formula(c -> {
                    int m = c.i("m");
                    int n = c.i("n");
                    for (int i = 0; i < m; i++) {
                        for (int j = 0; j < n; j++) {
                            c.a("y")[c.i("yOff") + j * m + i] = c.a("x")[c.i("xOff") + i * n + j];
                        }
                    }
                });
    }

    private static KernelSpec sgdStep() {
        return new KernelSpec("sgdStep").counts(0, "n")
                .writes("p", c -> Window.vector(c.i("pOff"), c.i("n")))
                .reads("g", c -> Window.vector(c.i("gOff"), c.i("n")))
                .writes("buf", c -> Window.vector(c.i("bufOff"), c.f("momentum") != 0f ? c.i("n") : 0),
                        c -> c.f("momentum") != 0f)
                .disjoint("p", "g")
                .disjointWhen(c -> c.f("momentum") != 0f, "buf", "p", "g")
                .rejects("lr", Float.NaN, -1e-3f, Float.POSITIVE_INFINITY)
                .rejects("momentum", -0.5f, Float.NaN)
                .rejects("dampening", -1f, Float.POSITIVE_INFINITY)
                .rejects("weightDecay", -1e-4f, Float.NaN)
                .rejectsWhen(c -> c.f("momentum") == 0f || c.f("dampening") != 0f, "nesterov", true)
                .generator(r -> {
                    int n = FuzzValues.count(r);
                    float momentum = r.nextInt(3) == 0 ? 0f : r.nextFloat();
                    float dampening = r.nextBoolean() ? 0f : r.nextFloat();
                    Call call = Call.of().with("n", n)
                            .with("lr", r.nextInt(8) == 0 ? 0f : r.nextFloat() * 0.5f)
                            .with("momentum", momentum)
                            .with("dampening", dampening)
                            .with("weightDecay", r.nextBoolean() ? 0f : r.nextFloat() * 0.1f)
                            .with("nesterov", momentum > 0f && dampening == 0f && r.nextBoolean())
                            .with("firstStep", r.nextBoolean());
                    call = vectorArg(r, call, "p", n, ANY);
                    call = vectorArg(r, call, "g", n, ANY);
                    if (momentum == 0f && r.nextBoolean()) {
                        return call.with("buf", null).with("bufOff", 0);
                    }
                    return vectorArg(r, call, "buf", n, ANY);
                })
                .invoker((k, c) -> {
                    k.sgdStep(c.i("n"), c.f("lr"), c.f("momentum"), c.f("dampening"), c.f("weightDecay"), c.b("nesterov"),
                            c.b("firstStep"), c.a("p"), c.i("pOff"), c.a("g"), c.i("gOff"), c.a("buf"), c.i("bufOff"));
                    return 0f;
                })
                .formula(null);
    }

    private static KernelSpec adamStep() {
        return new KernelSpec("adamStep").counts(0, "n")
                .writes("p", c -> Window.vector(c.i("pOff"), c.i("n")))
                .reads("g", c -> Window.vector(c.i("gOff"), c.i("n")))
                .writes("m", c -> Window.vector(c.i("mOff"), c.i("n")))
                .writes("v", c -> Window.vector(c.i("vOff"), c.i("n")))
                .disjoint("p", "g")
                .disjoint("m", "p", "g")
                .disjoint("v", "p", "g", "m")
                .rejects("lr", -1f, Float.NaN)
                .rejects("beta1", 1f, -0.1f, Float.NaN)
                .rejects("beta2", 1f, 1.5f, Float.NaN)
                .rejects("eps", -1e-8f, Float.POSITIVE_INFINITY)
                .rejects("weightDecay", -1f, Float.NaN)
                .rejects("step", 0, -3)
                .generator(r -> {
                    int n = FuzzValues.count(r);
                    Call call = Call.of().with("n", n)
                            .with("lr", r.nextInt(8) == 0 ? 0f : r.nextFloat() * 0.1f)
                            .with("beta1", r.nextBoolean() ? 0.9f : r.nextFloat())
                            .with("beta2", r.nextBoolean() ? 0.999f : r.nextFloat())
                            .with("eps", r.nextBoolean() ? 1e-8f : (r.nextBoolean() ? 0f : r.nextFloat()))
                            .with("weightDecay", r.nextBoolean() ? 0f : r.nextFloat() * 0.1f)
                            .with("step", r.nextInt(8) == 0 ? 1 + r.nextInt(1_000_000) : 1 + r.nextInt(100));
                    call = vectorArg(r, call, "p", n, ANY);
                    call = vectorArg(r, call, "g", n, ANY);
                    call = vectorArg(r, call, "m", n, ANY);
                    return vectorArg(r, call, "v", n, ANY);
                })
                .invoker((k, c) -> {
                    k.adamStep(c.i("n"), c.f("lr"), c.f("beta1"), c.f("beta2"), c.f("eps"), c.f("weightDecay"), c.i("step"),
                            c.a("p"), c.i("pOff"), c.a("g"), c.i("gOff"), c.a("m"), c.i("mOff"), c.a("v"), c.i("vOff"));
                    return 0f;
                })
                .formula(null);
    }

    // ---------------------------------------------------------------- reductions

    private static KernelSpec gemm() {
        return new KernelSpec("gemm").counts(0, "m", "n", "k")
                .reads("a", c -> Window.matrix(c.i("aOff"), aRows(c), aCols(c), c.i("lda")))
                .reads("b", c -> Window.matrix(c.i("bOff"), bRows(c), bCols(c), c.i("ldb")))
                .writes("c", c -> Window.matrix(c.i("cOff"), c.i("m"), c.i("n"), c.i("ldc")))
                .leadingDimension("lda", KernelSpecs::aCols)
                .leadingDimension("ldb", KernelSpecs::bCols)
                .leadingDimension("ldc", c -> c.i("n"))
                .disjoint("c", "a", "b")
                .generator(KernelSpecs::gemmCall)
                .invoker((k, c) -> {
                    k.gemm(c.b("transA"), c.b("transB"), c.i("m"), c.i("n"), c.i("k"), c.f("alpha"),
                            c.a("a"), c.i("aOff"), c.i("lda"), c.a("b"), c.i("bOff"), c.i("ldb"),
                            c.f("beta"), c.a("c"), c.i("cOff"), c.i("ldc"));
                    return 0f;
                })
                .bounded(KernelSpecs::gemmBounds);
    }

    private static int aRows(Call c) {
        return c.b("transA") ? c.i("k") : c.i("m");
    }

    private static int aCols(Call c) {
        return c.b("transA") ? c.i("m") : c.i("k");
    }

    private static int bRows(Call c) {
        return c.b("transB") ? c.i("n") : c.i("k");
    }

    private static int bCols(Call c) {
        return c.b("transB") ? c.i("k") : c.i("n");
    }

    /**
     * Shapes: mostly up to 40 per dimension; some with one dimension up to 300 or a deep k
     * (past the k blocking); a few of 128..150 per dimension, large enough to run on several threads.
     */
    private static Call gemmCall(Random r) {
        int m;
        int n;
        int k;
        int shape = r.nextInt(100);
        if (shape < 2) {
            m = 128 + r.nextInt(23);
            n = 128 + r.nextInt(23);
            k = 128 + r.nextInt(23);
        } else if (shape < 10) {
            m = r.nextInt(17);
            n = r.nextInt(17);
            k = 200 + r.nextInt(500);
        } else if (shape < 30) {
            m = r.nextInt(25);
            n = r.nextInt(25);
            k = r.nextInt(25);
            switch (r.nextInt(3)) {
                case 0: m = r.nextInt(301); break;
                case 1: n = r.nextInt(301); break;
                default: k = r.nextInt(301); break;
            }
        } else {
            m = r.nextInt(41);
            n = r.nextInt(41);
            k = r.nextInt(41);
        }
        float alpha = FuzzValues.factor(r);
        float beta = FuzzValues.factor(r);
        boolean specials = r.nextInt(4) == 0;
        Values inputs = alpha == 0f ? ANY : random -> FuzzValues.boundedInput(random, specials);
        Values old = beta == 0f ? ANY : random -> FuzzValues.boundedInput(random, specials);
        Call call = Call.of().with("transA", r.nextBoolean()).with("transB", r.nextBoolean())
                .with("m", m).with("n", n).with("k", k).with("alpha", alpha);
        call = matrixArg(r, call, "a", aRows(call), aCols(call), "lda", inputs);
        call = matrixArg(r, call, "b", bRows(call), bCols(call), "ldb", inputs);
        call = call.with("beta", beta);
        return matrixArg(r, call, "c", m, n, "ldc", old);
    }

    /** Per element of C: {@code alpha Σ op(A) op(B) + beta C} with A, B unread when alpha is 0 and C unread when beta is 0; k + 2. */
    private static List<Bound> gemmBounds(Call c) {
        int m = c.i("m");
        int n = c.i("n");
        int k = c.i("k");
        double alpha = c.f("alpha");
        double beta = c.f("beta");
        Window aw = Window.matrix(c.i("aOff"), aRows(c), aCols(c), c.i("lda"));
        Window bw = Window.matrix(c.i("bOff"), bRows(c), bCols(c), c.i("ldb"));
        Window cw = Window.matrix(c.i("cOff"), m, n, c.i("ldc"));
        boolean transA = c.b("transA");
        boolean transB = c.b("transB");
        float[] a = c.a("a");
        float[] b = c.a("b");
        float[] cc = c.a("c");
        List<Bound> bounds = new ArrayList<>(m * n);
        for (int i = 0; i < m; i++) {
            for (int j = 0; j < n; j++) {
                int row = i;
                int col = j;
                double old = beta == 0 ? 0 : beta * cc[cw.at(i, j)];
                bounds.add(sumOf("c", cw.at(i, j), k + 2L, old, alpha == 0 ? 0 : k, p ->
                        alpha * a[transA ? aw.at(p, row) : aw.at(row, p)] * b[transB ? bw.at(col, p) : bw.at(p, col)]));
            }
        }
        return bounds;
    }

    private static KernelSpec columnSums() {
        return new KernelSpec("columnSums").counts(0, "m", "n")
                .reads("x", c -> Window.vector(c.i("xOff"), c.i("m") * c.i("n")))
                .writes("y", c -> Window.vector(c.i("yOff"), c.i("n")))
                .disjoint("y", "x")
                .generator(r -> {
                    int m = FuzzValues.dimension(r);
                    int n = FuzzValues.dimension(r);
                    float beta = FuzzValues.factor(r);
                    boolean specials = r.nextInt(4) == 0;
                    Call call = Call.of().with("m", m).with("n", n);
                    call = vectorArg(r, call, "x", m * n, random -> FuzzValues.boundedInput(random, specials));
                    call = call.with("beta", beta);
                    return vectorArg(r, call, "y", n, beta == 0f ? ANY : random -> FuzzValues.boundedInput(random, specials));
                })
                .invoker((k, c) -> {
                    k.columnSums(c.i("m"), c.i("n"), c.a("x"), c.i("xOff"), c.f("beta"), c.a("y"), c.i("yOff"));
                    return 0f;
                })
                .bounded(c -> {
                    int m = c.i("m");
                    int n = c.i("n");
                    double beta = c.f("beta");
                    List<Bound> bounds = new ArrayList<>(n);
                    for (int j = 0; j < n; j++) {
                        int col = j;
                        int at = c.i("yOff") + j;
                        double old = beta == 0 ? 0 : beta * c.a("y")[at];
                        bounds.add(sumOf("y", at, m + 1L, old, m, i -> c.a("x")[c.i("xOff") + i * n + col]));
                    }
                    return bounds;
                });
    }

    private static KernelSpec sum() {
        return new KernelSpec("sum").counts(0, "n")
                .reads("x", c -> Window.vector(c.i("xOff"), c.i("n")))
                .generator(r -> {
                    boolean specials = r.nextInt(4) == 0;
                    int n = FuzzValues.count(r);
                    return vectorArg(r, Call.of().with("n", n), "x", n, random -> FuzzValues.boundedInput(random, specials));
                })
                .invoker((k, c) -> k.sum(c.i("n"), c.a("x"), c.i("xOff")))
                .bounded(c -> List.of(sumOf(null, 0, c.i("n"), 0, c.i("n"), i -> c.a("x")[c.i("xOff") + i])));
    }

    private static KernelSpec dot() {
        return new KernelSpec("dot").counts(0, "n")
                .reads("x", c -> Window.vector(c.i("xOff"), c.i("n")))
                .reads("y", c -> Window.vector(c.i("yOff"), c.i("n")))
                .generator(r -> {
                    boolean specials = r.nextInt(4) == 0;
                    Values values = random -> FuzzValues.boundedInput(random, specials);
                    int n = FuzzValues.count(r);
                    Call call = vectorArg(r, Call.of().with("n", n), "x", n, values);
                    return r.nextInt(6) == 0 ? sameAs(call, "y", "x") : vectorArg(r, call, "y", n, values);
                })
                .invoker((k, c) -> k.dot(c.i("n"), c.a("x"), c.i("xOff"), c.a("y"), c.i("yOff")))
                .bounded(c -> List.of(sumOf(null, 0, c.i("n"), 0, c.i("n"),
                        i -> (double) c.a("x")[c.i("xOff") + i] * c.a("y")[c.i("yOff") + i])));
    }

    private static KernelSpec mse() {
        return new KernelSpec("mse").counts(1, "n")
                .reads("p", c -> Window.vector(c.i("pOff"), c.i("n")))
                .reads("t", c -> Window.vector(c.i("tOff"), c.i("n")))
                .generator(r -> {
                    boolean specials = r.nextInt(4) == 0;
                    Values values = random -> FuzzValues.boundedInput(random, specials);
                    int n = Math.max(1, FuzzValues.count(r));
                    Call call = vectorArg(r, Call.of().with("n", n), "p", n, values);
                    return vectorArg(r, call, "t", n, values);
                })
                .invoker((k, c) -> k.mse(c.i("n"), c.a("p"), c.i("pOff"), c.a("t"), c.i("tOff")))
                .bounded(c -> {
                    int n = c.i("n");
                    return List.of(sumOf(null, 0, n + 3L, 0, n, i -> {
                        double d = (double) c.a("p")[c.i("pOff") + i] - c.a("t")[c.i("tOff") + i];
                        return d * d / n;
                    }));
                });
    }

    /** {@code old + Σ_{i < count} term(i)} and {@code |old| + Σ|term(i)|} in double: one output of a bounded kernel. */
    private static Bound sumOf(String operand, int index, long k, double old, int count, IntToDoubleFunction term) {
        double sum = old;
        double absSum = Math.abs(old);
        for (int i = 0; i < count; i++) {
            double t = term.applyAsDouble(i);
            sum += t;
            absSum += Math.abs(t);
        }
        return new Bound(operand, index, sum, absSum, k);
    }

    // ---------------------------------------------------------------- argument builders

    /** Runs {@code body} for every {@code i < n}, in order (in-place calls read index i before writing it). */
    private static void forEach(Call c, IntConsumer body) {
        for (int i = 0; i < c.i("n"); i++) {
            body.accept(i);
        }
    }

    /** Adds {@code name} (a fresh array: random bits around an n-element window of {@code values}) and its offset. */
    private static Call vectorArg(Random r, Call call, String name, int n, Values values) {
        Window window = Window.vector(FuzzValues.offset(r), n);
        return call.with(name, filled(r, window, values)).with(name + "Off", window.off());
    }

    /** Adds a {@code rows × cols} matrix {@code name}, its offset and leading dimension {@code ldName}. */
    private static Call matrixArg(Random r, Call call, String name, int rows, int cols, String ldName, Values values) {
        Window window = Window.matrix(FuzzValues.offset(r), rows, cols, Math.max(1, cols) + FuzzValues.slack(r));
        return call.with(name, filled(r, window, values)).with(name + "Off", window.off()).with(ldName, window.ld());
    }

    /** Makes {@code name} the array of {@code other} at the same offset (an in-place call). */
    private static Call sameAs(Call call, String name, String other) {
        return call.with(name, call.a(other)).with(name + "Off", call.i(other + "Off"));
    }

    /** Makes input {@code name} a window of input {@code other}'s array at an offset of its own (inputs may overlap). */
    private static Call sharedInput(Random r, Call call, String name, String other, int n) {
        float[] array = call.a(other);
        int off = r.nextInt(array.length - n + 1);
        return call.with(name, array).with(name + "Off", off);
    }

    /** An array with {@code window} filled from {@code values} and every other element random bits. */
    private static float[] filled(Random r, Window window, Values values) {
        float[] array = new float[window.end() + FuzzValues.slack(r)];
        for (int i = 0; i < array.length; i++) {
            array[i] = window.contains(i) ? values.next(r) : FuzzValues.randomBits(r);
        }
        return array;
    }
}
