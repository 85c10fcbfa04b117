package org.covertmark.api.flow;

import java.util.Arrays;

/**
 * Open addressing from a connection key of two longs to the connection's id, with no object per
 * entry: a key sits in two adjacent slots of one array and its id beside it, so a lookup touches
 * one or two cache lines. Linear probing; the table doubles at half full.
 */
final class EndpointPairTable {

    private static final int EMPTY = -1;

    private long[] keys = new long[2 * 1024];
    private int[] ids = new int[1024];
    private int size;

    EndpointPairTable() {
        Arrays.fill(ids, EMPTY);
    }

    /** The id stored for the key; when there is none, stores {@code next} and returns it. */
    int idOf(long first, long second, int next) {
        int mask = ids.length - 1;
        for (int slot = spread(first, second) & mask; ; slot = (slot + 1) & mask) {
            int id = ids[slot];
            if (id == EMPTY) {
                store(slot, first, second, next);
                if (++size > ids.length >>> 1) {
                    resize();
                }
                return next;
            }
            if (keys[2 * slot] == first && keys[2 * slot + 1] == second) {
                return id;
            }
        }
    }

    private void store(int slot, long first, long second, int id) {
        keys[2 * slot] = first;
        keys[2 * slot + 1] = second;
        ids[slot] = id;
    }

    /** A 64-bit finaliser (splitmix's) over both words: nearby addresses and ports land far apart. */
    private static int spread(long first, long second) {
        long z = first * 0x9e37_79b9_7f4a_7c15L + second;
        z = (z ^ (z >>> 30)) * 0xbf58_476d_1ce4_e5b9L;
        z = (z ^ (z >>> 27)) * 0x94d0_49bb_1331_11ebL;
        return (int) (z ^ (z >>> 31));
    }

    private void resize() {
        long[] oldKeys = keys;
        int[] oldIds = ids;
        keys = new long[oldKeys.length * 2];
        ids = new int[oldIds.length * 2];
        Arrays.fill(ids, EMPTY);
        int mask = ids.length - 1;
        for (int old = 0; old < oldIds.length; old++) {
            if (oldIds[old] != EMPTY) {
                long first = oldKeys[2 * old];
                long second = oldKeys[2 * old + 1];
                int slot = spread(first, second) & mask;
                while (ids[slot] != EMPTY) {
                    slot = (slot + 1) & mask;
                }
                store(slot, first, second, oldIds[old]);
            }
        }
    }
}
