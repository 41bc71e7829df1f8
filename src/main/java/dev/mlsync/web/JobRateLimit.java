package dev.mlsync.web;

import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;

/**
 * At most {@code perMinute} manual job creations per token in any fixed, minute-aligned window; invalid
 * requests (400, nothing queued) do not count.
 * "Not yet" is a value: the seconds until the next window.
 */
final class JobRateLimit {
    private final int perMinute;
    private final Clock clock;
    private final Map<String, Window> windows = new ConcurrentHashMap<>();

    JobRateLimit(int perMinute, Clock clock) {
        this.perMinute = perMinute;
        this.clock = clock;
    }

    /** Counts one creation for the token; returns 0 when allowed, else seconds to wait. */
    long tryAcquire(String tokenId) {
        Instant now = clock.instant();
        long minute = now.getEpochSecond() / 60;
        Window window = windows.compute(tokenId, (id, old) -> old == null || old.minute != minute
                ? new Window(minute, 1) : new Window(minute, old.used + 1));
        if (window.used <= perMinute) {
            return 0;
        }
        return Math.max(1, Duration.between(now, Instant.ofEpochSecond((minute + 1) * 60)).toSeconds());
    }

    /** Gives back a creation that did not happen (the request was invalid and nothing was queued). */
    void release(String tokenId) {
        long minute = clock.instant().getEpochSecond() / 60;
        windows.computeIfPresent(tokenId, (id, old) -> old.minute == minute && old.used > 0
                ? new Window(minute, old.used - 1) : old);
    }

    private record Window(long minute, int used) {
    }
}
