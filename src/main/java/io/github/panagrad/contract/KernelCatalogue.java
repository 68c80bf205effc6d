package io.github.panagrad.contract;

import static io.github.panagrad.contract.Parameter.Rule.ANY_FLOAT;
import static io.github.panagrad.contract.Parameter.Rule.FINITE_NON_NEGATIVE;
import static io.github.panagrad.contract.Parameter.Rule.POSITIVE_INT;
import static io.github.panagrad.contract.Parameter.Rule.UNIT_INTERVAL;
import static io.github.panagrad.contract.ValueClass.ANY;
import static io.github.panagrad.contract.ValueClass.FACTOR;
import static io.github.panagrad.contract.ValueClass.NON_NEGATIVE;
import static io.github.panagrad.contract.ValueClass.SUMMAND;

import io.github.panagrad.contract.KernelEntry.Bound;
import io.github.panagrad.contract.KernelEntry.Formula;
import io.github.panagrad.kernel.Kernels;

import java.util.ArrayList;
import java.util.List;
import java.util.Random;
import java.util.function.IntToDoubleFunction;
import java.util.function.Predicate;
import java.util.function.ToIntFunction;

/**
 * Every kernel of {@link Kernels}, one {@link KernelEntry} each: its parameters and the
 * facade's rules, the alternatives its scalars take, and the formula of its javadoc
 * (elementwise kernels) or its exact result in double with the documented k (reductions).
 * {@code compare}, the kernel tests and both fuzzers iterate this list, so a kernel added to
 * the facade is checked everywhere once it has an entry here.
 */
public final class KernelCatalogue {

    /** Special broadcast scalars: a vector kernel puts them in every lane. */
    private static final Object[] SPECIAL_SCALARS = {
        Float.NaN, Float.POSITIVE_INFINITY, Float.NEGATIVE_INFINITY, 0f, -0f, Float.MIN_VALUE, 1e-40f,
        Float.MIN_NORMAL, Float.MAX_VALUE, -Float.MAX_VALUE, 6.5e29f, 1f, -1f, 0.5f, Math.nextUp(1f),
    };

    private static final ToIntFunction<Call> N = c -> c.i("n");

    private static final List<KernelEntry> ALL = List.of(gemm(), relu(), reluBackward(), axpy(),
            binary("add", (c, i) -> c.at("a", i) + c.at("b", i)),
            binary("sub", (c, i) -> c.at("a", i) - c.at("b", i)),
            binary("mul", (c, i) -> c.at("a", i) * c.at("b", i)),
            scaled("scale", "alpha", (c, i) -> c.f("alpha") * c.at("x", i)),
            scaled("addScalar", "c", (c, i) -> c.at("x", i) + c.f("c")),
            binary("mulAdd", (c, i) -> Math.fma(c.at("a", i), c.at("b", i), c.at("y", i))),
            transpose(), addRowVector(), columnSums(), sum(), dot(), mse(), mseBackward(), sgdStep(), adamStep());

    private KernelCatalogue() {
    }

    /** @return every kernel, in a fixed order */
    public static List<KernelEntry> all() {
        return ALL;
    }

    /**
     * @param name a {@link Kernels} method
     * @return its entry
     * @throws IllegalArgumentException when the catalogue has none
     */
    public static KernelEntry entry(String name) {
        return ALL.stream().filter(e -> e.name().equals(name)).findFirst()
                .orElseThrow(() -> new IllegalArgumentException("no kernel " + name + " in the catalogue"));
    }

    // ---------------------------------------------------------------- elementwise

    private static KernelEntry relu() {
        return KernelEntry.builder("relu").count("n", 0)
                .vector("x", false, ANY, "n").vector("y", true, ANY, "n").inPlace("y", "x")
                .formula(each("y", N, (c, i) -> c.at("x", i) < 0f ? 0f : c.at("x", i)));
    }

    private static KernelEntry reluBackward() {
        return KernelEntry.builder("reluBackward").count("n", 0)
                .vector("x", false, ANY, "n").vector("dy", false, ANY, "n").vector("dx", true, ANY, "n")
                .inPlace("dx", "x", "dy")
                .formula(each("dx", N, (c, i) -> c.at("dx", i) + (c.at("x", i) <= 0f ? 0f : c.at("dy", i))));
    }

    private static KernelEntry axpy() {
        return KernelEntry.builder("axpy").count("n", 0).scalar("alpha", ANY_FLOAT, broadcast())
                .vector("x", false, ANY, "n").vector("y", true, ANY, "n").inPlace("y", "x")
                .formula(each("y", N, (c, i) -> Math.fma(c.f("alpha"), c.at("x", i), c.at("y", i))));
    }

    /** {@code (n, a, aOff, b, bOff, y, yOff)}: y may be a or b exactly. */
    private static KernelEntry binary(String name, Element formula) {
        return KernelEntry.builder(name).count("n", 0)
                .vector("a", false, ANY, "n").vector("b", false, ANY, "n").vector("y", true, ANY, "n")
                .inPlace("y", "a", "b")
                .formula(each("y", N, formula));
    }

    /** {@code (n, scalar, x, xOff, y, yOff)}: y may be x exactly. */
    private static KernelEntry scaled(String name, String scalar, Element formula) {
        return KernelEntry.builder(name).count("n", 0).scalar(scalar, ANY_FLOAT, broadcast())
                .vector("x", false, ANY, "n").vector("y", true, ANY, "n").inPlace("y", "x")
                .formula(each("y", N, formula));
    }

    private static KernelEntry transpose() {
        return KernelEntry.builder("transpose").count("m", 0).count("n", 0)
                .vector("x", false, ANY, "m", "n").vector("y", true, ANY, "m", "n").disjoint("y", "x")
                .formula(c -> {
                    int m = c.i("m");
                    int n = c.i("n");
                    for (int i = 0; i < m; i++) {
                        for (int j = 0; j < n; j++) {
                            c.set("y", j * m + i, c.at("x", i * n + j));
                        }
                    }
                });
    }

    private static KernelEntry addRowVector() {
        return KernelEntry.builder("addRowVector").count("m", 0).count("n", 0)
                .vector("x", false, ANY, "m", "n").vector("v", false, ANY, "n").vector("y", true, ANY, "m", "n")
                .inPlace("y", "x").disjoint("y", "v")
                .formula(each("y", c -> c.i("m") * c.i("n"), (c, e) -> c.at("x", e) + c.at("v", e % c.i("n"))));
    }

    private static KernelEntry mseBackward() {
        return KernelEntry.builder("mseBackward").count("n", 1).scalar("gradOut", ANY_FLOAT, broadcast())
                .vector("p", false, ANY, "n").vector("t", false, ANY, "n").vector("dp", true, ANY, "n")
                .inPlace("dp", "p", "t")
                .formula(each("dp", N, (c, i) -> Math.fma((float) (2.0 * c.f("gradOut") / c.i("n")),
                        c.at("p", i) - c.at("t", i), c.at("dp", i))));
    }

    private static KernelEntry sgdStep() {
        Predicate<Call> momentum = c -> c.f("momentum") != 0f;
        return KernelEntry.builder("sgdStep").count("n", 0)
                .scalar("lr", FINITE_NON_NEGATIVE, learningRate(0.5f))
                .scalar("momentum", FINITE_NON_NEGATIVE, Draw.of(Draw.oneOf("0", 0f),
                        Draw.drawn("> 0", r -> r.nextBoolean() ? 0.9f : belowOne(r))))
                .scalar("dampening", FINITE_NON_NEGATIVE, Draw.of(Draw.oneOf("0", 0f), Draw.drawn("> 0", r -> belowOne(r))))
                .scalar("weightDecay", FINITE_NON_NEGATIVE, weightDecay())
                .flag("nesterov").flag("firstStep")
                .vector("p", true, ANY, "n").vector("g", false, ANY, "n")
                .vector("buf", true, ANY, "n").usedWhen(momentum).unreadWhen(c -> c.f("momentum") == 0f || c.b("firstStep"))
                .disjoint("p", "g").disjoint("buf", "p", "g")
                .constraint(c -> !c.b("nesterov") || c.f("momentum") > 0f && c.f("dampening") == 0f,
                        "nesterov", "momentum", "dampening")
                .bitsOnly();
    }

    private static KernelEntry adamStep() {
        return KernelEntry.builder("adamStep").count("n", 0)
                .scalar("lr", FINITE_NON_NEGATIVE, learningRate(0.1f))
                .scalar("beta1", UNIT_INTERVAL, Draw.of(
                        Draw.drawn("< 0.5", r -> r.nextBoolean() ? pick(r, 0f, 0.3f) : 0.5f * r.nextFloat()),
                        Draw.drawn(">= 0.5", r -> r.nextBoolean() ? pick(r, 0.5f, 0.9f, 0.99f)
                                : Math.min(0.5f + 0.5f * r.nextFloat(), Math.nextDown(1f)))))
                .scalar("beta2", UNIT_INTERVAL, Draw.of(Draw.drawn("any", r -> r.nextBoolean() ? 0.999f : r.nextFloat())))
                .scalar("eps", FINITE_NON_NEGATIVE, Draw.of(Draw.drawn("any",
                        r -> r.nextBoolean() ? 1e-8f : r.nextBoolean() ? 0f : r.nextFloat())))
                .scalar("weightDecay", FINITE_NON_NEGATIVE, weightDecay())
                .scalar("step", POSITIVE_INT, Draw.of(Draw.oneOf("1", 1),
                        Draw.drawn("> 1", r -> r.nextInt(8) == 0 ? 2 + r.nextInt(1_000_000) : 2 + r.nextInt(1000))))
                .vector("p", true, ANY, "n").vector("g", false, ANY, "n")
                .vector("m", true, ANY, "n").vector("v", true, NON_NEGATIVE, "n")
                .disjoint("p", "g").disjoint("m", "p", "g").disjoint("v", "p", "g", "m")
                .bitsOnly();
    }

    // ---------------------------------------------------------------- reductions

    private static KernelEntry gemm() {
        Predicate<Call> alphaZero = c -> c.f("alpha") == 0f;
        return KernelEntry.builder("gemm").flag("transA").flag("transB").count("m", 0).count("n", 0).count("k", 0)
                .scalar("alpha", ANY_FLOAT, Draw.of(Draw.oneOf("0", 0f, -0f),
                        Draw.drawn("not 0", r -> r.nextBoolean() ? pick(r, 1f, -1f, 0.5f, 2f, 2.5f, -0.5f) : nonZero(r))))
                .matrix("a", false, FACTOR, KernelCatalogue::aRows, KernelCatalogue::aCols).unreadWhen(alphaZero)
                .matrix("b", false, FACTOR, KernelCatalogue::bRows, KernelCatalogue::bCols).unreadWhen(alphaZero)
                .scalar("beta", ANY_FLOAT, beta())
                .matrix("c", true, FACTOR, c -> c.i("m"), N).unreadWhen(c -> c.f("beta") == 0f)
                .disjoint("c", "a", "b")
                .bounded("k + 2", c -> c.i("k") + 2L, KernelCatalogue::gemmExact);
    }

    /** Per element of C, {@code alpha Σ_p op(A)_ip op(B)_pj + beta C_ij}, A and B unread when alpha is 0 and C when beta is 0. */
    private static List<Bound> gemmExact(Call c) {
        int m = c.i("m");
        int n = c.i("n");
        int k = c.i("k");
        double alpha = c.f("alpha");
        double beta = c.f("beta");
        Window a = new Window(c.i("aOff"), aRows(c), aCols(c), c.i("lda"));
        Window b = new Window(c.i("bOff"), bRows(c), bCols(c), c.i("ldb"));
        Window cw = new Window(c.i("cOff"), m, n, c.i("ldc"));
        boolean transA = c.b("transA");
        boolean transB = c.b("transB");
        float[] av = c.a("a");
        float[] bv = c.a("b");
        float[] cv = c.a("c");
        List<Bound> bounds = new ArrayList<>(m * n);
        for (int i = 0; i < m; i++) {
            for (int j = 0; j < n; j++) {
                int row = i;
                int col = j;
                double old = beta == 0 ? 0 : beta * cv[cw.at(i, j)];
                bounds.add(sumOf("c", cw.at(i, j), old, alpha == 0 ? 0 : k, p -> alpha
                        * av[transA ? a.at(p, row) : a.at(row, p)] * bv[transB ? b.at(col, p) : b.at(p, col)]));
            }
        }
        return bounds;
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

    private static KernelEntry columnSums() {
        return KernelEntry.builder("columnSums").count("m", 0).count("n", 0)
                .vector("x", false, SUMMAND, "m", "n").scalar("beta", ANY_FLOAT, beta())
                .vector("y", true, FACTOR, "n").unreadWhen(c -> c.f("beta") == 0f)
                .disjoint("y", "x")
                .bounded("m + 1", c -> c.i("m") + 1L, c -> {
                    int m = c.i("m");
                    int n = c.i("n");
                    double beta = c.f("beta");
                    float[] x = c.a("x");
                    int xOff = c.i("xOff");
                    List<Bound> bounds = new ArrayList<>(n);
                    for (int j = 0; j < n; j++) {
                        int col = xOff + j;
                        double old = beta == 0 ? 0 : beta * c.at("y", j);
                        bounds.add(sumOf("y", c.i("yOff") + j, old, m, i -> x[col + i * n]));
                    }
                    return bounds;
                });
    }

    private static KernelEntry sum() {
        return KernelEntry.builder("sum").count("n", 0).vector("x", false, SUMMAND, "n")
                .bounded("n", c -> c.i("n"), c -> {
                    float[] x = c.a("x");
                    int xOff = c.i("xOff");
                    return List.of(sumOf(null, 0, 0, c.i("n"), i -> x[xOff + i]));
                });
    }

    private static KernelEntry dot() {
        return KernelEntry.builder("dot").count("n", 0).vector("x", false, FACTOR, "n").vector("y", false, FACTOR, "n")
                .bounded("n", c -> c.i("n"), c -> {
                    float[] x = c.a("x");
                    float[] y = c.a("y");
                    int xOff = c.i("xOff");
                    int yOff = c.i("yOff");
                    return List.of(sumOf(null, 0, 0, c.i("n"), i -> (double) x[xOff + i] * y[yOff + i]));
                });
    }

    private static KernelEntry mse() {
        return KernelEntry.builder("mse").count("n", 1).vector("p", false, FACTOR, "n").vector("t", false, FACTOR, "n")
                .bounded("n + 3", c -> c.i("n") + 3L, c -> {
                    float[] p = c.a("p");
                    float[] t = c.a("t");
                    int pOff = c.i("pOff");
                    int tOff = c.i("tOff");
                    int n = c.i("n");
                    return List.of(sumOf(null, 0, 0, n, i -> {
                        double d = (double) p[pOff + i] - t[tOff + i];
                        return d * d / n;
                    }));
                });
    }

    /** {@code old + Σ_{i < count} term(i)} and {@code |old| + Σ|term(i)|} in double: one output of a reduction. */
    private static Bound sumOf(String operand, int index, double old, int count, IntToDoubleFunction term) {
        double sum = old;
        double absSum = Math.abs(old);
        for (int i = 0; i < count; i++) {
            double t = term.applyAsDouble(i);
            sum += t;
            absSum += Math.abs(t);
        }
        return new Bound(operand, index, sum, absSum);
    }

    // ---------------------------------------------------------------- formulas and draws

    /** The expected value of element i of an elementwise kernel's output. */
    @FunctionalInterface
    private interface Element {
        float at(Call call, int i);
    }

    /** {@code output[i] = element(i)} for every i of the output's window, in order (an in-place call reads index i before writing it). */
    private static Formula each(String output, ToIntFunction<Call> length, Element element) {
        return c -> {
            for (int i = 0; i < length.applyAsInt(c); i++) {
                c.set(output, i, element.at(c, i));
            }
        };
    }

    /** A scalar a kernel broadcasts into every lane: ordinary, or special. */
    private static Draw broadcast() {
        return Draw.of(Draw.drawn("ordinary", KernelCatalogue::ordinary), Draw.oneOf("special", SPECIAL_SCALARS));
    }

    /** The scale of an output that is accumulated into: 0 (the output is not read), 1 (accumulate), or another value. */
    private static Draw beta() {
        return Draw.of(Draw.oneOf("0", 0f, -0f), Draw.oneOf("1", 1f), Draw.drawn("other",
                r -> r.nextBoolean() ? pick(r, -1f, 0.5f, 0.75f, 2f) : otherThanZeroAndOne(r)));
    }

    private static Draw learningRate(float largest) {
        return Draw.of(Draw.drawn("any", r -> r.nextInt(8) == 0 ? 0f : r.nextBoolean() ? pick(r, 1e-3f, 0.05f, 1.5f)
                : largest * r.nextFloat()));
    }

    private static Draw weightDecay() {
        return Draw.of(Draw.oneOf("0", 0f), Draw.drawn("> 0", r -> r.nextInt(8) == 0 ? 1.5f : 1e-4f + 0.1f * r.nextFloat()));
    }

    /** @return a value uniform in (-4, 4) */
    private static float ordinary(Random r) {
        return (r.nextFloat() * 2f - 1f) * 4f;
    }

    private static float nonZero(Random r) {
        float value = ordinary(r);
        return value == 0f ? 1.25f : value;
    }

    private static float otherThanZeroAndOne(Random r) {
        float value = nonZero(r);
        return value == 1f ? 0.25f : value;
    }

    /** @return a value in [0.001, 0.999) */
    private static float belowOne(Random r) {
        return 1e-3f + 0.998f * r.nextFloat();
    }

    private static Object pick(Random r, float... values) {
        return values[r.nextInt(values.length)];
    }
}
