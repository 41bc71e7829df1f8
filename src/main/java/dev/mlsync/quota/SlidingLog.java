package dev.mlsync.quota;

import java.time.Duration;
import java.time.Instant;
import java.util.ArrayDeque;

/**
 * At most {@code capacity} requests in any {@code span}: remembers the last {@code capacity}
 * request times. Not thread-safe; {@link WindowedQuota} guards it.
 */
final class SlidingLog {
    private final int capacity;
    private final Duration span;
    private final ArrayDeque<Instant> times = new ArrayDeque<>();

    SlidingLog(int capacity, Duration span) {
        this.capacity = capacity;
        this.span = span;
    }

    Duration waitAt(Instant now) {
        if (times.size() < capacity) {
            return Duration.ZERO;
        }
        Duration wait = Duration.between(now, times.peekFirst().plus(span));
        return wait.isNegative() ? Duration.ZERO : wait;
    }

    void record(Instant at) {
        if (times.size() == capacity) {
            times.removeFirst();
        }
        times.addLast(at);
    }

    /**
     * Moves the oldest remembered request to {@code answeredAt}. Counting a request from its answer
     * rather than its sending only ever delays the next one, and keeps the limit true as the
     * provider sees it even when answers take different times.
     */
    void restamp(Instant answeredAt) {
        if (!times.isEmpty() && !times.peekFirst().isAfter(answeredAt)) {
            times.removeFirst();
            times.addLast(answeredAt);
        }
    }
}
