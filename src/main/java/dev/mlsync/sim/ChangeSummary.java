package dev.mlsync.sim;

import java.time.Instant;

/** What one {@link Simulator#advance} changed between {@code from} (exclusive) and {@code to} (inclusive). */
public record ChangeSummary(Instant from, Instant to, int created, int priceChanges, int statusChanges,
                            int photoChanges, int deleted, int otherResourceChanges) {

    /** All changed records of all kinds. */
    public int total() {
        return created + priceChanges + statusChanges + photoChanges + deleted + otherResourceChanges;
    }
}
