package dev.mlsync.source;

import java.time.Instant;

/**
 * Where a resource's replication stands: the (timestamp, key) of the last record committed,
 * plus, for providers whose {@code @odata.nextLink} is the cursor, the link to continue from.
 * Ordering is by timestamp, then key; incremental requests use {@code ge} on the timestamp, so
 * records sharing a timestamp across a page boundary are never skipped.
 */
public record Cursor(Instant timestamp, String key, String nextLink) {
    public static final Cursor EMPTY = new Cursor(null, null, null);

    public boolean isEmpty() {
        return timestamp == null;
    }

    public static Cursor at(Instant timestamp, String key) {
        return new Cursor(timestamp, key, null);
    }

    public Cursor withNextLink(String link) {
        return new Cursor(timestamp, key, link);
    }

    /** True when (timestamp, key) of {@code other} is after this cursor's. */
    public boolean isBefore(Instant otherTimestamp, String otherKey) {
        if (timestamp == null) {
            return true;
        }
        int byTime = timestamp.compareTo(otherTimestamp);
        return byTime < 0 || (byTime == 0 && (key == null || key.compareTo(otherKey) < 0));
    }
}
