/**
 * Panagrad: CPU kernels on the Vector API with a scalar reference implementation, and a
 * small PyTorch-style autograd layer on top.
 *
 * <ul>
 *   <li>{@link io.github.panagrad.kernel} — the {@link io.github.panagrad.kernel.Kernels}
 *       facade, backend choice and the numerical contract ({@link io.github.panagrad.kernel.ErrorBound}).</li>
 *   <li>{@link io.github.panagrad} — {@link io.github.panagrad.Tensor}, the autograd entry point.</li>
 *   <li>{@link io.github.panagrad.autograd} — what {@code Tensor} returns of the autograd machinery:
 *       the no-grad scope ({@code noGrad()}) and the opaque gradient function ({@code gradFn()}).</li>
 *   <li>{@link io.github.panagrad.nn} and {@link io.github.panagrad.optim} — layers, losses and optimizers.</li>
 * </ul>
 *
 * <p>The Vector API is an optional dependency ({@code requires static}): without
 * {@code --add-modules jdk.incubator.vector} on the {@code java} command line the module
 * is not resolved and every kernel runs on the scalar backend, after one line on standard
 * error saying how to enable the vector one. The command-line program
 * {@code io.github.panagrad.cli.Main} is the module's main class; its package is not exported.
 * Neither is {@code io.github.panagrad.internal}, the recorded operations, the engine, the
 * storage access and the argument checks that the exported packages share, nor
 * {@code io.github.panagrad.contract}, the catalogue of the kernels that {@code compare} and the
 * tests check the numerical contract with.
 */
module io.github.panagrad {
    requires static jdk.incubator.vector;
    requires java.management;
    // optional: the warm-up counts its thread's allocations through com.sun.management when present
    requires static jdk.management;

    exports io.github.panagrad;
    exports io.github.panagrad.autograd;
    exports io.github.panagrad.kernel;
    exports io.github.panagrad.nn;
    exports io.github.panagrad.optim;
}
