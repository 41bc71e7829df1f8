package dev.mlsync.quota;

import dev.mlsync.store.QuotaCredentialRow;
import dev.mlsync.store.QuotaStore;
import java.time.Instant;

/**
 * What {@code mlsync status} shows of a feed's quota.
 *
 * @param usedThisMinute requests occupying the rolling minute (all processes; in flight or answered in the last minute)
 * @param usedThisHour   requests occupying the rolling hour
 * @param usedToday      requests occupying the rolling day
 * @param adaptiveRate   requests per second after a slow-down, or null at the ceiling
 * @param blockedUntil   Retry-After (or an exhausted provider quota) in force until then, or null
 * @param suspendedUntil breaker open until then, or null
 * @param halfOpen       the cool-down is over and the next request is a probe
 * @param warning        e.g. "credential used elsewhere: …", or null
 * @param warningAt      when the warning was last raised, or null
 */
public record QuotaView(String feedId, String credentialId, QuotaLimits limits, long usedThisMinute,
                        long usedThisHour, long usedToday, Double adaptiveRate, Instant blockedUntil,
                        Instant suspendedUntil, boolean halfOpen, String warning, Instant warningAt) {

    static QuotaView of(String feedId, String credentialId, QuotaLimits limits, QuotaStore store, Instant now) {
        QuotaCredentialRow row = store.credential(credentialId).orElse(null);
        if (row == null) {
            return new QuotaView(feedId, credentialId, limits, 0, 0, 0, null, null, null, false, null, null);
        }
        return new QuotaView(feedId, credentialId, limits, used(store, credentialId, Window.REQUESTS_MINUTE, now),
                used(store, credentialId, Window.REQUESTS_HOUR, now), used(store, credentialId, Window.REQUESTS_DAY, now),
                row.adaptiveRate(), future(row.blockedUntil(), now), future(row.suspendedUntil(), now),
                row.suspendedUntil() != null && !row.suspendedUntil().isAfter(now), row.warning(), row.warningAt());
    }

    public boolean breakerOpen() {
        return suspendedUntil != null;
    }

    private static long used(QuotaStore store, String credentialId, Window window, Instant now) {
        return store.used(credentialId, window.storedName(), now.minus(window.length()));
    }

    private static Instant future(Instant instant, Instant now) {
        return instant != null && instant.isAfter(now) ? instant : null;
    }
}
