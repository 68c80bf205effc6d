package io.github.panagrad.nn;

import io.github.panagrad.Tensor;
import io.github.panagrad.autograd.NoGradScope;
import io.github.panagrad.kernel.Backend;
import io.github.panagrad.kernel.BackendScope;
import io.github.panagrad.kernel.Kernels;
import io.github.panagrad.optim.Optimizer;
import io.github.panagrad.optim.SGD;
import org.junit.jupiter.api.Test;

import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Random;
import java.util.function.UnaryOperator;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNotEquals;
import static org.junit.jupiter.api.Assertions.assertSame;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

/** {@link Sequential} and {@link ReLU}: composition, parameters, the layer contract, and the reuse of activation storage ({@link Layer#keepsNoActivations()}). */
class SequentialTest {

    @Test
    void forwardAppliesTheLayersInOrder() {
        Linear first = new Linear(Tensor.of(new float[] {1, -1, 2, 0}, 2, 2), Tensor.of(new float[] {0, -5}, 2));
        Linear second = new Linear(Tensor.of(new float[] {1, 1}, 1, 2), Tensor.of(new float[] {0.5f}, 1));
        Sequential model = new Sequential(first, new ReLU(), second);
        Tensor x = Tensor.of(new float[] {3, 1, 1, 4}, 2, 2);
        // first: [3-1, 6-5] = [2, 1] and [1-4, 2-5] = [-3, -3]; relu: [2, 1], [0, 0]; second: 3.5, 0.5
        Tensor y = model.forward(x);
        assertArrayEquals(new int[] {2, 1}, y.shape());
        assertArrayEquals(new float[] {3.5f, 0.5f}, y.toArray());
        assertArrayEquals(second.forward(new ReLU().forward(first.forward(x))).toArray(), y.toArray());
    }

    @Test
    void gradientsReachEveryParameter() {
        Random random = new Random(3);
        Sequential model = new Sequential(new Linear(3, 4, random), new ReLU(), new Linear(4, 1, random));
        Tensor x = Tensor.of(new float[] {0.5f, -1, 2, 1, 1, -0.5f}, 2, 3);
        Loss.mse(model.forward(x), Tensor.zeros(2, 1)).backward();
        for (Tensor parameter : model.parameters()) {
            assertArrayEquals(parameter.shape(), parameter.grad().shape());
        }
    }

    /** Layers 4 → 4 → 4 → 4 at batch 6: every activation, gradient and the output hold 24 floats, so storage recycled by one could wrongly serve another. */
    private static Layer[] layers(long seed) {
        Random random = new Random(seed);
        return new Layer[] {new Linear(4, 4, random), new ReLU(), new Linear(4, 4, random), new ReLU(),
                new Linear(4, 4, random)};
    }

    /** The layers applied one by one, outside Sequential: nothing is recycled. */
    private static Tensor forwardOneByOne(Layer[] layers, Tensor x) {
        Tensor y = x;
        for (Layer layer : layers) {
            y = layer.forward(y);
        }
        return y;
    }

    private static Tensor batch(long seed) {
        Random random = new Random(seed);
        float[] values = new float[24];
        for (int i = 0; i < values.length; i++) {
            values[i] = random.nextFloat() * 2 - 1;
        }
        return Tensor.of(values, 6, 4);
    }

    private static void assertSameBits(float[] expected, float[] actual, String what) {
        assertEquals(expected.length, actual.length, what);
        for (int i = 0; i < expected.length; i++) {
            assertEquals(Float.floatToIntBits(expected[i]), Float.floatToIntBits(actual[i]), what + ", element " + i);
        }
    }

    /**
     * Sequential reuses the storage of the activations between its layers; training through
     * it gives the bits of the same layers applied one by one, on both backends, and the
     * outputs it returned keep their values while later steps run.
     */
    @Test
    @SuppressWarnings("try") // the scope is opened for its effect on this thread
    void trainingThroughSequentialMatchesTheLayersAppliedOneByOne() {
        for (Backend backend : Backend.values()) {
            Layer[] recycling = layers(11);
            Layer[] plain = layers(11);
            Sequential model = new Sequential(recycling);
            Optimizer optimizer = new SGD(model.parameters(), 0.05f, 0.9f, 0f, false);
            Optimizer plainOptimizer = new SGD(new Sequential(plain).parameters(), 0.05f, 0.9f, 0f, false);
            List<Tensor> outputs = new ArrayList<>();
            List<float[]> outputValues = new ArrayList<>();
            try (BackendScope scope = Kernels.use(backend)) {
                for (int step = 0; step < 5; step++) {
                    Tensor x = batch(step);
                    Tensor target = batch(100 + step);
                    optimizer.zeroGrad();
                    plainOptimizer.zeroGrad();
                    Tensor output = model.forward(x);
                    outputs.add(output);
                    outputValues.add(output.toArray());
                    Tensor loss = Loss.mse(output, target);
                    Tensor plainLoss = Loss.mse(forwardOneByOne(plain, x), target);
                    assertSameBits(plainLoss.toArray(), loss.toArray(), backend + " loss, step " + step);
                    loss.backward();
                    plainLoss.backward();
                    for (int i = 0; i < optimizer.parameters().size(); i++) {
                        assertSameBits(plainOptimizer.parameters().get(i).grad().toArray(),
                                optimizer.parameters().get(i).grad().toArray(),
                                backend + " gradient of parameter " + i + ", step " + step);
                    }
                    optimizer.step();
                    plainOptimizer.step();
                }
            }
            for (int i = 0; i < optimizer.parameters().size(); i++) {
                assertSameBits(plainOptimizer.parameters().get(i).toArray(), optimizer.parameters().get(i).toArray(),
                        backend + " parameter " + i);
            }
            for (int step = 0; step < outputs.size(); step++) {
                assertSameBits(outputValues.get(step), outputs.get(step).toArray(), backend + " output of step " + step);
            }
        }
    }

    /** A layer written by a user, which keeps every tensor it sees. */
    private static final class Keeping implements Layer {
        final List<Tensor> seen = new ArrayList<>();
        final List<float[]> values = new ArrayList<>();

        @Override
        public Tensor forward(Tensor input) {
            Tensor output = input.relu();
            for (Tensor tensor : List.of(input, output)) {
                seen.add(tensor);
                values.add(tensor.toArray());
            }
            return output;
        }

        @Override
        public List<Tensor> parameters() {
            return List.of();
        }
    }

    /** Tensors that go into or come out of a layer Sequential does not know are never recycled. */
    @Test
    void tensorsSeenByOtherLayersKeepTheirValues() {
        Random random = new Random(5);
        Keeping keeping = new Keeping();
        Sequential model = new Sequential(new Linear(4, 4, random), keeping, new Linear(4, 4, random), new ReLU(),
                new Linear(4, 4, random));
        Optimizer optimizer = new SGD(model.parameters(), 0.1f);
        for (int step = 0; step < 4; step++) {
            optimizer.zeroGrad();
            Loss.mse(model.forward(batch(step)), batch(50 + step)).backward();
            optimizer.step();
        }
        assertEquals(8, keeping.seen.size());
        for (int i = 0; i < keeping.seen.size(); i++) {
            assertSameBits(keeping.values.get(i), keeping.seen.get(i).toArray(), "kept tensor " + i);
        }
    }

    /**
     * Without a graph, an activation is recycled as soon as the next layer has consumed it;
     * when the next layer records (its weight requires grad, the earlier layer's do not), the
     * activation is saved for backward and must stay.
     */
    @Test
    @SuppressWarnings("try") // the scope is opened for its effect on this thread
    void activationsWithoutAGraphAndActivationsSavedByALaterLayer() {
        Layer[] recycling = layers(21);
        Layer[] plain = layers(21);
        Sequential model = new Sequential(recycling);
        Tensor x = batch(1);
        List<Tensor> outputs = new ArrayList<>();
        try (NoGradScope scope = Tensor.noGrad()) {
            for (int i = 0; i < 3; i++) {
                outputs.add(model.forward(x));
            }
        }
        float[] expected = forwardOneByOne(plain, x).toArray();
        for (Tensor output : outputs) {
            assertSameBits(expected, output.toArray(), "inference output");
        }

        for (Layer[] layers : List.of(recycling, plain)) {
            for (Tensor frozen : layers[0].parameters()) {
                frozen.requiresGrad(false);
            }
        }
        for (int step = 0; step < 3; step++) {
            Loss.mse(model.forward(batch(step)), batch(70 + step)).backward();
            Loss.mse(forwardOneByOne(plain, batch(step)), batch(70 + step)).backward();
        }
        List<Tensor> trained = model.parameters();
        List<Tensor> reference = new Sequential(plain).parameters();
        for (int i = 2; i < trained.size(); i++) {
            assertSameBits(reference.get(i).grad().toArray(), trained.get(i).grad().toArray(), "gradient " + i);
        }
    }

    /** A retained graph keeps its activations; the pass that frees it recycles them, and the graph is then spent. */
    @Test
    void aRetainedGraphKeepsItsActivationsUntilFreed() {
        Layer[] recycling = layers(31);
        Layer[] plain = layers(31);
        Tensor loss = Loss.mse(new Sequential(recycling).forward(batch(3)), batch(4));
        Tensor plainLoss = Loss.mse(forwardOneByOne(plain, batch(3)), batch(4));
        for (Tensor root : List.of(loss, plainLoss)) {
            root.backward(null, true);
            root.backward(null, true);
            root.backward();
            assertThrows(IllegalStateException.class, root::backward);
        }
        List<Tensor> trained = new Sequential(recycling).parameters();
        List<Tensor> reference = new Sequential(plain).parameters();
        for (int i = 0; i < trained.size(); i++) {
            assertSameBits(reference.get(i).grad().toArray(), trained.get(i).grad().toArray(), "gradient " + i);
        }
    }

    /**
     * A parameter-free layer written by a user, {@code forward = function}, that declares
     * {@link Layer#keepsNoActivations()}.
     */
    private static Layer keepingNothing(String name, UnaryOperator<Tensor> function) {
        return new Layer() {
            @Override
            public Tensor forward(Tensor input) {
                return function.apply(input);
            }

            @Override
            public List<Tensor> parameters() {
                return List.of();
            }

            @Override
            public boolean keepsNoActivations() {
                return true;
            }

            @Override
            public String toString() {
                return name;
            }
        };
    }

    /** {@code x · x}: meets the contract of keepsNoActivations(). */
    private static Layer square() {
        return keepingNothing("Square()", x -> x.mul(x));
    }

    /**
     * Trains {@code model} and the same layers applied one by one ({@code plain}, built alike)
     * for four SGD steps: the losses and final parameters must have the same bits, and the
     * output of the first step must keep its values.
     */
    private static void assertTrainsAsTheLayersOneByOne(Sequential model, Layer[] plain) {
        Optimizer optimizer = new SGD(model.parameters(), 0.01f);
        Optimizer plainOptimizer = new SGD(new Sequential(plain).parameters(), 0.01f);
        Tensor firstOutput = null;
        float[] firstValues = null;
        for (int step = 0; step < 4; step++) {
            optimizer.zeroGrad();
            plainOptimizer.zeroGrad();
            Tensor output = model.forward(batch(step));
            if (step == 0) {
                firstOutput = output;
                firstValues = output.toArray();
            }
            Tensor loss = Loss.mse(output, batch(60 + step));
            Tensor plainLoss = Loss.mse(forwardOneByOne(plain, batch(step)), batch(60 + step));
            assertSameBits(plainLoss.toArray(), loss.toArray(), "loss, step " + step);
            loss.backward();
            plainLoss.backward();
            optimizer.step();
            plainOptimizer.step();
        }
        for (int i = 0; i < optimizer.parameters().size(); i++) {
            assertSameBits(plainOptimizer.parameters().get(i).toArray(), optimizer.parameters().get(i).toArray(),
                    "parameter " + i);
        }
        assertSameBits(firstValues, firstOutput.toArray(), "the output of the first step");
    }

    /** A user's layer that declares keepsNoActivations() takes part in the reuse, and training gives the same bits. */
    @Test
    void aUsersLayerThatKeepsNoActivationsTrainsAsTheLayersOneByOne() {
        Layer[] recycling = {new Linear(4, 4, new Random(41)), square(), new Linear(4, 4, new Random(42)), square(),
            new Linear(4, 4, new Random(43))};
        Layer[] plain = {new Linear(4, 4, new Random(41)), square(), new Linear(4, 4, new Random(42)), square(),
            new Linear(4, 4, new Random(43))};
        assertTrainsAsTheLayersOneByOne(new Sequential(recycling), plain);
    }

    /**
     * A layer that declares keepsNoActivations() but keeps its output breaks the contract, and
     * shows that its activations were reused: a later step overwrites the tensor it kept, and
     * backward through a graph it kept fails instead of reading the reused storage.
     */
    @Test
    void aLayerThatBreaksTheContractSeesItsActivationsReused() {
        List<Tensor> kept = new ArrayList<>();
        Layer keepsOutput = keepingNothing("KeepsOutput()", x -> {
            Tensor output = x.relu();
            kept.add(output);
            return output;
        });
        Random random = new Random(9);
        Sequential model = new Sequential(new Linear(4, 4, random), keepsOutput, new Linear(4, 4, random));
        Loss.mse(model.forward(batch(1)), batch(2)).backward();
        float[] keptValues = kept.get(0).toArray();
        Loss.mse(model.forward(batch(3)), batch(4)).backward();
        assertNotEquals(Arrays.toString(keptValues), Arrays.toString(kept.get(0).toArray()),
                "the kept activation's storage was reused by the second step");
        assertThrows(IllegalStateException.class, () -> kept.get(0).sum().backward());
    }

    @Test
    void aLayerThatDeclaresTheCapabilityMustNotReturnItsInput() {
        Layer identity = keepingNothing("Identity()", x -> x);
        Sequential model = new Sequential(new Linear(4, 4, new Random(1)), identity);
        Throwable error = assertThrows(IllegalStateException.class, () -> model.forward(batch(0)));
        assertTrue(error.getMessage().contains("Identity()") && error.getMessage().contains("returned its input"),
                error.getMessage());
    }

    /** Sequential declares the capability when all its layers do, so a nested one takes part too. */
    @Test
    void aSequentialKeepsNoActivationsWhenEveryLayerKeepsNone() {
        assertTrue(new Linear(2, 2, new Random(1)).keepsNoActivations());
        assertTrue(new ReLU().keepsNoActivations());
        assertTrue(new Sequential(new Linear(2, 2, new Random(1)), new ReLU()).keepsNoActivations());
        assertFalse(new Sequential(new ReLU(), new Keeping()).keepsNoActivations());
        assertFalse(new Keeping().keepsNoActivations(), "the default");
        assertFalse(new Sequential().keepsNoActivations(), "an empty sequence returns its input");

        Layer[] recycling = layers(51);
        assertTrainsAsTheLayersOneByOne(new Sequential(recycling[0],
                new Sequential(recycling[1], recycling[2], recycling[3]), recycling[4]), layers(51));
    }

    @Test
    void parametersAreListedInLayerOrderAndOnce() {
        Linear shared = new Linear(2, 2, new Random(1));
        Linear other = new Linear(2, 2, new Random(2));
        Sequential model = new Sequential(shared, new ReLU(), other, shared);
        assertEquals(List.of(shared.weight(), shared.bias(), other.weight(), other.bias()), model.parameters());
        assertThrows(UnsupportedOperationException.class, () -> model.parameters().clear());
        assertEquals(4, model.layers().size());
    }

    @Test
    void emptySequentialIsTheIdentity() {
        Tensor x = Tensor.zeros(2);
        assertSame(x, new Sequential().forward(x));
        assertTrue(new Sequential().parameters().isEmpty());
    }

    @Test
    void reluLayerHasNoParameters() {
        ReLU relu = new ReLU();
        assertTrue(relu.parameters().isEmpty());
        assertArrayEquals(new float[] {0, 2}, relu.forward(Tensor.of(new float[] {-1, 2}, 2)).toArray());
        assertThrows(IllegalArgumentException.class, () -> relu.forward(null));
    }

    @Test
    void nullsAreRejected() {
        assertThrows(IllegalArgumentException.class, () -> new Sequential((Layer[]) null));
        Throwable error = assertThrows(IllegalArgumentException.class, () -> new Sequential(new ReLU(), null));
        assertTrue(error.getMessage().contains("layers[1]"), error.getMessage());
        assertThrows(IllegalArgumentException.class, () -> new Sequential(new ReLU()).forward(null));
    }
}
