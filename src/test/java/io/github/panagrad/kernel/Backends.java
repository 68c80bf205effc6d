package io.github.panagrad.kernel;

import java.util.List;

/**
 * The backends a test run must cover. Normally both: asking for VECTOR when it is
 * unusable throws, so a JVM started without {@code --add-modules jdk.incubator.vector}
 * fails loudly instead of comparing scalar with scalar. Only a run that sets
 * {@value #EXPECT_SCALAR_FALLBACK} (the build's scalar-fallback execution) covers SCALAR alone.
 */
final class Backends {

    /** System property set by the test execution that deliberately runs without the Vector API module. */
    static final String EXPECT_SCALAR_FALLBACK = "panagrad.expectScalarFallback";

    private Backends() {
    }

    /** True in the execution that runs without the Vector API module. */
    static boolean scalarFallbackExpected() {
        return Boolean.getBoolean(EXPECT_SCALAR_FALLBACK);
    }

    /** The scalar reference kernels. */
    static Kernels scalar() {
        return Kernels.of(Backend.SCALAR);
    }

    /** The vector kernels; throws UnsupportedOperationException (with the reason) when unusable. */
    static Kernels vector() {
        return Kernels.of(Backend.VECTOR);
    }

    /** Every backend this run must test. */
    static List<Kernels> all() {
        return scalarFallbackExpected() ? List.of(scalar()) : List.of(scalar(), vector());
    }
}
