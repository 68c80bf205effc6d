package io.github.panagrad.kernel;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.DynamicContainer.dynamicContainer;
import static org.junit.jupiter.api.DynamicTest.dynamicTest;

import java.util.Arrays;
import java.util.Set;
import java.util.TreeSet;
import java.util.stream.Stream;
import org.junit.jupiter.api.DynamicContainer;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestFactory;

/**
 * Every kernel, on every backend and at every awkward size, writes only its output
 * window and never modifies an input: each operand sits at an offset inside a larger
 * array whose other elements (and, for gemm's C, the gaps between rows when ldc > n) hold
 * sentinel bit patterns, and after the call every element outside the output windows must
 * have its original raw bits.
 */
class KernelGuardTest {

    /** The kernel table (which the equivalence tests share) must not miss a kernel of the facade. */
    @Test
    void everyKernelOfTheFacadeHasCases() {
        Set<String> covered = new TreeSet<>();
        KernelCases.all().forEach(c -> covered.add(c.name().split("[ (]")[0]));
        Set<String> missing = new TreeSet<>(KernelCases.facadeKernels());
        missing.removeAll(covered);
        assertEquals(Set.of(), missing, "kernels of Kernels without cases in KernelCases");
    }

    @TestFactory
    Stream<DynamicContainer> kernelsWriteOnlyTheirOutputWindows() {
        return KernelCases.all().stream().map(kernel -> dynamicContainer(kernel.name(),
                Arrays.stream(Inputs.SIZES).mapToObj(size -> dynamicTest(kernel.name() + ", n = " + size, () -> {
                    for (Inputs.FloatSource values : new Inputs.FloatSource[] {Inputs.ADVERSARIAL, Inputs.REGULAR}) {
                        Invocation call = kernel.create(size,
                                new Layout(Inputs.seed("guard", kernel.name(), size, values == Inputs.REGULAR), values));
                        for (Kernels kernels : Backends.all()) {
                            call.assertWroteOnlyOutputWindows(call.run(kernels));
                        }
                    }
                }))));
    }
}
