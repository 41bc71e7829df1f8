package dev.mlsync.quota;

import dev.mlsync.store.QuotaCredentialRow;
import dev.mlsync.store.QuotaWindowRow;
import java.time.Instant;

/**
 * What {@code mlsync status} shows of a feed's quota.
 *
 * @param usedThisMinute requests counted in the current minute window (all processes)
 * @param usedThisHour   requests counted in the current hour window
 * @param usedToday      requests counted in the current UTC day
 * @param adaptiveRate   requests per second after a slow-down, or null at the ceiling
 * @param blockedUntil   Retry-After in force until then, or null
 * @param suspendedUntil breaker open until then, or null
 */
public record QuotaView(String feedId, String credentialId, QuotaLimits limits, long usedThisMinute,
                        long usedThisHour, long usedToday, Double adaptiveRate, Instant blockedUntil,
                        Instant suspendedUntil) {

    static QuotaView of(String feedId, String credentialId, QuotaLimits limits, QuotaCredentialRow row,
                        Instant now) {
        if (row == null) {
            return new QuotaView(feedId, credentialId, limits, 0, 0, 0, null, null, null);
        }
        return new QuotaView(feedId, credentialId, limits, used(row, Window.REQUESTS_MINUTE, now),
                used(row, Window.REQUESTS_HOUR, now), used(row, Window.REQUESTS_DAY, now), row.adaptiveRate(),
                future(row.blockedUntil(), now), future(row.suspendedUntil(), now));
    }

    public boolean breakerOpen() {
        return suspendedUntil != null;
    }

    static long used(QuotaCredentialRow row, Window window, Instant now) {
        QuotaWindowRow stored = row.windows().get(window.storedName());
        return stored != null && stored.start().equals(window.start(now)) ? stored.used() : 0;
    }

    private static Instant future(Instant instant, Instant now) {
        return instant != null && instant.isAfter(now) ? instant : null;
    }
}
