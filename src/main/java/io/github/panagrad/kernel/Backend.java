package io.github.panagrad.kernel;

/**
 * The two implementations behind {@link Kernels}.
 *
 * <p>{@link #SCALAR} is the reference: plain Java loops that read like the formulas and
 * define every kernel's result. {@link #VECTOR} runs the same kernels on the incubator
 * Vector API ({@code jdk.incubator.vector}); it is usable only when that module is in the
 * boot layer and the C2 compiler is present. Every kernel gives identical bits on both, in
 * the canonical order stated in {@code docs/numerics.md}.
 */
public enum Backend {
    /** Plain Java loops: the specification of every kernel. */
    SCALAR,
    /** Vector API implementation: register-tiled, blocked and parallel where it pays. */
    VECTOR
}
