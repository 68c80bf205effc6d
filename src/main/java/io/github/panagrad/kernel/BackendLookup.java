package io.github.panagrad.kernel;

import java.lang.management.ManagementFactory;
import java.util.Locale;
import java.util.Optional;

/**
 * Decides once whether the Vector API backend can be used, and loads it if so.
 *
 * <p>The checks come before any class that references {@code jdk.incubator.vector} is
 * touched: the {@code panagrad.vectorBits} property must be valid, the module must be in
 * the boot layer and readable, and the JIT must include C2 (without it the Vector API runs
 * interpreted and is far slower than plain loops). Only then is {@code VectorKernels}
 * loaded, reflectively; any failure there is caught too. The outcome is either the loaded
 * implementation or the reason it is unavailable.
 */
final class BackendLookup {

    /** System property forcing the vector width: 128, 256 or 512 bits (default: the preferred species). */
    static final String VECTOR_BITS_PROPERTY = "panagrad.vectorBits";

    static final String ENABLE_HINT = "add --add-modules jdk.incubator.vector to the java command line";

    private static final String VECTOR_MODULE = "jdk.incubator.vector";
    private static final String VECTOR_CLASS = "io.github.panagrad.kernel.VectorKernels";

    private static final KernelSupport VECTOR;
    private static final String UNAVAILABLE_REASON;

    static {
        String reason = whyVectorUnusable();
        KernelSupport loaded = null;
        if (reason == null) {
            try {
                loaded = (KernelSupport) Class.forName(VECTOR_CLASS).getDeclaredField("INSTANCE").get(null);
            } catch (ReflectiveOperationException | LinkageError | RuntimeException e) {
                reason = "loading the vector implementation failed: " + e;
            }
        }
        VECTOR = loaded;
        UNAVAILABLE_REASON = reason;
    }

    private BackendLookup() {
    }

    /** The vector implementation, or empty with {@link #unavailableReason()} saying why. */
    static Optional<KernelSupport> vector() {
        return Optional.ofNullable(VECTOR);
    }

    /** Why the vector backend is unusable, or null when it is usable. */
    static String unavailableReason() {
        return UNAVAILABLE_REASON;
    }

    /** The vector width the property asks for, 0 for the preferred species. */
    static int requestedVectorBits() {
        String value = System.getProperty(VECTOR_BITS_PROPERTY);
        if (value == null || value.isBlank()) {
            return 0;
        }
        switch (value.trim()) {
            case "128": return 128;
            case "256": return 256;
            case "512": return 512;
            default: return -1;
        }
    }

    private static String whyVectorUnusable() {
        if (requestedVectorBits() < 0) {
            return VECTOR_BITS_PROPERTY + " = '" + System.getProperty(VECTOR_BITS_PROPERTY)
                    + "' is not one of 128, 256, 512";
        }
        Optional<Module> module = ModuleLayer.boot().findModule(VECTOR_MODULE);
        if (module.isEmpty()) {
            return "the module " + VECTOR_MODULE + " is not in the boot layer";
        }
        Module self = BackendLookup.class.getModule();
        if (!self.canRead(module.get())) {
            self.addReads(module.get());
        }
        String vmInfo = System.getProperty("java.vm.info", "").toLowerCase(Locale.ROOT);
        String vmName = System.getProperty("java.vm.name", "").toLowerCase(Locale.ROOT);
        if (vmInfo.contains("interpreted")) {
            return "the JVM runs interpreted only (-Xint), so the Vector API would not be compiled";
        }
        if (vmName.contains("client")) {
            return "the client VM has no C2 compiler to compile the Vector API";
        }
        for (String arg : ManagementFactory.getRuntimeMXBean().getInputArguments()) {
            if (arg.startsWith("-XX:TieredStopAtLevel=") && !arg.endsWith("=4")) {
                return arg + " disables C2, which the Vector API needs";
            }
        }
        return null;
    }
}
