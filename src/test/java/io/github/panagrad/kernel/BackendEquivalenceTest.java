package io.github.panagrad.kernel;

import static org.junit.jupiter.api.DynamicContainer.dynamicContainer;
import static org.junit.jupiter.api.DynamicTest.dynamicTest;

import java.util.Arrays;
import java.util.stream.Stream;
import org.junit.jupiter.api.DynamicContainer;
import org.junit.jupiter.api.TestFactory;
import org.junit.jupiter.api.condition.DisabledIfSystemProperty;

/**
 * One set of bits: every kernel (ReLU and its backward, axpy, add/sub/mul/scale, bias add,
 * the MSE gradient, every SGD and Adam variant, gemm in every transpose, columnSums, sum, dot
 * and mse) gives on VECTOR exactly the bits of SCALAR, on every array it touches (momentum
 * and moment buffers included) and in the value it returns, for every awkward size, at
 * random offsets, with ordinary inputs and with inputs full of NaN, infinities, signed zeros,
 * subnormals and extreme magnitudes. Runs once per vector width (see the build's surefire
 * executions).
 */
@DisabledIfSystemProperty(named = Backends.EXPECT_SCALAR_FALLBACK, matches = "true",
        disabledReason = "compares the vector backend, which this run deliberately lacks")
class BackendEquivalenceTest {

    /** Layouts (offsets, tails, values) tried per size and value source. */
    private static final int LAYOUTS = 2;

    @TestFactory
    Stream<DynamicContainer> vectorGivesTheScalarBits() {
        Kernels scalar = Backends.scalar();
        Kernels vector = Backends.vector();
        return KernelCases.all().stream().map(kernel -> dynamicContainer(kernel.name(),
                Arrays.stream(Inputs.SIZES).mapToObj(size -> dynamicTest(kernel.name() + ", n = " + size,
                        () -> assertSameBits(kernel, size, scalar, vector)))));
    }

    private static void assertSameBits(KernelCases.KernelCase kernel, int size, Kernels scalar, Kernels vector) {
        for (Inputs.FloatSource values : new Inputs.FloatSource[] {Inputs.ADVERSARIAL, Inputs.REGULAR}) {
            for (int layout = 0; layout < LAYOUTS; layout++) {
                long seed = Inputs.seed(kernel.name(), size, values == Inputs.REGULAR, layout);
                Invocation call = kernel.create(size, new Layout(seed, values));
                call.assertSameBits(call.run(scalar), call.run(vector));
            }
        }
    }
}
