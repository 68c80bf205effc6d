package io.github.panagrad.kernel;

import jdk.incubator.vector.FloatVector;
import jdk.incubator.vector.VectorShape;
import jdk.incubator.vector.VectorSpecies;

/**
 * The Vector API backend. Loaded only by {@link BackendLookup}, after it has checked that
 * {@code jdk.incubator.vector} is present and C2 is available.
 */
final class VectorKernels implements KernelSupport {

    /** The species every vector kernel uses: the preferred one, or the width {@code panagrad.vectorBits} forces. */
    static final VectorSpecies<Float> SPECIES = BackendLookup.requestedVectorBits() == 0
            ? FloatVector.SPECIES_PREFERRED
            : VectorSpecies.of(float.class, VectorShape.forBitSize(BackendLookup.requestedVectorBits()));

    static final VectorKernels INSTANCE = new VectorKernels();

    private VectorKernels() {
    }

    @Override
    public Backend backend() {
        return Backend.VECTOR;
    }

    @Override
    public String describe() {
        return SPECIES.vectorBitSize() + "-bit species, " + SPECIES.length() + " float lanes";
    }

    @Override
    public void gemm(boolean transA, boolean transB, int m, int n, int k, float alpha, float[] a, int aOff, int lda, float[] b, int bOff, int ldb, float beta, float[] c, int cOff, int ldc) {
        ScalarKernels.INSTANCE.gemm(transA, transB, m, n, k, alpha, a, aOff, lda, b, bOff, ldb, beta, c, cOff, ldc); // TEMP-DELEGATE
    }

    @Override
    public void relu(int n, float[] x, int xOff, float[] y, int yOff) {
        ScalarKernels.INSTANCE.relu(n, x, xOff, y, yOff); // TEMP-DELEGATE
    }

    @Override
    public void reluBackward(int n, float[] x, int xOff, float[] dy, int dyOff, float[] dx, int dxOff) {
        ScalarKernels.INSTANCE.reluBackward(n, x, xOff, dy, dyOff, dx, dxOff); // TEMP-DELEGATE
    }

    @Override
    public void axpy(int n, float alpha, float[] x, int xOff, float[] y, int yOff) {
        ScalarKernels.INSTANCE.axpy(n, alpha, x, xOff, y, yOff); // TEMP-DELEGATE
    }

    @Override
    public void add(int n, float[] a, int aOff, float[] b, int bOff, float[] y, int yOff) {
        ScalarKernels.INSTANCE.add(n, a, aOff, b, bOff, y, yOff); // TEMP-DELEGATE
    }

    @Override
    public void sub(int n, float[] a, int aOff, float[] b, int bOff, float[] y, int yOff) {
        ScalarKernels.INSTANCE.sub(n, a, aOff, b, bOff, y, yOff); // TEMP-DELEGATE
    }

    @Override
    public void mul(int n, float[] a, int aOff, float[] b, int bOff, float[] y, int yOff) {
        ScalarKernels.INSTANCE.mul(n, a, aOff, b, bOff, y, yOff); // TEMP-DELEGATE
    }

    @Override
    public void scale(int n, float alpha, float[] x, int xOff, float[] y, int yOff) {
        ScalarKernels.INSTANCE.scale(n, alpha, x, xOff, y, yOff); // TEMP-DELEGATE
    }

    @Override
    public void addRowVector(int m, int n, float[] x, int xOff, float[] v, int vOff, float[] y, int yOff) {
        ScalarKernels.INSTANCE.addRowVector(m, n, x, xOff, v, vOff, y, yOff); // TEMP-DELEGATE
    }

    @Override
    public void columnSums(int m, int n, float[] x, int xOff, float beta, float[] y, int yOff) {
        ScalarKernels.INSTANCE.columnSums(m, n, x, xOff, beta, y, yOff); // TEMP-DELEGATE
    }

    @Override
    public float sum(int n, float[] x, int xOff) {
        return ScalarKernels.INSTANCE.sum(n, x, xOff); // TEMP-DELEGATE
    }

    @Override
    public float dot(int n, float[] x, int xOff, float[] y, int yOff) {
        return ScalarKernels.INSTANCE.dot(n, x, xOff, y, yOff); // TEMP-DELEGATE
    }

    @Override
    public float mse(int n, float[] p, int pOff, float[] t, int tOff) {
        return ScalarKernels.INSTANCE.mse(n, p, pOff, t, tOff); // TEMP-DELEGATE
    }

    @Override
    public void mseBackward(int n, float scale, float[] p, int pOff, float[] t, int tOff, float[] dp, int dpOff) {
        ScalarKernels.INSTANCE.mseBackward(n, scale, p, pOff, t, tOff, dp, dpOff); // TEMP-DELEGATE
    }

    @Override
    public void sgdStep(int n, float lr, float momentum, float oneMinusDampening, float weightDecay, boolean nesterov, boolean firstStep, float[] p, int pOff, float[] g, int gOff, float[] buf, int bufOff) {
        ScalarKernels.INSTANCE.sgdStep(n, lr, momentum, oneMinusDampening, weightDecay, nesterov, firstStep, p, pOff, g, gOff, buf, bufOff); // TEMP-DELEGATE
    }

    @Override
    public void adamStep(int n, float beta1, float beta2, float eps, float weightDecay, float stepSize, float bc2Sqrt, float[] p, int pOff, float[] g, int gOff, float[] m, int mOff, float[] v, int vOff) {
        ScalarKernels.INSTANCE.adamStep(n, beta1, beta2, eps, weightDecay, stepSize, bc2Sqrt, p, pOff, g, gOff, m, mOff, v, vOff); // TEMP-DELEGATE
    }
}
