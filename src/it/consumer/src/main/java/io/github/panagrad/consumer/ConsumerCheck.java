package io.github.panagrad.consumer;

import io.github.panagrad.kernel.Backend;
import io.github.panagrad.kernel.Kernels;

import java.util.Locale;

/**
 * Checks an installed Panagrad jar from the outside, through its public API: that the JVM
 * loaded it the expected way (class path or module path), that it chose the expected backend,
 * that its internals are out of reach ({@link EncapsulationCheck}), that {@code gemm} gives a
 * known answer and stays within its error bound, and that a two-layer model trained with it
 * lowers its loss.
 *
 * <pre>
 * java [--add-modules jdk.incubator.vector] -cp consumer.jar:lib/* \
 *      io.github.panagrad.consumer.ConsumerCheck VECTOR|SCALAR class-path
 * java [--add-modules jdk.incubator.vector] -p consumer.jar:lib \
 *      -m io.github.panagrad.consumer/io.github.panagrad.consumer.ConsumerCheck VECTOR|SCALAR module-path
 * </pre>
 *
 * On success it prints one line of findings and exits 0; on the first failed check it prints
 * {@code FAILED: } and the reason, and exits 1; on bad arguments it exits 2.
 */
public final class ConsumerCheck {

    private static final String LIBRARY_MODULE = "io.github.panagrad";
    private static final String ENABLE_FLAG = "--add-modules jdk.incubator.vector";

    private ConsumerCheck() {
    }

    /**
     * @param args the expected backend ({@code VECTOR} or {@code SCALAR}) and how the JVM was
     *        started ({@code class-path} or {@code module-path})
     */
    public static void main(String[] args) {
        if (args.length != 2 || !isBackend(args[0]) || !(args[1].equals("class-path") || args[1].equals("module-path"))) {
            System.err.println("usage: ConsumerCheck VECTOR|SCALAR class-path|module-path");
            System.exit(2);
        }
        try {
            System.out.println(run(Backend.valueOf(args[0]), args[1].equals("module-path")));
        } catch (CheckFailure failure) {
            System.out.println("FAILED: " + failure.getMessage());
            System.exit(1);
        }
    }

    private static boolean isBackend(String name) {
        return name.equals(Backend.VECTOR.name()) || name.equals(Backend.SCALAR.name());
    }

    private static String run(Backend expected, boolean onModulePath) {
        String layout = checkLayout(onModulePath);
        Kernels kernels = checkBackend(expected);
        String encapsulation = EncapsulationCheck.run(onModulePath);
        GemmCheck.knownAnswer(kernels);
        int bounded = GemmCheck.withinErrorBound(kernels);
        TrainingCheck.Result training = TrainingCheck.run();
        return String.format(Locale.ROOT, "%s, backend %s; %s; gemm known answer ok, %d elements within γ(k+2); "
                        + "training loss %.4f -> %.4f in %d epochs",
                layout, kernels.backend(), encapsulation, bounded, training.firstLoss(), training.lastLoss(),
                training.epochs());
    }

    /** The library must be the named module on the module path, and in the unnamed module on the class path. */
    private static String checkLayout(boolean onModulePath) {
        Module library = Kernels.class.getModule();
        Module self = ConsumerCheck.class.getModule();
        if (onModulePath) {
            CheckFailure.unless(self.isNamed() && LIBRARY_MODULE.equals(library.getName()),
                    "expected named modules on the module path, got consumer " + self + " and library " + library);
            CheckFailure.unless(!library.getDescriptor().isAutomatic(),
                    "the library jar was loaded as an automatic module: it has no module-info.class");
            return "module path (" + library.getDescriptor().toNameAndVersion() + ")";
        }
        CheckFailure.unless(!self.isNamed() && !library.isNamed(),
                "expected the unnamed module on the class path, got consumer " + self + " and library " + library);
        return "class path";
    }

    /** Both the explicit choice and the autograd layer's default must be the expected backend. */
    private static Kernels checkBackend(Backend expected) {
        Kernels preferred = Kernels.preferred();
        CheckFailure.unless(preferred.backend() == expected,
                "Kernels.preferred() is " + preferred + ", expected " + expected + "; " + Kernels.vectorStatus());
        CheckFailure.unless(Kernels.current().backend() == expected,
                "Kernels.current() is " + Kernels.current() + ", expected " + expected);
        if (expected == Backend.SCALAR) {
            CheckFailure.unless(!Kernels.vectorAvailable(), "vectorAvailable() is true on the scalar run");
            try {
                Kernels.of(Backend.VECTOR);
                throw new CheckFailure("Kernels.of(VECTOR) succeeded without " + ENABLE_FLAG);
            } catch (UnsupportedOperationException e) {
                CheckFailure.unless(e.getMessage().contains(ENABLE_FLAG),
                        "Kernels.of(VECTOR) fails without naming " + ENABLE_FLAG + ": " + e.getMessage());
            }
        }
        return preferred;
    }
}
