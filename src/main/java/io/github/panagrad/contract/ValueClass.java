package io.github.panagrad.contract;

/**
 * What an array argument's elements may be for a call to meet the contract's assumptions.
 * Every kernel is bit-exact for every input; the γ(k) bound of a reduction assumes that no
 * intermediate result underflows or overflows, so the inputs of reductions are drawn from the
 * classes that keep it meaningful (see {@link Values}).
 */
public enum ValueClass {
    /** Any float: the inputs and outputs of bit-exact kernels. */
    ANY,
    /** The magnitude of any float: Adam's second moment, which the update takes the square root of. */
    NON_NEGATIVE,
    /** A term of a sum (sum, column sums): subnormals allowed, since adding them is exact. */
    SUMMAND,
    /** A factor of a sum of products, or a value a reduction scales: no subnormals, whose products underflow. */
    FACTOR
}
