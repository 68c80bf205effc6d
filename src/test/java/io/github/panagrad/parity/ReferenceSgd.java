package io.github.panagrad.parity;

import java.util.ArrayList;
import java.util.List;

/**
 * {@code torch.optim.SGD} as a {@link ReferenceOptimizer}, per element:
 * <pre>
 * d   = g + wd·p                                  (2 roundings; exact when wd = 0)
 * buf = first step ? d : μ·buf + (1 − dampening)·d  (3: the rounded constant 1 − dampening, product, sum)
 * d   = nesterov ? d + μ·buf : buf                (2)
 * p   = p − lr·d                                  (2)
 * </pre>
 * The hyper-parameters are float32 values; {@code 1 − dampening} is formed exactly in double.
 */
final class ReferenceSgd implements ReferenceOptimizer {

    private final double lr;
    private final double momentum;
    private final double dampening;
    private final double weightDecay;
    private final boolean nesterov;
    private List<BoundedMatrix> buffers;

    ReferenceSgd(double lr, double momentum, double dampening, double weightDecay, boolean nesterov) {
        this.lr = lr;
        this.momentum = momentum;
        this.dampening = dampening;
        this.weightDecay = weightDecay;
        this.nesterov = nesterov;
    }

    @Override
    public List<BoundedMatrix> step(List<BoundedMatrix> parameters, List<BoundedMatrix> gradients) {
        boolean first = buffers == null;
        List<BoundedMatrix> nextBuffers = new ArrayList<>();
        List<BoundedMatrix> next = new ArrayList<>();
        for (int t = 0; t < parameters.size(); t++) {
            BoundedMatrix p = parameters.get(t);
            BoundedMatrix d = ReferenceOptimizer.decayed(weightDecay, p, gradients.get(t));
            if (momentum != 0) {
                BoundedMatrix buf = d;
                if (!first) {
                    buf = new BoundedMatrix(d.rows, d.cols);
                    for (int i = 0; i < d.size(); i++) {
                        ReferenceOptimizer.combine(buf, i, 3, momentum, buffers.get(t), 1 - dampening, d);
                    }
                }
                nextBuffers.add(buf);
                if (nesterov) {
                    BoundedMatrix look = new BoundedMatrix(d.rows, d.cols);
                    for (int i = 0; i < d.size(); i++) {
                        ReferenceOptimizer.combine(look, i, 2, 1, d, momentum, buf);
                    }
                    d = look;
                } else {
                    d = buf;
                }
            }
            BoundedMatrix moved = new BoundedMatrix(p.rows, p.cols);
            for (int i = 0; i < p.size(); i++) {
                ReferenceOptimizer.combine(moved, i, 2, 1, p, -lr, d);
            }
            next.add(moved);
        }
        buffers = nextBuffers;
        return next;
    }
}
