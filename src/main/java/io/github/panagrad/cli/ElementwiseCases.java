package io.github.panagrad.cli;

import static io.github.panagrad.cli.KernelCase.OFFSET;

import io.github.panagrad.kernel.Kernels;
import java.util.ArrayList;
import java.util.List;
import java.util.function.IntFunction;

/**
 * The cases of every bit-exact kernel at one size: ReLU and its backward, axpy, add, sub,
 * mul, multiply-accumulate, scale, the constant add, the transpose, the bias add, the MSE gradient and the SGD and Adam updates. Each kernel is
 * called once on random values and once on values half of which are special (NaN, ±Inf,
 * ±0, subnormals, ±MAX_VALUE), with special scalars too; hyper-parameters take the
 * variants that switch the kernels' branches (momentum, Nesterov, weight decay, the two
 * branches of Adam's lerp).
 */
final class ElementwiseCases {

    /** An SGD configuration; {@code momentum == 0} passes no buffer. */
    private record SgdVariant(float momentum, float dampening, float weightDecay, boolean nesterov, boolean firstStep) {
    }

    /** An Adam configuration; {@code beta1 > 0.5} and {@code beta1 < 0.5} take the two lerp branches. */
    private record AdamVariant(float beta1, float beta2, float eps, float weightDecay, int step) {
    }

    /** The signature shared by add, sub, mul and mulAdd. */
    @FunctionalInterface
    private interface BinaryKernel {
        void apply(Kernels kernels, int n, float[] a, int aOff, float[] b, int bOff, float[] y, int yOff);
    }

    private static final List<SgdVariant> SGD = List.of(
            new SgdVariant(0f, 0f, 0f, false, true),
            new SgdVariant(0.9f, 0f, 0.01f, true, true),
            new SgdVariant(0.8f, 0.1f, 0f, false, false));

    private static final List<AdamVariant> ADAM = List.of(
            new AdamVariant(0.9f, 0.999f, 1e-8f, 0f, 1),
            new AdamVariant(0.3f, 0.99f, 1e-6f, 0.01f, 5));

    private ElementwiseCases() {
    }

    /**
     * @param n the element count (and row length for the bias add)
     * @param in where the values come from
     * @return the cases, on random values first, then on special values
     */
    static List<KernelCase> cases(int n, InputValues in) {
        List<KernelCase> cases = new ArrayList<>();
        for (boolean special : new boolean[] {false, true}) {
            IntFunction<float[]> values = special
                    ? count -> in.special(count, InputValues.ELEMENTWISE_SPECIALS, 2)
                    : in::random;
            cases.add(KernelCase.of("relu").in(values.apply(n)).out(values.apply(n))
                    .elementwise((k, a) -> k.relu(n, a[0], OFFSET, a[1], OFFSET)));
            cases.add(KernelCase.of("relu").out(values.apply(n))
                    .elementwise((k, a) -> k.relu(n, a[0], OFFSET, a[0], OFFSET)));
            cases.add(KernelCase.of("reluBackward").in(values.apply(n)).in(values.apply(n)).out(values.apply(n))
                    .elementwise((k, a) -> k.reluBackward(n, a[0], OFFSET, a[1], OFFSET, a[2], OFFSET)));
            float alpha = scalar(in, special);
            cases.add(KernelCase.of("axpy").in(values.apply(n)).out(values.apply(n))
                    .elementwise((k, a) -> k.axpy(n, alpha, a[0], OFFSET, a[1], OFFSET)));
            cases.add(binary("add", Kernels::add, n, values));
            cases.add(binary("sub", Kernels::sub, n, values));
            cases.add(binary("mul", Kernels::mul, n, values));
            cases.add(binary("mulAdd", Kernels::mulAdd, n, values));
            float factor = scalar(in, special);
            cases.add(KernelCase.of("scale").in(values.apply(n)).out(values.apply(n))
                    .elementwise((k, a) -> k.scale(n, factor, a[0], OFFSET, a[1], OFFSET)));
            float constant = scalar(in, special);
            cases.add(KernelCase.of("addScalar").in(values.apply(n)).out(values.apply(n))
                    .elementwise((k, a) -> k.addScalar(n, constant, a[0], OFFSET, a[1], OFFSET)));
            cases.add(transpose(3, n, values));
            cases.add(transpose(n, 5, values));
            cases.add(addRowVector(3, n, values));
            cases.add(addRowVector(n, 5, values));
            float gradOut = scalar(in, special);
            cases.add(KernelCase.of("mseBackward").in(values.apply(n)).in(values.apply(n)).out(values.apply(n))
                    .elementwise((k, a) -> k.mseBackward(n, gradOut, a[0], OFFSET, a[1], OFFSET, a[2], OFFSET)));
            for (SgdVariant variant : SGD) {
                cases.add(sgd(variant, in.between(0f, 1f), n, values));
            }
            for (AdamVariant variant : ADAM) {
                cases.add(adam(variant, in.between(0f, 0.1f), n, values));
            }
        }
        return cases;
    }

    private static float scalar(InputValues in, boolean special) {
        return special ? in.pick(InputValues.ELEMENTWISE_SPECIALS) : in.uniform();
    }

    private static KernelCase binary(String name, BinaryKernel kernel, int n, IntFunction<float[]> values) {
        return KernelCase.of(name).in(values.apply(n)).in(values.apply(n)).out(values.apply(n))
                .elementwise((k, a) -> kernel.apply(k, n, a[0], OFFSET, a[1], OFFSET, a[2], OFFSET));
    }

    private static KernelCase transpose(int m, int n, IntFunction<float[]> values) {
        return KernelCase.of("transpose").in(values.apply(m * n)).out(values.apply(m * n))
                .elementwise((k, a) -> k.transpose(m, n, a[0], OFFSET, a[1], OFFSET));
    }

    private static KernelCase addRowVector(int m, int n, IntFunction<float[]> values) {
        return KernelCase.of("addRowVector").in(values.apply(m * n)).in(values.apply(n)).out(values.apply(m * n))
                .elementwise((k, a) -> k.addRowVector(m, n, a[0], OFFSET, a[1], OFFSET, a[2], OFFSET));
    }

    private static KernelCase sgd(SgdVariant v, float lr, int n, IntFunction<float[]> values) {
        KernelCase.Builder arrays = KernelCase.of("sgdStep").out(values.apply(n)).in(values.apply(n));
        if (v.momentum() == 0f) {
            return arrays.elementwise((k, a) -> k.sgdStep(n, lr, 0f, v.dampening(), v.weightDecay(), v.nesterov(),
                    v.firstStep(), a[0], OFFSET, a[1], OFFSET, null, 0));
        }
        return arrays.out(values.apply(n)).elementwise((k, a) -> k.sgdStep(n, lr, v.momentum(), v.dampening(),
                v.weightDecay(), v.nesterov(), v.firstStep(), a[0], OFFSET, a[1], OFFSET, a[2], OFFSET));
    }

    private static KernelCase adam(AdamVariant v, float lr, int n, IntFunction<float[]> values) {
        float[] secondMoment = values.apply(n);
        for (int i = 0; i < n; i++) {
            secondMoment[i] = Math.abs(secondMoment[i]);
        }
        return KernelCase.of("adamStep").out(values.apply(n)).in(values.apply(n)).out(values.apply(n)).out(secondMoment)
                .elementwise((k, a) -> k.adamStep(n, lr, v.beta1(), v.beta2(), v.eps(), v.weightDecay(), v.step(),
                        a[0], OFFSET, a[1], OFFSET, a[2], OFFSET, a[3], OFFSET));
    }
}
