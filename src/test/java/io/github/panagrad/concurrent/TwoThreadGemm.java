package io.github.panagrad.concurrent;

import io.github.panagrad.kernel.Kernels;

import java.util.Arrays;

/**
 * A program for {@link JvmExitTest}: runs a gemm large enough to be split over two threads
 * (from two callers at once), prints a checksum and returns from {@code main} without
 * calling {@code System.exit}. The JVM must then end by itself: Panagrad's worker threads
 * are daemons.
 */
public final class TwoThreadGemm {

    private TwoThreadGemm() {
    }

    /**
     * @param args unused
     * @throws InterruptedException never, in practice (the second caller is joined)
     */
    public static void main(String[] args) throws InterruptedException {
        Kernels.setThreads(2);
        Kernels kernels = Kernels.preferred();
        int[][] results = new int[2][];
        Thread second = new Thread(() -> results[1] = Workloads.gemm(kernels, 11, 400, 360, 320, false, false));
        second.start();
        results[0] = Workloads.gemm(kernels, 11, 400, 360, 320, false, false);
        second.join();
        long checksum = 0;
        for (int bits : results[0]) {
            checksum = 31 * checksum + bits;
        }
        System.out.println("backend " + kernels.backend() + ", checksum " + Long.toHexString(checksum)
                + ", callers agree " + Arrays.equals(results[0], results[1]));
    }
}
