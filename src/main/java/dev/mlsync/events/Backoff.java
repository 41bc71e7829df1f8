package dev.mlsync.events;

import java.time.Duration;
import java.util.function.DoubleSupplier;

/**
 * Exponential backoff with full jitter: after the n-th consecutive failure, wait a uniformly random time
 * between zero and {@code min(max, base * 2^(n-1))}, so receivers coming back up are not hit in lockstep.
 */
record Backoff(Duration base, Duration max, DoubleSupplier random) {
    static final Duration BASE = Duration.ofSeconds(1);
    static final Duration MAX = Duration.ofMinutes(15);

    Duration after(int failures) {
        long ceiling = base.toMillis() << Math.min(Math.max(failures - 1, 0), 30);
        long bounded = Math.min(max.toMillis(), ceiling);
        return Duration.ofMillis((long) (random.getAsDouble() * bounded));
    }
}
