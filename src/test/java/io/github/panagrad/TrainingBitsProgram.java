package io.github.panagrad;

import io.github.panagrad.kernel.Kernels;
import io.github.panagrad.nn.Linear;
import io.github.panagrad.nn.Loss;
import io.github.panagrad.nn.ReLU;
import io.github.panagrad.nn.Sequential;
import io.github.panagrad.optim.Adam;
import io.github.panagrad.optim.Optimizer;
import java.util.Random;

/**
 * A child JVM's program for {@link WarmupEquivalenceTest}: from the first line of main, trains
 * a 784 → 64 → 10 MLP (batch 32, Adam) on {@link Kernels#current()}, 20 steps at once (while the
 * vector code is cold), then, after waiting for the warm-up to finish, 20 more; prints a hash
 * of every loss's and every final parameter's bits, whether a warm-up thread ran, and whether
 * the first steps ran cold and the last ones warm.
 */
public final class TrainingBitsProgram {

    private TrainingBitsProgram() {
    }

    /**
     * @param args none
     */
    public static void main(String[] args) {
        Random random = new Random(11);
        Tensor x = Tensor.of(values(random, 32 * 784), 32, 784);
        Tensor target = Tensor.of(values(random, 32 * 10), 32, 10);
        Sequential model = new Sequential(new Linear(784, 64, random), new ReLU(), new Linear(64, 10, random));
        Optimizer optimizer = new Adam(model.parameters(), 1e-3f, 0.9f, 0.999f, 1e-8f, 0f);
        long hash = 17;
        boolean warmupSeen = false;
        String before = Kernels.warmupStatus();
        String after = before;
        for (int step = 0; step < 40; step++) {
            if (step == 20) {
                after = waitForTheWarmUp();
            }
            optimizer.zeroGrad();
            Tensor loss = Loss.mse(model.forward(x), target);
            loss.backward();
            optimizer.step();
            hash = 31 * hash + Float.floatToIntBits(loss.item());
            warmupSeen |= Thread.getAllStackTraces().keySet().stream().anyMatch(t -> t.getName().equals("panagrad-warmup"));
        }
        for (Tensor parameter : model.parameters()) {
            for (float value : parameter.toArray()) {
                hash = 31 * hash + Float.floatToIntBits(value);
            }
        }
        System.out.println("bits " + Long.toHexString(hash));
        System.out.println("warm-up thread seen " + warmupSeen);
        System.out.println("backend " + Kernels.current().backend());
        System.out.println("first steps cold " + !before.contains("ready") + ", last steps warm " + !after.contains("warming"));
    }

    private static String waitForTheWarmUp() {
        long deadline = System.nanoTime() + 60_000_000_000L;
        while (Kernels.warmupStatus().contains("warming") && System.nanoTime() < deadline) {
            try {
                Thread.sleep(10);
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
                break;
            }
        }
        return Kernels.warmupStatus();
    }

    private static float[] values(Random random, int count) {
        float[] values = new float[count];
        for (int i = 0; i < count; i++) {
            values[i] = (float) random.nextGaussian();
        }
        return values;
    }
}
