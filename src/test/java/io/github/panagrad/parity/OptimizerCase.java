package io.github.panagrad.parity;

import io.github.panagrad.Tensor;
import io.github.panagrad.optim.Adam;
import io.github.panagrad.optim.Optimizer;
import io.github.panagrad.optim.SGD;

import java.util.List;
import java.util.stream.Stream;

/**
 * One optimizer case of a fixture, {@code opt.<name>.*}: its kind, float32 hyper-parameters
 * and recorded steps; both the Panagrad optimizer and its {@link ReferenceOptimizer} are built
 * from it.
 */
final class OptimizerCase {

    final String name;
    /** The steps after which the fixture records the parameters. */
    final List<Integer> recordedSteps;
    private final boolean adam;
    private final float lr;
    private final float momentum;
    private final float dampening;
    private final float weightDecay;
    private final boolean nesterov;
    private final float beta1;
    private final float beta2;
    private final float eps;

    private OptimizerCase(Fixture fixture, String name) {
        String prefix = "opt." + name + ".";
        String kind = fixture.text(prefix + "kind");
        this.name = name;
        this.recordedSteps = Stream.of(fixture.text(prefix + "recorded").split(" ")).map(Integer::valueOf).toList();
        this.adam = kind.equals("adam");
        if (!adam && !kind.equals("sgd")) {
            throw new IllegalStateException("fixture " + fixture.name() + ": unknown optimizer kind '" + kind + "'");
        }
        this.lr = fixture.scalar(prefix + "lr");
        this.weightDecay = fixture.scalar(prefix + "weight_decay");
        this.momentum = adam ? 0f : fixture.scalar(prefix + "momentum");
        this.dampening = adam ? 0f : fixture.scalar(prefix + "dampening");
        this.nesterov = !adam && Boolean.parseBoolean(fixture.text(prefix + "nesterov"));
        this.beta1 = adam ? fixture.scalar(prefix + "beta1") : 0f;
        this.beta2 = adam ? fixture.scalar(prefix + "beta2") : 0f;
        this.eps = adam ? fixture.scalar(prefix + "eps") : 0f;
    }

    /**
     * @param fixture a loaded fixture
     * @return its optimizer cases, in the order of its {@code optimizers} entry
     */
    static List<OptimizerCase> all(Fixture fixture) {
        return Stream.of(fixture.text("optimizers").split(" ")).map(name -> new OptimizerCase(fixture, name)).toList();
    }

    /**
     * @param parameters the model's parameters
     * @return the Panagrad optimizer over them
     */
    Optimizer panagrad(List<Tensor> parameters) {
        return adam ? new Adam(parameters, lr, beta1, beta2, eps, weightDecay)
                : new SGD(parameters, lr, momentum, dampening, weightDecay, nesterov);
    }

    /** @return a fresh reference optimizer with the same hyper-parameters */
    ReferenceOptimizer reference() {
        return adam ? new ReferenceAdam(lr, beta1, beta2, eps, weightDecay)
                : new ReferenceSgd(lr, momentum, dampening, weightDecay, nesterov);
    }

    @Override
    public String toString() {
        return adam ? name + " (Adam lr=" + lr + ", betas=(" + beta1 + ", " + beta2 + "), eps=" + eps
                + ", weight_decay=" + weightDecay + ")"
                : name + " (SGD lr=" + lr + ", momentum=" + momentum + ", dampening=" + dampening
                + ", weight_decay=" + weightDecay + ", nesterov=" + nesterov + ")";
    }
}
