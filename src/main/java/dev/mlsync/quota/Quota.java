package dev.mlsync.quota;

import dev.mlsync.config.FeedConfig;
import dev.mlsync.store.QuotaStore;
import java.net.http.HttpHeaders;
import java.time.Clock;

/**
 * The request budget of one credential (one feed = one credential). Every outbound request passes
 * {@link #acquire} before it is sent and reports its answer to {@link #onResponse} afterwards;
 * {@link QuotaHttpClient} does both for every request of a feed.
 *
 * <p>Invariants: minute, hour and day windows are counted in PostgreSQL under a row lock, so all
 * processes on one database together stay under each limit and a restart continues the current
 * windows. The per-second limit and the adaptive rate are enforced per process. A {@code Retry-After}
 * and an open breaker are stored too, so they hold for every process.
 */
public interface Quota {
    /** Counts the request and returns granted, or says how long to wait; never blocks. */
    QuotaProbe tryAcquire(RequestKind kind);

    /**
     * Blocks (through the injected sleeper) until the request may be sent, then counts it.
     *
     * @throws QuotaSuspendedException while the breaker is open: it fails fast rather than block for the cool-down
     */
    void acquire(RequestKind kind) throws InterruptedException;

    /** Learns from an answer: 429/503 slow down (and obey Retry-After), successes speed back up. */
    void onResponse(RequestKind kind, int status, HttpHeaders headers);

    /** Limits, use of the current windows, adaptive rate and breaker, for {@code mlsync status}. */
    QuotaView view();

    static Quota of(FeedConfig feed, QuotaStore store, Clock clock, Sleeper sleeper) {
        return new WindowedQuota(feed.id(), CredentialId.of(feed), QuotaLimits.of(feed),
                QuotaPolicy.of(feed.provider()), store, clock, sleeper);
    }

    static QuotaView view(FeedConfig feed, QuotaStore store, Clock clock) {
        return QuotaView.of(feed.id(), CredentialId.of(feed), QuotaLimits.of(feed),
                store.credential(CredentialId.of(feed)).orElse(null), clock.instant());
    }
}
