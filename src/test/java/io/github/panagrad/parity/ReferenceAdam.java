package io.github.panagrad.parity;

import java.util.ArrayList;
import java.util.List;

/**
 * {@code torch.optim.Adam} (no amsgrad) as a {@link ReferenceOptimizer}, per element at
 * step t, with the float roundings each term can go through:
 * <pre>
 * d     = g + wd·p                                 2 (exact when wd = 0)
 * m     = β1·m + (1 − β1)·d                        3 (PyTorch: two products and a sum; Panagrad's
 *                                                     lerp m + (1−β1)(d − m) perturbs each term by
 *                                                     at most 2 when β1 ≥ 1/2)
 * v     = β2·v + (1 − β2)·d·d                      3
 * denom = √v / √(1 − β2^t) + ε                     4 (square root, the rounded constant, division, sum)
 * p     = p − (lr / (1 − β1^t))·m / denom           4 (the rounded constant, product, division, sum)
 * </pre>
 * {@code 1 − β1} and {@code 1 − β2} are exact for float β in [1/2, 1) (Sterbenz), so both
 * libraries use the same constants there; the bias corrections are computed in double and
 * rounded once by both.
 *
 * <p>The radius of {@code m / denom} is {@code (e_m + |m/denom|·e_denom) / (denom − e_denom)},
 * and that of {@code √v} is {@code min(√e_v, e_v/√v)}. Where a gradient component is itself
 * no larger than its radius, {@code m/denom} is ill-conditioned (Adam normalises by the
 * gradient's own size, so the sign of a tiny component decides the step) and that radius
 * can exceed any useful size. The step is then bounded instead by its largest possible
 * size: by Cauchy–Schwarz, {@code |m_t| ≤ (1 − β1)·K_t·√(v_t / (1 − β2))} with
 * {@code K_t = √(Σ_{j<t} (β1²/β2)^j)}, so every float or exact step is at most
 * {@code U_t = (lr/(1 − β1^t))·√(1 − β2^t)·(1 − β1)/√(1 − β2)·K_t·(1 + γ(9t + 8))}, the
 * factor covering the 3t roundings carried in m and in v (the latter under a square root,
 * counted twice for its inverse), and the 8 of the constants, the square root, the
 * division, the sum with ε and the update's product and division. The radius of the new
 * parameter is the smaller of the two bounds. For t = 1 and the usual β, U_1 = lr.
 */
final class ReferenceAdam implements ReferenceOptimizer {

    private final double lr;
    private final double beta1;
    private final double beta2;
    private final double eps;
    private final double weightDecay;
    private int step;
    private final List<BoundedMatrix> firstMoments = new ArrayList<>();
    private final List<BoundedMatrix> secondMoments = new ArrayList<>();

    ReferenceAdam(double lr, double beta1, double beta2, double eps, double weightDecay) {
        if (!(beta1 >= 0.5 && beta1 < 1 && beta2 >= 0.5 && beta2 < 1)) {
            throw new IllegalArgumentException("the rounding counts assume beta1, beta2 in [0.5, 1), got "
                    + beta1 + ", " + beta2);
        }
        this.lr = lr;
        this.beta1 = beta1;
        this.beta2 = beta2;
        this.eps = eps;
        this.weightDecay = weightDecay;
    }

    @Override
    public List<BoundedMatrix> step(List<BoundedMatrix> parameters, List<BoundedMatrix> gradients) {
        step++;
        double stepSize = lr / (1 - Math.pow(beta1, step));
        double bc2Sqrt = Math.sqrt(1 - Math.pow(beta2, step));
        double largestStep = largestStep(stepSize, bc2Sqrt);
        List<BoundedMatrix> next = new ArrayList<>();
        for (int t = 0; t < parameters.size(); t++) {
            BoundedMatrix p = parameters.get(t);
            BoundedMatrix d = ReferenceOptimizer.decayed(weightDecay, p, gradients.get(t));
            if (firstMoments.size() == t) {
                firstMoments.add(new BoundedMatrix(p.rows, p.cols));
                secondMoments.add(new BoundedMatrix(p.rows, p.cols));
            }
            BoundedMatrix m = new BoundedMatrix(p.rows, p.cols);
            BoundedMatrix v = new BoundedMatrix(p.rows, p.cols);
            BoundedMatrix moved = new BoundedMatrix(p.rows, p.cols);
            for (int i = 0; i < p.size(); i++) {
                ReferenceOptimizer.combine(m, i, 3, beta1, firstMoments.get(t), 1 - beta1, d);
                secondMoment(v, i, secondMoments.get(t), d);
                move(moved, i, p, m, v, stepSize, bc2Sqrt, largestStep);
            }
            firstMoments.set(t, m);
            secondMoments.set(t, v);
            next.add(moved);
        }
        return next;
    }

    /** v = β2·v + (1 − β2)·d², with |(d + δ)² − d²| ≤ δ(2|d| + δ) inherited. */
    private void secondMoment(BoundedMatrix out, int i, BoundedMatrix v, BoundedMatrix d) {
        double c = 1 - beta2;
        double dv = Math.abs(d.value[i]);
        double de = d.error[i];
        out.value[i] = beta2 * v.value[i] + c * dv * dv;
        double magnitude = beta2 * v.magnitude(i) + c * (dv + de) * (dv + de);
        double inherited = beta2 * v.error[i] + c * de * (2 * dv + de);
        out.error[i] = BoundedMatrix.gamma(3) * magnitude + inherited;
    }

    /** p − stepSize·m/denom, its radius the smaller of the propagated one and the one from U_t. */
    private void move(BoundedMatrix out, int i, BoundedMatrix p, BoundedMatrix m, BoundedMatrix v,
                      double stepSize, double bc2Sqrt, double largestStep) {
        double root = Math.sqrt(v.value[i]);
        double ev = v.error[i];
        double rootError = root > 0 ? Math.min(Math.sqrt(ev), ev / root) : Math.sqrt(ev);
        double denom = root / bc2Sqrt + eps;
        double denomError = BoundedMatrix.gamma(4) * ((root + rootError) / bc2Sqrt + eps) + rootError / bc2Sqrt;
        double ratio = m.value[i] / denom;
        double update = -stepSize * ratio;
        double pv = p.value[i];
        double pe = p.error[i];
        out.value[i] = pv + update;
        double bound = pe + Math.abs(update) + largestStep
                + BoundedMatrix.gamma(1) * (Math.abs(pv) + pe + largestStep);
        if (denomError < denom) {
            double ratioError = (m.error[i] + Math.abs(ratio) * denomError) / (denom - denomError);
            double propagated = BoundedMatrix.gamma(4) * (Math.abs(pv) + pe + stepSize * (Math.abs(ratio) + ratioError))
                    + pe + stepSize * ratioError;
            bound = Math.min(bound, propagated);
        }
        out.error[i] = bound;
    }

    /** U_t, the largest step any float or exact computation can take at this step. */
    private double largestStep(double stepSize, double bc2Sqrt) {
        double k = 0;
        for (int j = 0; j < step; j++) {
            k += Math.pow(beta1 * beta1 / beta2, j);
        }
        return stepSize * bc2Sqrt * (1 - beta1) / Math.sqrt(1 - beta2) * Math.sqrt(k)
                * (1 + BoundedMatrix.gamma(9L * step + 8));
    }
}
