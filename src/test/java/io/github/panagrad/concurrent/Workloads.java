package io.github.panagrad.concurrent;

import io.github.panagrad.Tensor;
import io.github.panagrad.kernel.Kernels;
import io.github.panagrad.nn.Linear;
import io.github.panagrad.nn.Loss;
import io.github.panagrad.nn.ReLU;
import io.github.panagrad.nn.Sequential;
import io.github.panagrad.optim.Adam;
import io.github.panagrad.optim.Optimizer;

import java.util.ArrayList;
import java.util.List;
import java.util.Random;

/**
 * Deterministic work for the concurrency tests: each workload builds its inputs from a seed,
 * runs, and returns every output as raw float bits, so runs can be compared bit for bit.
 */
final class Workloads {

    private Workloads() {
    }

    /**
     * {@code C = 1.5 · op(A) · op(B) + 0.5 · C} of {@code m × n × k}; large shapes make gemm
     * split its work over {@link Kernels#threads()} threads.
     */
    static int[] gemm(Kernels kernels, long seed, int m, int n, int k, boolean transA, boolean transB) {
        Random random = new Random(seed);
        float[] a = uniform(random, m * k);
        float[] b = uniform(random, k * n);
        float[] c = uniform(random, m * n);
        kernels.gemm(transA, transB, m, n, k, 1.5f, a, 0, transA ? m : k, b, 0, transB ? k : n, 0.5f, c, 0, n);
        return bits(c);
    }

    /** A sum, a dot product, an MSE and an Adam step over {@code n} elements. */
    static int[] reductionsAndUpdates(Kernels kernels, long seed, int n) {
        Random random = new Random(seed);
        float[] x = uniform(random, n);
        float[] y = uniform(random, n);
        float[] p = uniform(random, n);
        float[] m = new float[n];
        float[] v = new float[n];
        float sum = kernels.sum(n, x, 0);
        float dot = kernels.dot(n, x, 0, y, 0);
        float mse = kernels.mse(n, x, 0, y, 0);
        kernels.adamStep(n, 1e-3f, 0.9f, 0.999f, 1e-8f, 0f, 1, p, 0, y, 0, m, 0, v, 0);
        float[] all = new float[3 + 3 * n];
        all[0] = sum;
        all[1] = dot;
        all[2] = mse;
        System.arraycopy(p, 0, all, 3, n);
        System.arraycopy(m, 0, all, 3 + n, n);
        System.arraycopy(v, 0, all, 3 + 2 * n, n);
        return bits(all);
    }

    /**
     * Trains {@code Linear(5, 32) → ReLU → Linear(32, 3)} with MSE and Adam for a few steps on
     * {@link Kernels#current()}, a graph of its own; returns the losses and the final parameters.
     */
    static int[] training(long seed, int steps) {
        Random random = new Random(seed);
        int batch = 64;
        Tensor x = Tensor.of(uniform(random, batch * 5), batch, 5);
        Tensor target = Tensor.of(uniform(random, batch * 3), batch, 3);
        Sequential model = new Sequential(new Linear(5, 32, random), new ReLU(), new Linear(32, 3, random));
        Optimizer optimizer = new Adam(model.parameters(), 0.01f);
        List<Float> out = new ArrayList<>();
        for (int step = 0; step < steps; step++) {
            optimizer.zeroGrad();
            Tensor loss = Loss.mse(model.forward(x), target);
            loss.backward();
            optimizer.step();
            out.add(loss.item());
        }
        for (Tensor parameter : model.parameters()) {
            for (float value : parameter.toArray()) {
                out.add(value);
            }
        }
        float[] values = new float[out.size()];
        for (int i = 0; i < values.length; i++) {
            values[i] = out.get(i);
        }
        return bits(values);
    }

    static float[] uniform(Random random, int count) {
        float[] values = new float[count];
        for (int i = 0; i < count; i++) {
            values[i] = random.nextFloat() * 2f - 1f;
        }
        return values;
    }

    private static int[] bits(float[] values) {
        int[] bits = new int[values.length];
        for (int i = 0; i < values.length; i++) {
            bits[i] = Float.floatToRawIntBits(values[i]);
        }
        return bits;
    }
}
