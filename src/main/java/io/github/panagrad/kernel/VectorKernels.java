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
}
