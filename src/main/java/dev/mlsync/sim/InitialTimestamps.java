package dev.mlsync.sim;

import java.util.SplittableRandom;

/**
 * ModificationTimestamps of the initial listings: whole seconds over the 90 days before the start, with
 * bulk-update groups sharing one timestamp — one larger than a 1,000-record page when there are ≥ 3,000
 * listings — so that paging on the timestamp alone loses records.
 */
final class InitialTimestamps {
    private static final long SPREAD_SECONDS = 90L * 86_400L;
    static final int LARGE_GROUP_MIN_LISTINGS = 3000;

    private final SplittableRandom random;
    private final int count;

    InitialTimestamps(SplittableRandom random, int count) {
        this.random = random;
        this.count = count;
    }

    long[] modifications() {
        long[] result = new long[count];
        for (int i = 0; i < count; i++) {
            result[i] = randomTimestamp();
        }
        int[] order = shuffled();
        int next = 0;
        if (count >= LARGE_GROUP_MIN_LISTINGS) {
            next = assign(result, order, next, Math.max(1500, count / 40));
        }
        int groups = Math.max(1, Math.min(25, count / 800));
        for (int g = 0; g < groups; g++) {
            int size = Math.min(50 + random.nextInt(251), (count - next) / 2);
            if (size < 2) {
                break;
            }
            next = assign(result, order, next, size);
        }
        return result;
    }

    private int assign(long[] result, int[] order, int from, int size) {
        long shared = randomTimestamp();
        for (int i = from; i < from + size; i++) {
            result[order[i]] = shared;
        }
        return from + size;
    }

    private long randomTimestamp() {
        return Dataset.START - (1 + random.nextLong(SPREAD_SECONDS)) * 1000L;
    }

    private int[] shuffled() {
        int[] order = new int[count];
        for (int i = 0; i < count; i++) {
            order[i] = i;
        }
        for (int i = count - 1; i > 0; i--) {
            int j = random.nextInt(i + 1);
            int t = order[i];
            order[i] = order[j];
            order[j] = t;
        }
        return order;
    }
}
