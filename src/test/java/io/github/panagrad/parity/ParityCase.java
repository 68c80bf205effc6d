package io.github.panagrad.parity;

import io.github.panagrad.Tensor;
import io.github.panagrad.kernel.Backend;
import io.github.panagrad.kernel.BackendScope;
import io.github.panagrad.kernel.Kernels;
import io.github.panagrad.nn.Layer;
import io.github.panagrad.nn.Linear;
import io.github.panagrad.nn.Loss;
import io.github.panagrad.nn.ReLU;
import io.github.panagrad.nn.Sequential;
import io.github.panagrad.optim.Optimizer;

import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

import static org.junit.jupiter.api.Assertions.assertNotNull;

/**
 * One fixture with its bounded reference results, and the Panagrad run that reproduces it.
 *
 * <p>Results of every kind (the fixture's PyTorch values, a Panagrad run, the reference) are
 * keyed by the fixture's entry names: {@code output}, {@code loss},
 * {@code grad.linear<i>.weight}, {@code grad.linear<i>.bias}, {@code grad.input}, and per
 * optimizer case {@code opt.<case>.loss} (the loss before each step) and
 * {@code opt.<case>.step<t>.linear<i>.weight|bias} (the parameters after the recorded steps).
 */
final class ParityCase {

    final Fixture fixture;
    private final List<LayerSpec> layers;
    private final int batch;
    private final float[] input;
    private final float[] target;
    private final List<float[]> initialParameters = new ArrayList<>();
    private final List<int[]> parameterShapes = new ArrayList<>();
    private final List<OptimizerCase> optimizers;
    private final int steps;
    private final Map<String, BoundedMatrix> reference = new LinkedHashMap<>();

    /**
     * Loads the fixture and computes the bounded reference of everything it records.
     *
     * @param fileName a name from the fixture index
     */
    ParityCase(String fileName) {
        fixture = Fixture.load(fileName);
        layers = LayerSpec.parse(fixture.text("model"));
        int[] inputShape = fixture.shape("input");
        batch = inputShape[0];
        input = fixture.floats("input");
        target = fixture.floats("target");
        for (int i = 0; i < linearCount(); i++) {
            for (String part : new String[] {"weight", "bias"}) {
                String key = "linear" + i + "." + part;
                initialParameters.add(fixture.floats(key));
                parameterShapes.add(fixture.shape(key));
            }
        }
        optimizers = OptimizerCase.all(fixture);
        steps = Integer.parseInt(fixture.text("steps"));
        computeReference(inputShape[1], fixture.shape("target")[1]);
    }

    /** @return the bounded exact value of every recorded quantity, keyed by entry name */
    Map<String, BoundedMatrix> reference() {
        return reference;
    }

    /** @return the optimizer cases */
    List<OptimizerCase> optimizers() {
        return optimizers;
    }

    /**
     * @param prefix a key prefix, e.g. {@code "grad."} or {@code "opt.adam.step3."}
     * @param index parameter index, weight then bias per Linear layer
     * @return the entry name of that parameter
     */
    static String parameterKey(String prefix, int index) {
        return prefix + "linear" + index / 2 + (index % 2 == 0 ? ".weight" : ".bias");
    }

    /** @return the initial parameters, weight then bias per Linear layer */
    List<float[]> initialParameters() {
        return initialParameters;
    }

    private int linearCount() {
        return (int) layers.stream().filter(LayerSpec::linear).count();
    }

    private void computeReference(int inWidth, int outWidth) {
        ReferenceMlp mlp = new ReferenceMlp(layers);
        BoundedMatrix x = BoundedMatrix.exact(input, batch, inWidth);
        BoundedMatrix y = BoundedMatrix.exact(target, batch, outWidth);
        List<BoundedMatrix> initial = new ArrayList<>();
        for (int i = 0; i < initialParameters.size(); i++) {
            int[] shape = parameterShapes.get(i);
            initial.add(BoundedMatrix.exact(initialParameters.get(i), shape.length == 2 ? shape[0] : 1,
                    shape[shape.length - 1]));
        }
        ReferenceMlp.Pass pass = mlp.forward(initial, x);
        ReferenceMlp.Gradients gradients = mlp.backward(initial, pass, y);
        reference.put("output", pass.output());
        reference.put("loss", ReferenceMlp.mse(pass.output(), y));
        for (int i = 0; i < initial.size(); i++) {
            reference.put(parameterKey("grad.", i), gradients.parameters().get(i));
        }
        reference.put("grad.input", gradients.input());
        for (OptimizerCase optimizer : optimizers) {
            ReferenceOptimizer update = optimizer.reference();
            List<BoundedMatrix> parameters = initial;
            BoundedMatrix losses = new BoundedMatrix(1, steps);
            for (int step = 1; step <= steps; step++) {
                ReferenceMlp.Pass stepPass = mlp.forward(parameters, x);
                BoundedMatrix loss = ReferenceMlp.mse(stepPass.output(), y);
                losses.value[step - 1] = loss.value[0];
                losses.error[step - 1] = loss.error[0];
                parameters = update.step(parameters, mlp.backward(parameters, stepPass, y).parameters());
                if (optimizer.recordedSteps.contains(step)) {
                    for (int i = 0; i < parameters.size(); i++) {
                        reference.put(parameterKey("opt." + optimizer.name + ".step" + step + ".", i), parameters.get(i));
                    }
                }
            }
            reference.put("opt." + optimizer.name + ".loss", losses);
        }
    }

    /**
     * Runs the fixture's model on one Panagrad backend: the forward and backward pass with the
     * input requiring grad, then every optimizer case from the initial parameters.
     *
     * @param backend the backend, made current on this thread for the run
     * @return every recorded quantity, keyed as the fixture
     */
    @SuppressWarnings("try") // the scope acts through Kernels.current(); its body never names it
    Map<String, float[]> runPanagrad(Backend backend) {
        Map<String, float[]> results = new LinkedHashMap<>();
        try (BackendScope scope = Kernels.use(backend)) {
            int[] inputShape = {batch, input.length / batch};
            Tensor y = Tensor.of(target, batch, target.length / batch);
            List<Linear> linears = new ArrayList<>();
            Layer model = model(linears);
            Tensor x = Tensor.of(input, inputShape).requiresGrad(true);
            Tensor prediction = model.forward(x);
            Tensor loss = Loss.mse(prediction, y);
            loss.backward();
            results.put("output", prediction.toArray());
            results.put("loss", new float[] {loss.item()});
            for (int i = 0; i < 2 * linears.size(); i++) {
                Tensor parameter = parameter(linears, i);
                assertNotNull(parameter.grad(), "no gradient reached " + parameterKey("", i));
                results.put(parameterKey("grad.", i), parameter.grad().toArray());
            }
            assertNotNull(x.grad(), "no gradient reached the input");
            results.put("grad.input", x.grad().toArray());

            Tensor data = Tensor.of(input, inputShape);
            for (OptimizerCase optimizerCase : optimizers) {
                linears.clear();
                Layer trained = model(linears);
                Optimizer optimizer = optimizerCase.panagrad(trained.parameters());
                float[] losses = new float[steps];
                for (int step = 1; step <= steps; step++) {
                    optimizer.zeroGrad();
                    Tensor stepLoss = Loss.mse(trained.forward(data), y);
                    losses[step - 1] = stepLoss.item();
                    stepLoss.backward();
                    optimizer.step();
                    if (optimizerCase.recordedSteps.contains(step)) {
                        for (int i = 0; i < 2 * linears.size(); i++) {
                            results.put(parameterKey("opt." + optimizerCase.name + ".step" + step + ".", i),
                                    parameter(linears, i).toArray());
                        }
                    }
                }
                results.put("opt." + optimizerCase.name + ".loss", losses);
            }
        }
        return results;
    }

    /** Parameter {@code index} of the model, counted as {@link #parameterKey}: weight then bias per Linear layer. */
    private static Tensor parameter(List<Linear> linears, int index) {
        Linear linear = linears.get(index / 2);
        return index % 2 == 0 ? linear.weight() : linear.bias();
    }

    /** A fresh model with the initial parameters; its Linear layers are appended to {@code linears}. */
    private Layer model(List<Linear> linears) {
        List<Layer> built = new ArrayList<>();
        int parameter = 0;
        for (LayerSpec spec : layers) {
            if (spec.linear()) {
                Linear linear = new Linear(Tensor.of(initialParameters.get(parameter), spec.out(), spec.in()),
                        Tensor.of(initialParameters.get(parameter + 1), spec.out()));
                parameter += 2;
                linears.add(linear);
                built.add(linear);
            } else {
                built.add(new ReLU());
            }
        }
        return new Sequential(built.toArray(new Layer[0]));
    }
}
