package io.github.panagrad.parity;

import java.util.List;

/**
 * The double-precision reference of an optimizer, with error radii ({@link BoundedMatrix}):
 * it moves exact parameters by exact gradients, and each new radius bounds how far any
 * float32 run of the same update can be from the new exact value, given how far its
 * parameters, gradients and state were before.
 */
interface ReferenceOptimizer {

    /**
     * One update.
     *
     * @param parameters the current parameters, not modified
     * @param gradients their gradients, same shapes, not modified
     * @return the parameters after the update
     */
    List<BoundedMatrix> step(List<BoundedMatrix> parameters, List<BoundedMatrix> gradients);

    /**
     * A bounded affine combination {@code c1·x1 + c2·x2} (x2 may be null) of elements, where a
     * float computation rounds each term at most {@code roundings} times: radius
     * {@code γ(r)·Σ|c|·(|x| + radius(x)) + Σ|c|·radius(x)}.
     *
     * @param out receives the result at index {@code i}
     * @param i element index in all matrices
     * @param roundings float roundings a term can go through
     * @param c1 first coefficient, exact
     * @param x1 first operand
     * @param c2 second coefficient, exact
     * @param x2 second operand, or null
     */
    static void combine(BoundedMatrix out, int i, long roundings, double c1, BoundedMatrix x1,
                        double c2, BoundedMatrix x2) {
        double value = c1 * x1.value[i];
        double magnitude = Math.abs(c1) * x1.magnitude(i);
        double inherited = Math.abs(c1) * x1.error[i];
        if (x2 != null) {
            value += c2 * x2.value[i];
            magnitude += Math.abs(c2) * x2.magnitude(i);
            inherited += Math.abs(c2) * x2.error[i];
        }
        out.value[i] = value;
        out.error[i] = BoundedMatrix.gamma(roundings) * magnitude + inherited;
    }

    /**
     * The gradient with coupled weight decay, {@code d = g + wd·p}, as both SGD and Adam
     * begin: exact when {@code wd == 0}, else two roundings (a fused or unfused multiply-add).
     *
     * @param weightDecay wd
     * @param p parameter
     * @param g its gradient
     * @return d
     */
    static BoundedMatrix decayed(double weightDecay, BoundedMatrix p, BoundedMatrix g) {
        if (weightDecay == 0) {
            return g;
        }
        BoundedMatrix d = new BoundedMatrix(g.rows, g.cols);
        for (int i = 0; i < d.size(); i++) {
            combine(d, i, 2, 1, g, weightDecay, p);
        }
        return d;
    }
}
