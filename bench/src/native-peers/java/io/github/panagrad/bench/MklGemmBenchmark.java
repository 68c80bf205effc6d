package io.github.panagrad.bench;

import org.bytedeco.mkl.global.mkl_rt;

/**
 * Intel oneMKL's {@code cblas_sgemm} (the JavaCPP preset {@code org.bytedeco:mkl} with MKL's
 * own binaries from its {@code -redist} jar, through the single dynamic library
 * {@code mkl_rt}) as a {@link CblasGemmBenchmark}: single-threaded
 * ({@code MKL_Set_Num_Threads(1)}), on the code path MKL chooses for this CPU by itself.
 */
public class MklGemmBenchmark extends CblasGemmBenchmark {

    /** Binds the benchmark to MKL's {@code cblas_sgemm}. */
    public MklGemmBenchmark() {
        super(mkl_rt::cblas_sgemm, mkl_rt::cblas_sgemm);
    }

    @Override
    void loadSingleThreaded() {
        mkl_rt.MKL_Set_Num_Threads(1);
        if (mkl_rt.MKL_Get_Max_Threads() != 1) {
            throw new IllegalStateException("MKL runs " + mkl_rt.MKL_Get_Max_Threads() + " threads, not 1");
        }
    }
}
