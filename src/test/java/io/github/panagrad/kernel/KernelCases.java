package io.github.panagrad.kernel;

import java.lang.reflect.Method;
import java.lang.reflect.Modifier;
import java.util.ArrayList;
import java.util.List;
import java.util.Random;
import java.util.Set;
import java.util.TreeSet;

/**
 * Every kernel of {@link Kernels} as a table of calls, each built for a given size on a
 * {@link Layout}: the elementwise kernels (with their in-place forms and every optimizer
 * variant) and the reductions (gemm, columnSums, sum, dot, mse), which are also checked
 * against their error bound. The equivalence and guard tests iterate this table, so a
 * kernel added here is covered by both.
 */
final class KernelCases {

    private static final float[] LEARNING_RATES = {0.05f, 0f, 1.5f, 1e-3f};

    /** Inner dimensions of the table's gemm calls: short ones, and both sides of one and two canonical k-blocks. */
    private static final int[] GEMM_DEPTHS = {0, 1, 3, 6, 127, 128, 129, 255, 257, 300};

    private KernelCases() {
    }

    /** Builds the call of one kernel case for a size. */
    @FunctionalInterface
    interface Factory {
        Invocation create(int size, Layout layout);
    }

    /** A named kernel call, buildable for any size. */
    record KernelCase(String name, Factory factory) {
        Invocation create(int size, Layout layout) {
            return factory.create(size, layout);
        }

        @Override
        public String toString() {
            return name;
        }
    }

    /** The signature shared by add, sub, mul, mulAdd and reluBackward: two inputs, one output. */
    @FunctionalInterface
    private interface Binary {
        void apply(Kernels kernels, int n, float[] a, int aOff, float[] b, int bOff, float[] y, int yOff);
    }

    /** The signature shared by axpy, scale and addScalar. */
    @FunctionalInterface
    private interface Scaled {
        void apply(Kernels kernels, int n, float alpha, float[] x, int xOff, float[] y, int yOff);
    }

    /** How a binary kernel's operands (a, b, output y) share arrays: exact in-place use is allowed. */
    private enum Aliasing { NONE, Y_IS_A, Y_IS_B, A_IS_B }

    /** Every elementwise kernel, with its in-place forms and optimizer variants. */
    static List<KernelCase> elementwise() {
        List<KernelCase> cases = new ArrayList<>();
        cases.add(new KernelCase("relu", (n, l) -> relu(n, l, false)));
        cases.add(new KernelCase("relu in place", (n, l) -> relu(n, l, true)));
        cases.add(new KernelCase("axpy", (n, l) -> scaled("axpy", Kernels::axpy, n, l, false)));
        cases.add(new KernelCase("axpy y = x", (n, l) -> scaled("axpy", Kernels::axpy, n, l, true)));
        String[] operands = {"a", "b", "y"};
        for (Aliasing aliasing : Aliasing.values()) {
            cases.add(new KernelCase("reluBackward " + aliasing, (n, l) ->
                    binary("reluBackward", Kernels::reluBackward, new String[] {"x", "dy", "dx"}, n, l, aliasing)));
            cases.add(new KernelCase("add " + aliasing, (n, l) -> binary("add", Kernels::add, operands, n, l, aliasing)));
            cases.add(new KernelCase("sub " + aliasing, (n, l) -> binary("sub", Kernels::sub, operands, n, l, aliasing)));
            cases.add(new KernelCase("mul " + aliasing, (n, l) -> binary("mul", Kernels::mul, operands, n, l, aliasing)));
            cases.add(new KernelCase("mulAdd " + aliasing, (n, l) ->
                    binary("mulAdd", Kernels::mulAdd, operands, n, l, aliasing)));
        }
        cases.add(new KernelCase("scale", (n, l) -> scaled("scale", Kernels::scale, n, l, false)));
        cases.add(new KernelCase("scale in place", (n, l) -> scaled("scale", Kernels::scale, n, l, true)));
        cases.add(new KernelCase("addScalar", (n, l) -> scaled("addScalar", Kernels::addScalar, n, l, false)));
        cases.add(new KernelCase("addScalar in place", (n, l) -> scaled("addScalar", Kernels::addScalar, n, l, true)));
        cases.add(new KernelCase("transpose wide", (n, l) -> transpose(rowsFor(n), n, l)));
        cases.add(new KernelCase("transpose tall", (n, l) -> transpose(n, 1 + n % 7, l)));
        cases.add(new KernelCase("addRowVector", (n, l) -> addRowVector(n, l, false)));
        cases.add(new KernelCase("addRowVector in place", (n, l) -> addRowVector(n, l, true)));
        cases.add(new KernelCase("mseBackward", (n, l) -> mseBackward(n, l, false)));
        cases.add(new KernelCase("mseBackward dp = p", (n, l) -> mseBackward(n, l, true)));
        addSgdVariants(cases);
        addAdamVariants(cases);
        return cases;
    }

    /** The reductions: gemm in every transpose combination, columnSums, sum, dot and mse. */
    static List<KernelCase> reductions() {
        List<KernelCase> cases = new ArrayList<>();
        for (boolean transA : new boolean[] {false, true}) {
            for (boolean transB : new boolean[] {false, true}) {
                cases.add(new KernelCase("gemm " + (transA ? 'T' : 'N') + (transB ? 'T' : 'N'),
                        (size, l) -> gemm(transA, transB, size, l)));
            }
        }
        cases.add(new KernelCase("columnSums", (n, l) ->
                columnSums(rowsFor(n), n, new float[] {0f, 1f, 0.5f}[l.random().nextInt(3)], l)));
        cases.add(new KernelCase("sum", KernelCases::sum));
        cases.add(new KernelCase("dot", KernelCases::dot));
        cases.add(new KernelCase("mse", (size, l) -> mse(Math.max(1, size), l)));
        return cases;
    }

    /** The kernels of the {@link Kernels} facade: its public instance methods that take arguments. */
    static Set<String> facadeKernels() {
        Set<String> names = new TreeSet<>();
        for (Method method : Kernels.class.getDeclaredMethods()) {
            int modifiers = method.getModifiers();
            if (Modifier.isPublic(modifiers) && !Modifier.isStatic(modifiers) && method.getParameterCount() > 0) {
                names.add(method.getName());
            }
        }
        return names;
    }

    /** Every kernel: {@link #elementwise()} then {@link #reductions()}. */
    static List<KernelCase> all() {
        List<KernelCase> cases = elementwise();
        cases.addAll(reductions());
        return cases;
    }

    /** The rows of the {@code rows × size} matrices used for a size: 0 to 4, varying with the size. */
    static int rowsFor(int size) {
        return size % 5;
    }

    private static Invocation relu(int n, Layout l, boolean inPlace) {
        int x = l.input("x", n);
        int y = inPlace ? l.inPlace(x) : l.output("y", n);
        int xo = l.offset(x);
        int yo = l.offset(y);
        return l.effect("relu(n = " + n + ")", (k, a) -> k.relu(n, a[x], xo, a[y], yo));
    }

    private static Invocation scaled(String name, Scaled kernel, int n, Layout l, boolean inPlace) {
        float alpha = Inputs.scalar(l.random());
        int x = l.input("x", n);
        int y = inPlace ? l.inPlace(x) : l.output("y", n);
        int xo = l.offset(x);
        int yo = l.offset(y);
        return l.effect(name + "(n = " + n + ", alpha = " + alpha + ")",
                (k, a) -> kernel.apply(k, n, alpha, a[x], xo, a[y], yo));
    }

    private static Invocation binary(String name, Binary kernel, String[] operands, int n, Layout l, Aliasing aliasing) {
        int x = l.input(operands[0], n);
        int z = aliasing == Aliasing.A_IS_B ? x : l.input(operands[1], n);
        int y;
        switch (aliasing) {
            case Y_IS_A:
                y = l.inPlace(x);
                break;
            case Y_IS_B:
                y = l.inPlace(z);
                break;
            default:
                y = l.output(operands[2], n);
        }
        int xo = l.offset(x);
        int zo = l.offset(z);
        int yo = l.offset(y);
        return l.effect(name + "(n = " + n + ", " + aliasing + ")",
                (k, a) -> kernel.apply(k, n, a[x], xo, a[z], zo, a[y], yo));
    }

    private static Invocation transpose(int m, int n, Layout l) {
        int x = l.input("x", m * n);
        int y = l.output("y", m * n);
        int xo = l.offset(x);
        int yo = l.offset(y);
        return l.effect("transpose(m = " + m + ", n = " + n + ")", (k, a) -> k.transpose(m, n, a[x], xo, a[y], yo));
    }

    private static Invocation addRowVector(int n, Layout l, boolean inPlace) {
        int m = rowsFor(n);
        int x = l.input("x", m * n);
        int v = l.input("v", n);
        int y = inPlace ? l.inPlace(x) : l.output("y", m * n);
        int xo = l.offset(x);
        int vo = l.offset(v);
        int yo = l.offset(y);
        return l.effect("addRowVector(m = " + m + ", n = " + n + ")",
                (k, a) -> k.addRowVector(m, n, a[x], xo, a[v], vo, a[y], yo));
    }

    private static Invocation mseBackward(int size, Layout l, boolean dpIsP) {
        int n = Math.max(1, size);
        float gradOut = Inputs.scalar(l.random());
        int p = l.input("p", n);
        int t = l.input("t", n);
        int dp = dpIsP ? l.inPlace(p) : l.output("dp", n);
        int po = l.offset(p);
        int to = l.offset(t);
        int dpo = l.offset(dp);
        return l.effect("mseBackward(n = " + n + ", gradOut = " + gradOut + ")",
                (k, a) -> k.mseBackward(n, gradOut, a[p], po, a[t], to, a[dp], dpo));
    }

    private static void addSgdVariants(List<KernelCase> cases) {
        for (float momentum : new float[] {0f, 0.9f}) {
            for (float dampening : new float[] {0f, 0.25f}) {
                for (float weightDecay : new float[] {0f, 0.01f}) {
                    for (boolean nesterov : new boolean[] {false, true}) {
                        for (boolean firstStep : new boolean[] {true, false}) {
                            if (nesterov && (momentum == 0f || dampening != 0f)) {
                                continue;
                            }
                            String name = String.format("sgdStep(momentum = %s, dampening = %s, weightDecay = %s,"
                                    + " nesterov = %s, firstStep = %s)",
                                    momentum, dampening, weightDecay, nesterov, firstStep);
                            cases.add(new KernelCase(name, (n, l) ->
                                    sgd(name, n, l, momentum, dampening, weightDecay, nesterov, firstStep, true)));
                        }
                    }
                }
            }
        }
        String name = "sgdStep(momentum = 0, buf = null)";
        cases.add(new KernelCase(name, (n, l) -> sgd(name, n, l, 0f, 0f, 0.01f, false, false, false)));
    }

    private static Invocation sgd(String name, int n, Layout l, float momentum, float dampening, float weightDecay,
                                  boolean nesterov, boolean firstStep, boolean withBuffer) {
        Random r = l.random();
        float lr = LEARNING_RATES[r.nextInt(LEARNING_RATES.length)];
        int p = l.output("p", n);
        int g = l.input("g", n);
        // Without momentum the buffer is neither validated nor used, so it must stay untouched.
        int buf = !withBuffer ? -1 : momentum == 0f ? l.input("buf", n) : l.output("buf", n);
        int po = l.offset(p);
        int go = l.offset(g);
        int bo = withBuffer ? l.offset(buf) : 0;
        return l.effect(name + " lr = " + lr + ", n = " + n, (k, a) -> k.sgdStep(n, lr, momentum, dampening, weightDecay,
                nesterov, firstStep, a[p], po, a[g], go, buf < 0 ? null : a[buf], bo));
    }

    private static void addAdamVariants(List<KernelCase> cases) {
        float[][] variants = {
            // beta1, beta2, eps, weightDecay, step
            {0.9f, 0.999f, 1e-8f, 0f, 1},
            {0.9f, 0.999f, 1e-8f, 0.01f, 2},
            {0.9f, 0.999f, 1e-8f, 0f, 1000},
            {0.99f, 0.9999f, 1e-8f, 0f, 100},
            {0.3f, 0.5f, 0f, 0f, 3},
            {0.5f, 0.25f, 1e-3f, 0.1f, 7},
            {0f, 0f, 1e-6f, 0f, 1},
            {0.7f, 0.9f, 1e-8f, 1.5f, 1},
        };
        for (float[] v : variants) {
            String name = String.format("adamStep(beta1 = %s, beta2 = %s, eps = %s, weightDecay = %s, step = %d)",
                    v[0], v[1], v[2], v[3], (int) v[4]);
            cases.add(new KernelCase(name, (n, l) -> adam(name, n, l, v[0], v[1], v[2], v[3], (int) v[4])));
        }
    }

    private static Invocation adam(String name, int n, Layout l, float beta1, float beta2, float eps,
                                   float weightDecay, int step) {
        float lr = LEARNING_RATES[l.random().nextInt(LEARNING_RATES.length)];
        int p = l.output("p", n);
        int g = l.input("g", n);
        int m = l.output("m", n);
        int v = l.nonNegativeOutput("v", n);
        int po = l.offset(p);
        int go = l.offset(g);
        int mo = l.offset(m);
        int vo = l.offset(v);
        return l.effect(name + " lr = " + lr + ", n = " + n, (k, a) -> k.adamStep(n, lr, beta1, beta2, eps, weightDecay,
                step, a[p], po, a[g], go, a[m], mo, a[v], vo));
    }

    private static Invocation gemm(boolean transA, boolean transB, int size, Layout l) {
        Random r = l.random();
        int m = 1 + size % 6;
        int n = size;
        int k = GEMM_DEPTHS[size % GEMM_DEPTHS.length];
        float alpha = new float[] {1f, -0.5f, 0f}[r.nextInt(3)];
        float beta = new float[] {0f, 0.75f, 1f}[r.nextInt(3)];
        int aRows = transA ? k : m;
        int aCols = transA ? m : k;
        int bRows = transB ? n : k;
        int bCols = transB ? k : n;
        int a = l.matrixInput("a", aRows, aCols, Math.max(1, aCols) + r.nextInt(3));
        int b = l.matrixInput("b", bRows, bCols, Math.max(1, bCols) + r.nextInt(3));
        int c = l.matrixOutput("c", m, n, Math.max(1, n) + 1 + r.nextInt(3));
        return gemmCall(transA, transB, m, n, k, alpha, beta, l, a, b, c);
    }

    /** The gemm call on the matrices a, b and c of a layout, with the leading dimensions they were stored with. */
    static Invocation gemmCall(boolean transA, boolean transB, int m, int n, int k, float alpha, float beta,
                               Layout l, int a, int b, int c) {
        int aOff = l.offset(a);
        int bOff = l.offset(b);
        int cOff = l.offset(c);
        int lda = l.leadingDimension(a);
        int ldb = l.leadingDimension(b);
        int ldc = l.leadingDimension(c);
        String text = String.format("gemm(transA = %s, transB = %s, m = %d, n = %d, k = %d, alpha = %s, lda = %d,"
                + " ldb = %d, beta = %s, ldc = %d)", transA, transB, m, n, k, alpha, lda, ldb, beta, ldc);
        return l.effect(text, (kernels, arr) -> kernels.gemm(transA, transB, m, n, k, alpha,
                arr[a], aOff, lda, arr[b], bOff, ldb, beta, arr[c], cOff, ldc));
    }

    // The reductions' calls are shared with the tests that check them against Reference;
    // their operands are the layout's handles 0, 1, ... in parameter order.

    /** {@code columnSums} of an {@code m × n} x (handle 0) into y (handle 1). */
    static Invocation columnSums(int m, int n, float beta, Layout l) {
        int x = l.input("x", m * n);
        int y = l.output("y", n);
        int xo = l.offset(x);
        int yo = l.offset(y);
        return l.effect("columnSums(m = " + m + ", n = " + n + ", beta = " + beta + ")",
                (k, a) -> k.columnSums(m, n, a[x], xo, beta, a[y], yo));
    }

    /** {@code sum} of x (handle 0). */
    static Invocation sum(int n, Layout l) {
        int x = l.input("x", n);
        int xo = l.offset(x);
        return l.value("sum(n = " + n + ")", (k, a) -> k.sum(n, a[x], xo));
    }

    /** {@code dot} of x (handle 0) and y (handle 1). */
    static Invocation dot(int n, Layout l) {
        return pairReduction("dot", Kernels::dot, "x", "y", n, l);
    }

    /** {@code mse} of predictions p (handle 0) and targets t (handle 1). */
    static Invocation mse(int n, Layout l) {
        return pairReduction("mse", Kernels::mse, "p", "t", n, l);
    }

    /** The signature shared by dot and mse: a value from two vectors. */
    @FunctionalInterface
    private interface PairReduction {
        float apply(Kernels kernels, int n, float[] x, int xOff, float[] y, int yOff);
    }

    private static Invocation pairReduction(String name, PairReduction kernel, String first, String second,
                                            int n, Layout l) {
        int x = l.input(first, n);
        int y = l.input(second, n);
        int xo = l.offset(x);
        int yo = l.offset(y);
        return l.value(name + "(n = " + n + ")", (k, a) -> kernel.apply(k, n, a[x], xo, a[y], yo));
    }
}
