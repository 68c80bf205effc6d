package io.github.panagrad.internal;

import java.util.Arrays;

/**
 * The calling thread's stock of {@code float} arrays that the autograd layer has finished
 * with, kept by exact length so that the next training step takes them back instead of
 * allocating: the engine's gradient buffers of non-leaf tensors (which nothing outside the
 * engine ever sees, unless retained, and then they are not returned here), scratch arrays of
 * the operations' backward, and the storage of activations handed over with
 * {@link TensorAccess#recycle}. Operations take their output storage from here.
 *
 * <p>An array handed to {@link #give} must be unreachable from every tensor and node; an
 * array from {@link #take} holds undefined values (a recycled array keeps its old ones), so
 * its new owner overwrites every element it reads.
 *
 * <p>Bounded: at most {@value #MAX_LENGTHS} distinct lengths and {@value #MAX_ELEMENTS}
 * floats (64 MiB) are kept per thread. When a returned array does not fit, the lengths used
 * least recently are dropped to make room, or else the array itself is; dropped arrays are
 * left to the garbage collector.
 */
final class BufferPool {

    static final int MAX_LENGTHS = 32;
    static final long MAX_ELEMENTS = 1L << 24;

    private static final ThreadLocal<BufferPool> CURRENT = ThreadLocal.withInitial(BufferPool::new);
    private static final int INITIAL_STACK = 4;

    private final long maxElements;
    /** Per slot: the length kept there, its arrays (a stack), how many, and when last used. */
    private final int[] lengths;
    private final float[][][] stacks;
    private final int[] counts;
    private final long[] lastUse;
    private int slots;
    private long clock;
    private long elements;

    /** A pool with the default bounds, {@value #MAX_LENGTHS} lengths and {@value #MAX_ELEMENTS} floats. */
    BufferPool() {
        this(MAX_LENGTHS, MAX_ELEMENTS);
    }

    /**
     * @param maxLengths how many distinct lengths are kept, {@code >= 1}
     * @param maxElements how many floats are kept in all
     */
    BufferPool(int maxLengths, long maxElements) {
        this.maxElements = maxElements;
        this.lengths = new int[maxLengths];
        this.stacks = new float[maxLengths][][];
        this.counts = new int[maxLengths];
        this.lastUse = new long[maxLengths];
    }

    /** @return the calling thread's pool */
    static BufferPool current() {
        return CURRENT.get();
    }

    /**
     * @param length the array length wanted, {@code >= 0}
     * @return a kept array of exactly that length (old values), else a new zero-filled one
     */
    float[] take(int length) {
        int slot = slotOf(length);
        if (slot < 0 || counts[slot] == 0) {
            return new float[length];
        }
        lastUse[slot] = ++clock;
        int top = --counts[slot];
        float[] buffer = stacks[slot][top];
        stacks[slot][top] = null;
        elements -= length;
        return buffer;
    }

    /**
     * Keeps {@code buffer} for a later {@link #take} of its length, if it fits the bounds.
     *
     * @param buffer an array no tensor or node refers to any more
     */
    void give(float[] buffer) {
        int length = buffer.length;
        if (length == 0 || length > maxElements) {
            return;
        }
        int slot = slotOf(length);
        while (elements + length > maxElements || (slot < 0 && slots == lengths.length)) {
            int victim = leastRecentlyUsedExcept(slot);
            if (victim < 0) {
                return;
            }
            drop(victim);
            slot = slotOf(length);
        }
        if (slot < 0) {
            slot = slots++;
            lengths[slot] = length;
            stacks[slot] = new float[INITIAL_STACK][];
        } else if (counts[slot] == stacks[slot].length) {
            stacks[slot] = Arrays.copyOf(stacks[slot], 2 * counts[slot]);
        }
        stacks[slot][counts[slot]++] = buffer;
        lastUse[slot] = ++clock;
        elements += length;
    }

    private int slotOf(int length) {
        for (int slot = 0; slot < slots; slot++) {
            if (lengths[slot] == length) {
                return slot;
            }
        }
        return -1;
    }

    private int leastRecentlyUsedExcept(int kept) {
        int victim = -1;
        for (int slot = 0; slot < slots; slot++) {
            if (slot != kept && (victim < 0 || lastUse[slot] < lastUse[victim])) {
                victim = slot;
            }
        }
        return victim;
    }

    /** Forgets a slot's arrays; the last slot moves into its place. */
    private void drop(int slot) {
        elements -= (long) lengths[slot] * counts[slot];
        int last = --slots;
        lengths[slot] = lengths[last];
        stacks[slot] = stacks[last];
        counts[slot] = counts[last];
        lastUse[slot] = lastUse[last];
        stacks[last] = null;
        counts[last] = 0;
    }
}
