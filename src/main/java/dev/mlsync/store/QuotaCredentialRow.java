package dev.mlsync.store;

import java.time.Instant;
import java.util.Map;

/**
 * A credential's shared quota state.
 *
 * @param blockedUntil       Retry-After: no request before this instant, or null
 * @param suspendedUntil     breaker open until this instant, or null
 * @param consecutiveLimited 429 answers in a row
 * @param adaptiveRate       requests per second after the last 429/503, or null at the ceiling
 * @param windows            by window name
 */
public record QuotaCredentialRow(String credentialId, Instant blockedUntil, Instant suspendedUntil,
                                 int consecutiveLimited, Double adaptiveRate, Map<String, QuotaWindowRow> windows) {
    public QuotaCredentialRow {
        windows = Map.copyOf(windows);
    }
}
