package io.github.panagrad.internal;

import org.junit.jupiter.api.Test;

import java.util.concurrent.CompletableFuture;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotSame;
import static org.junit.jupiter.api.Assertions.assertSame;

/** {@link BufferPool}: exact-length reuse, its bounds and least-recently-used eviction, one pool per thread. */
class BufferPoolTest {

    @Test
    void takeReturnsAGivenArrayOfExactlyThatLengthLastInFirstOut() {
        BufferPool pool = new BufferPool();
        float[] first = new float[7];
        float[] second = new float[7];
        float[] other = new float[8];
        first[0] = 42f;
        pool.give(first);
        pool.give(other);
        pool.give(second);
        assertSame(second, pool.take(7));
        assertSame(first, pool.take(7));
        assertEquals(42f, first[0], "a kept array keeps its old values");
        float[] fresh = pool.take(7);
        assertNotSame(first, fresh);
        assertEquals(7, fresh.length);
        assertSame(other, pool.take(8));
    }

    @Test
    void manyArraysOfOneLengthAreAllKept() {
        BufferPool pool = new BufferPool();
        float[][] arrays = new float[50][];
        for (int i = 0; i < arrays.length; i++) {
            arrays[i] = new float[3];
            pool.give(arrays[i]);
        }
        for (int i = arrays.length - 1; i >= 0; i--) {
            assertSame(arrays[i], pool.take(3), "array " + i);
        }
    }

    @Test
    void emptyAndOversizedArraysAreNotKept() {
        BufferPool pool = new BufferPool(4, 100);
        float[] empty = new float[0];
        pool.give(empty);
        assertNotSame(empty, pool.take(0));
        float[] huge = new float[101];
        pool.give(huge);
        assertNotSame(huge, pool.take(huge.length));
    }

    @Test
    void aNewLengthBeyondTheSlotLimitEvictsTheLeastRecentlyUsedLength() {
        int maxLengths = 5;
        BufferPool pool = new BufferPool(maxLengths, 1000);
        float[][] kept = new float[maxLengths + 1][];
        for (int length = 1; length <= maxLengths; length++) {
            kept[length] = new float[length];
            pool.give(kept[length]);
        }
        // length 1 is used again (taken and given back), so length 2 is now the oldest
        pool.give(pool.take(1));
        float[] newcomer = new float[maxLengths + 1];
        pool.give(newcomer);
        assertNotSame(kept[2], pool.take(2), "the least recently used length was dropped");
        assertSame(kept[1], pool.take(1));
        for (int length = 3; length <= maxLengths; length++) {
            assertSame(kept[length], pool.take(length), "length " + length);
        }
        assertSame(newcomer, pool.take(newcomer.length));
    }

    @Test
    void theElementBoundEvictsOtherLengthsOrDropsTheArray() {
        BufferPool pool = new BufferPool(4, 100);
        int half = 50;
        float[] old = new float[half];
        float[] sameAsOld = new float[half];
        pool.give(old);
        pool.give(sameAsOld);
        float[] bigger = new float[half + 1];
        pool.give(bigger);
        assertNotSame(old, pool.take(half), "both arrays of the older length were dropped to make room");
        assertSame(bigger, pool.take(half + 1));

        pool.give(bigger);
        float[] second = new float[half + 1];
        pool.give(second);
        assertSame(bigger, pool.take(half + 1), "the array that does not fit beside its own length is dropped");
        assertNotSame(second, pool.take(half + 1));
    }

    @Test
    void eachThreadHasItsOwnPool() throws Exception {
        BufferPool mine = BufferPool.current();
        assertSame(mine, BufferPool.current());
        assertNotSame(mine, CompletableFuture.supplyAsync(BufferPool::current).get());
    }
}
