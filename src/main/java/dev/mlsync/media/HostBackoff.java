package dev.mlsync.media;

import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;

/**
 * Per-host backoff: after {@value #FAILURES_BEFORE_BACKOFF} network errors or 5xx in a row from a host,
 * that host's photos wait (doubling up to a cap) while photos on other hosts go on, so one dead CDN never
 * holds up the queue. A sporadic error between successes blocks nothing (the photo itself is retried with
 * its own backoff): with every photo of a feed on one host, blocking the host on each one stalled all
 * downloads of the process for the whole delay. In memory, per process: a restart simply tries again.
 */
final class HostBackoff {
    private static final Duration MAX = Duration.ofMinutes(10);
    static final int FAILURES_BEFORE_BACKOFF = 3;

    private final Clock clock;
    private final Duration base;
    private final Map<String, State> hosts = new ConcurrentHashMap<>();

    private record State(int failures, Instant until, String lastError) {
    }

    /** A host that may not be asked before {@code until}, and the error that blocked it. */
    record Blocked(Instant until, String lastError) {
    }

    HostBackoff(Clock clock, Duration base) {
        this.clock = clock;
        this.base = base;
    }

    /** Until when and why the host may not be asked, or null when it may be asked now. */
    Blocked blocked(String host) {
        State state = hosts.get(host);
        return state == null || !state.until().isAfter(clock.instant()) ? null
                : new Blocked(state.until(), state.lastError());
    }

    Instant failed(String host, String error) {
        State state = hosts.compute(host, (h, old) -> {
            int failures = old == null ? 1 : old.failures() + 1;
            if (failures < FAILURES_BEFORE_BACKOFF) {
                return new State(failures, clock.instant(), error);
            }
            Duration wait = base.multipliedBy(1L << Math.min(failures - FAILURES_BEFORE_BACKOFF, 20));
            return new State(failures, clock.instant().plus(wait.compareTo(MAX) > 0 ? MAX : wait), error);
        });
        return state.until();
    }

    void succeeded(String host) {
        hosts.remove(host);
    }
}
