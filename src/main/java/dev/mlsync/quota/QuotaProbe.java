package dev.mlsync.quota;

import java.time.Duration;
import java.time.Instant;

/**
 * The answer to "may I send now?" (like Bucket4j's {@code ConsumptionProbe}): permitted (and the
 * request was counted), or the nanoseconds to wait and why, or suspended until an instant.
 *
 * @param permitted      the request was counted and may be sent
 * @param nanosToWait    when not permitted: how long until asking again makes sense
 * @param reason         what is exhausted, e.g. {@code requests/hour 7200}, or null when permitted
 * @param suspendedUntil the breaker is open until then (nanosToWait leads there), or null
 */
public record QuotaProbe(boolean permitted, long nanosToWait, String reason, Instant suspendedUntil) {
    private static final QuotaProbe GRANTED = new QuotaProbe(true, 0, null, null);

    public static QuotaProbe granted() {
        return GRANTED;
    }

    public static QuotaProbe waitFor(Duration wait, String reason) {
        return new QuotaProbe(false, Math.max(1, wait.toNanos()), reason, null);
    }

    public static QuotaProbe suspended(Instant until, Instant now) {
        return new QuotaProbe(false, Math.max(1, Duration.between(now, until).toNanos()), "breaker open", until);
    }

    public Duration waitDuration() {
        return Duration.ofNanos(nanosToWait);
    }
}
