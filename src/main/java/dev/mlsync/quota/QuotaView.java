package dev.mlsync.quota;

import dev.mlsync.store.QuotaCredentialRow;
import dev.mlsync.store.QuotaStore;
import java.time.Instant;

/**
 * What {@code mlsync status} shows of a feed's quota.
 *
 * @param usedThisMinute requests occupying the rolling minute (all processes; in flight or answered in the last minute),
 *                       or null when the minute has no limit: only limited windows are counted
 * @param usedThisHour   requests occupying the rolling hour, or null when the hour has no limit
 * @param usedToday      requests occupying the rolling day, or null when the day has no limit
 * @param adaptiveRate   requests per second after a slow-down, or null at the ceiling
 * @param blockedUntil   Retry-After (or an exhausted provider quota) in force until then, or null
 * @param suspendedUntil breaker open until then, or null
 * @param halfOpen       the cool-down is over and the next request is a probe
 * @param warning        e.g. "credential used elsewhere: …", or null
 * @param warningAt      when the warning was last raised, or null
 */
public record QuotaView(String feedId, String credentialId, QuotaLimits limits, Long usedThisMinute,
                        Long usedThisHour, Long usedToday, Double adaptiveRate, Instant blockedUntil,
                        Instant suspendedUntil, boolean halfOpen, String warning, Instant warningAt) {

    static QuotaView of(String feedId, String credentialId, QuotaLimits limits, QuotaStore store, Instant now) {
        QuotaCredentialRow row = store.credential(credentialId).orElse(null);
        if (row == null) {
            return new QuotaView(feedId, credentialId, limits, counted(limits, Window.REQUESTS_MINUTE, 0L),
                    counted(limits, Window.REQUESTS_HOUR, 0L), counted(limits, Window.REQUESTS_DAY, 0L), null, null,
                    null, false, null, null);
        }
        return new QuotaView(feedId, credentialId, limits, used(limits, store, credentialId, Window.REQUESTS_MINUTE, now),
                used(limits, store, credentialId, Window.REQUESTS_HOUR, now),
                used(limits, store, credentialId, Window.REQUESTS_DAY, now),
                row.adaptiveRate(), future(row.blockedUntil(), now), future(row.suspendedUntil(), now),
                row.suspendedUntil() != null && !row.suspendedUntil().isAfter(now), row.warning(), row.warningAt());
    }

    public boolean breakerOpen() {
        return suspendedUntil != null;
    }

    /** Null for a window without a limit: nothing records requests in it, so any count would be a false 0. */
    private static Long used(QuotaLimits limits, QuotaStore store, String credentialId, Window window, Instant now) {
        return limits.of(window) == null ? null : store.used(credentialId, window.storedName(), now.minus(window.length()));
    }

    private static Long counted(QuotaLimits limits, Window window, Long used) {
        return limits.of(window) == null ? null : used;
    }

    private static Instant future(Instant instant, Instant now) {
        return instant != null && instant.isAfter(now) ? instant : null;
    }
}
