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
 * <p>Invariants: every limit (per second, minute, hour, day, media, bytes), the adaptive rate, a
 * {@code Retry-After}, an exhausted provider quota header and the breaker are kept in PostgreSQL and
 * decided under the credential's row lock, so all processes on one database together stay under each
 * limit and a restart continues where the last process left off. Windows roll: a request counts from
 * when it is granted until its answer plus the window's length, so no window of that length, however
 * the provider aligns it, ever holds more than the limit. Every granted request must be answered by
 * {@link #onResponse} or {@link #onFailure}; an unanswered one holds its place for two minutes.
 */
public interface Quota extends AutoCloseable {
    /** Counts the request and returns granted, or says how long to wait; never blocks. */
    QuotaProbe tryAcquire(RequestKind kind);

    /**
     * Blocks (through the injected sleeper) until the request may be sent, then counts it.
     *
     * @throws QuotaSuspendedException while the breaker is open: it fails fast rather than block for the cool-down
     */
    void acquire(RequestKind kind) throws InterruptedException;

    /**
     * Learns from an answer: 429/503 slow down (and obey Retry-After), successes speed back up, consecutive
     * 429s open the breaker, the provider's quota headers are obeyed and compared with this database's count.
     */
    void onResponse(RequestKind kind, int status, HttpHeaders headers);

    /** A granted request failed without an answer (connection refused or reset, timeout). */
    default void onFailure(RequestKind kind) {
    }

    /**
     * Counts {@code bytes} of response body against {@code bytesPerHour}. {@link QuotaHttpClient} already
     * counts every response that has a {@code Content-Length}; call this only for bodies that had none
     * (chunked), once their size is known.
     */
    default void recordBytes(long bytes) {
    }

    /** Limits, use of the current windows, adaptive rate and breaker, for {@code mlsync status}. */
    QuotaView view();

    /**
     * Gives back what this process was granted and did not use (batched slots not yet handed to a request), so
     * other processes may use it at once rather than when it expires. Requests in flight are not affected.
     */
    @Override
    default void close() {
    }

    static Quota of(FeedConfig feed, QuotaStore store, Clock clock, Sleeper sleeper) {
        return of(feed, store, clock, sleeper, BreakerListener.NONE);
    }

    /** As {@link #of(FeedConfig, QuotaStore, Clock, Sleeper)}, telling {@code breaker} when a probe closes the breaker. */
    static Quota of(FeedConfig feed, QuotaStore store, Clock clock, Sleeper sleeper, BreakerListener breaker) {
        store.adopt(CredentialId.legacy(feed), CredentialId.of(feed), clock.instant());
        return new WindowedQuota(feed.id(), CredentialId.of(feed), QuotaLimits.of(feed),
                QuotaPolicy.of(feed.provider()), store, clock, sleeper, breaker);
    }

    /** The non-secret id of the feed's credential: feeds with the same one share every window and the breaker. */
    static String credentialOf(FeedConfig feed) {
        return CredentialId.of(feed);
    }

    /** Told when a credential's breaker closes again because its half-open probe was answered. */
    @FunctionalInterface
    interface BreakerListener {
        BreakerListener NONE = feedId -> {
        };

        /**
         * Called after the answer is stored, on the thread that sent the probe; {@code feedId} is the feed whose
         * request was the probe. Must not throw or block for long.
         */
        void closed(String feedId);
    }

    static QuotaView view(FeedConfig feed, QuotaStore store, Clock clock) {
        return QuotaView.of(feed.id(), CredentialId.of(feed), QuotaLimits.of(feed), store, clock.instant());
    }
}
