package dev.mlsync.store;

import java.time.Instant;

/**
 * A credential's shared quota state (one {@code quota_credential} row).
 *
 * @param blockedUntil       Retry-After or a provider's exhausted quota header: no request before this instant, or null
 * @param suspendedUntil     breaker: open until this instant; once past and not null, half-open (one probe), or null = closed
 * @param consecutiveLimited 429 answers in a row
 * @param adaptiveRate       requests per second after a 429/503, or null at the ceiling
 * @param learnedRate        the rate the adaptive rate recovers to at most, found by the last 429, or null
 * @param learnedAt          when the learned rate was set or last raised
 * @param decreasedAt        the last slow-down; answers to requests sent before it do not slow down again
 * @param probeOwner         the quota instance whose half-open probe is in flight, 0 for none
 * @param probeUntil         the probe counts as lost after this instant
 * @param warning            e.g. "credential used elsewhere: …", or null
 * @param warningAt          when the warning was last raised
 */
public record QuotaCredentialRow(String credentialId, Instant blockedUntil, Instant suspendedUntil,
                                 int consecutiveLimited, Double adaptiveRate, Double learnedRate, Instant learnedAt,
                                 Instant decreasedAt, long probeOwner, Instant probeUntil, String warning,
                                 Instant warningAt) {

    /** A credential nothing happened to yet. */
    public static QuotaCredentialRow fresh(String credentialId) {
        return new QuotaCredentialRow(credentialId, null, null, 0, null, null, null, null, 0, null, null, null);
    }

    public QuotaCredentialRow withBlockedUntil(Instant until) {
        return new QuotaCredentialRow(credentialId, until, suspendedUntil, consecutiveLimited, adaptiveRate,
                learnedRate, learnedAt, decreasedAt, probeOwner, probeUntil, warning, warningAt);
    }

    public QuotaCredentialRow withBreaker(Instant suspended, int consecutive, long probe, Instant probeEnd) {
        return new QuotaCredentialRow(credentialId, blockedUntil, suspended, consecutive, adaptiveRate,
                learnedRate, learnedAt, decreasedAt, probe, probeEnd, warning, warningAt);
    }

    public QuotaCredentialRow withRate(Double rate, Double learned, Instant learnedSince, Instant decreased) {
        return new QuotaCredentialRow(credentialId, blockedUntil, suspendedUntil, consecutiveLimited, rate,
                learned, learnedSince, decreased, probeOwner, probeUntil, warning, warningAt);
    }

    public QuotaCredentialRow withWarning(String text, Instant at) {
        return new QuotaCredentialRow(credentialId, blockedUntil, suspendedUntil, consecutiveLimited, adaptiveRate,
                learnedRate, learnedAt, decreasedAt, probeOwner, probeUntil, text, at);
    }
}
