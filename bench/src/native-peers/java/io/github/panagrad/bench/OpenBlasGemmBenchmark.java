package io.github.panagrad.bench;

import org.bytedeco.openblas.global.openblas_full;
import org.openjdk.jmh.annotations.Param;

/**
 * OpenBLAS's {@code cblas_sgemm} (the JavaCPP preset {@code org.bytedeco:openblas}, which
 * bundles a DYNAMIC_ARCH build of OpenBLAS) as a {@link CblasGemmBenchmark}: single-threaded
 * ({@code openblas_set_num_threads(1)}), with the kernels OpenBLAS picks for the CPU or with
 * kernels forced by name, see {@link #coretype}.
 */
public class OpenBlasGemmBenchmark extends CblasGemmBenchmark {

    private static final String DETECTED = "detected";

    /**
     * Which kernels OpenBLAS runs. {@code detected}: its own choice from cpuid, with
     * {@code OPENBLAS_CORETYPE} unset. A core name such as {@code SKYLAKEX}: the kernels forced
     * by {@code OPENBLAS_CORETYPE}, which OpenBLAS reads only when it loads, so the variable must
     * be set in the environment of the JVM (JMH's forks inherit it; {@code bench/run} runs these
     * in a second JMH run with it exported) and must equal this name. Either way the trial fails
     * unless the environment agrees, and a forced name must be what
     * {@code openblas_get_corename()} then reports.
     */
    @Param({DETECTED})
    public String coretype;

    /** Binds the benchmark to OpenBLAS's {@code cblas_sgemm}. */
    public OpenBlasGemmBenchmark() {
        super(openblas_full::cblas_sgemm, openblas_full::cblas_sgemm);
    }

    @Override
    void loadSingleThreaded() {
        String forced = System.getenv("OPENBLAS_CORETYPE");
        if (coretype.equals(DETECTED) ? forced != null : !coretype.equals(forced)) {
            throw new IllegalStateException("coretype = " + coretype + " but OPENBLAS_CORETYPE is "
                    + (forced == null ? "unset" : forced) + " in this JVM's environment");
        }
        openblas_full.openblas_set_num_threads(1);
        String core = openblas_full.openblas_get_corename().getString();
        if (!coretype.equals(DETECTED) && !core.equalsIgnoreCase(coretype)) {
            throw new IllegalStateException("OPENBLAS_CORETYPE=" + forced + " but OpenBLAS runs its " + core + " kernels");
        }
        if (openblas_full.openblas_get_num_threads() != 1) {
            throw new IllegalStateException("OpenBLAS runs " + openblas_full.openblas_get_num_threads() + " threads, not 1");
        }
    }
}
