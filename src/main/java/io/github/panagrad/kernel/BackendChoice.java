package io.github.panagrad.kernel;

import io.github.panagrad.internal.Checks;

import java.util.Locale;
import java.util.concurrent.atomic.AtomicBoolean;

/**
 * Which kernels are in use: the two backends' instances, the process default chosen by
 * {@link Kernels#BACKEND_PROPERTY}, and each thread's {@link Kernels#use(Backend)} override.
 * Kept apart from the validating facade, as Lucene keeps {@code VectorizationProvider} apart
 * from {@code VectorUtil}: {@link Kernels}' static entry points delegate here.
 */
final class BackendChoice {

    private static final Kernels SCALAR = new Kernels(ScalarKernels.INSTANCE, null);
    private static final ThreadLocal<Kernels> OVERRIDE = new ThreadLocal<>();
    private static final AtomicBoolean FALLBACK_REPORTED = new AtomicBoolean();

    private BackendChoice() {
    }

    /**
     * Holds the vector instance, warming up unless {@link Warmup#PROPERTY} is {@code off};
     * initialised on first use of the vector backend only.
     */
    private static final class VectorHolder {
        static final Warmup WARMUP = BackendLookup.vector().filter(v -> Warmup.enabled()).map(Warmup::new).orElse(null);
        static final Kernels VECTOR = BackendLookup.vector()
                .map(v -> new Kernels(v, WARMUP)).orElse(null);
    }

    /**
     * Holds the process-wide default, resolved from {@link Kernels#BACKEND_PROPERTY} on first
     * use. A bad property value is kept as the failure and reported on every call, rather than
     * breaking class initialisation.
     */
    private static final class DefaultHolder {
        static final Kernels DEFAULT;
        static final RuntimeException FAILURE;

        static {
            Kernels resolved = null;
            RuntimeException failure = null;
            try {
                resolved = fromProperty();
            } catch (IllegalArgumentException | UnsupportedOperationException e) {
                failure = e;
            }
            DEFAULT = resolved;
            FAILURE = failure;
        }
    }

    /** See {@link Kernels#of(Backend)}. */
    static Kernels of(Backend backend) {
        if (Checks.notNull("backend", backend) == Backend.SCALAR) {
            return SCALAR;
        }
        Kernels vector = VectorHolder.VECTOR;
        if (vector == null) {
            throw new UnsupportedOperationException("the VECTOR backend is unavailable: "
                    + BackendLookup.unavailableReason() + " (" + BackendLookup.ENABLE_HINT + ")");
        }
        return vector;
    }

    /** See {@link Kernels#preferred()}. */
    static Kernels preferred() {
        Kernels vector = VectorHolder.VECTOR;
        if (vector != null) {
            return vector;
        }
        if (FALLBACK_REPORTED.compareAndSet(false, true)) {
            System.err.println("panagrad: using the SCALAR backend because " + BackendLookup.unavailableReason()
                    + "; to enable the Vector API fast path, " + BackendLookup.ENABLE_HINT + ".");
        }
        return SCALAR;
    }

    /** See {@link Kernels#vectorAvailable()}. */
    static boolean vectorAvailable() {
        return VectorHolder.VECTOR != null;
    }

    /** See {@link Kernels#vectorStatus()}. */
    static String vectorStatus() {
        Kernels vector = VectorHolder.VECTOR;
        return vector != null ? "usable: " + vector.describe()
                : "unavailable: " + BackendLookup.unavailableReason() + " (" + BackendLookup.ENABLE_HINT + ")";
    }

    /** See {@link Kernels#warmupStatus()}. */
    static String warmupStatus() {
        if (VectorHolder.VECTOR == null) {
            return "off: the vector backend is unavailable";
        }
        Warmup warmup = VectorHolder.WARMUP;
        return warmup == null ? "off (system property " + Warmup.PROPERTY + " = off)" : warmup.status();
    }

    /** See {@link Kernels#current()}. */
    static Kernels current() {
        Kernels override = OVERRIDE.get();
        if (override != null) {
            return override;
        }
        RuntimeException failure = DefaultHolder.FAILURE;
        if (failure instanceof UnsupportedOperationException) {
            throw new UnsupportedOperationException(failure.getMessage(), failure);
        }
        if (failure != null) {
            throw new IllegalArgumentException(failure.getMessage(), failure);
        }
        return DefaultHolder.DEFAULT;
    }

    /** See {@link Kernels#use(Backend)}. */
    static BackendScope use(Backend backend) {
        Kernels chosen = of(backend);
        BackendScope scope = new BackendScope(OVERRIDE.get());
        OVERRIDE.set(chosen);
        return scope;
    }

    /** Makes {@code previous} the thread's override again (none when null): a scope's close. */
    static void restore(Kernels previous) {
        if (previous == null) {
            OVERRIDE.remove();
        } else {
            OVERRIDE.set(previous);
        }
    }

    private static Kernels fromProperty() {
        String value = System.getProperty(Kernels.BACKEND_PROPERTY, "auto").trim().toLowerCase(Locale.ROOT);
        switch (value) {
            case "auto":
            case "":
                return preferred();
            case "vector":
                return of(Backend.VECTOR);
            case "scalar":
                return SCALAR;
            default:
                throw new IllegalArgumentException(Kernels.BACKEND_PROPERTY + " = '"
                        + System.getProperty(Kernels.BACKEND_PROPERTY) + "' is not one of auto, vector, scalar");
        }
    }
}
