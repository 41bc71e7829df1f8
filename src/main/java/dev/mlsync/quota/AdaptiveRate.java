package dev.mlsync.quota;

import dev.mlsync.store.QuotaCredentialRow;
import java.time.Duration;
import java.time.Instant;
import java.util.Objects;

/**
 * Additive-increase, multiplicative-decrease of the allowed request rate, kept in the credential's shared
 * row. A 429/503 multiplies the rate by the policy's factor; a 429 also remembers the result as the most the rate
 * recovers to (like TCP's slow-start threshold), so a limit lower than published (a hidden limit) is found
 * once and the rate settles below it instead of climbing back into it. After {@link #quiet} without a
 * slow-down that learned rate is raised one step, probing whether the limit went up again. At the ceiling
 * there is no spacing (null rate): the windows alone decide.
 */
final class AdaptiveRate {
    /** Never slower than one request a minute. */
    static final double FLOOR = 1.0 / 60;
    static final Duration QUIET = Duration.ofMinutes(5);
    /** A learned rate rises after this many requests' worth of time at it without a slow-down ({@link #quiet}). */
    static final int QUIET_REQUESTS = 300;
    static final Duration MIN_QUIET = Duration.ofSeconds(10);

    private final double finiteCeiling;
    private final double factor;
    private final double step;
    private final int steps;

    AdaptiveRate(double ceiling, QuotaPolicy policy) {
        this.finiteCeiling = Double.isInfinite(ceiling) ? QuotaLimits.UNPUBLISHED_RATE : ceiling;
        this.factor = policy.decreaseFactor();
        this.step = finiteCeiling / policy.recoverySteps();
        this.steps = policy.recoverySteps();
    }

    /**
     * After a 429/503 answering a request sent at {@code sentAt}; one slow-down per burst of answers. The rate
     * drops; the learned rate drops with it only when the previous slow-down was recent — less than
     * {@code recoverySteps} requests' worth of time at the rate before this one. An isolated answer after that
     * many requests went through at the rate (a provider's occasional 503 or 429) says the rate was sustainable:
     * the rate backs off and recovers to the learned rate again, instead of ratcheting it down with every
     * sporadic error until the feed crawls.
     */
    QuotaCredentialRow slowedDown(QuotaCredentialRow row, Instant sentAt, Instant now) {
        return slowedDown(row, sentAt, now, java.util.OptionalLong.empty());
    }

    /**
     * As {@link #slowedDown(QuotaCredentialRow, Instant, Instant)}, with the number of requests answered since the
     * previous 429 when the windows can tell ({@code answeredSince}): then "isolated" means at least
     * {@link #isolatedAfter} requests went through since, counted, not estimated from the time at the rate (which a
     * feed slower than its rate — busy cores, slow answers — makes look like a cluster of 429s).
     */
    QuotaCredentialRow slowedDown(QuotaCredentialRow row, Instant sentAt, Instant now,
                                  java.util.OptionalLong answeredSince) {
        if (row.decreasedAt() != null && sentAt.isBefore(row.decreasedAt())) {
            return row;
        }
        double base = row.adaptiveRate() == null ? finiteCeiling : Math.min(row.adaptiveRate(), finiteCeiling);
        double slower = Math.max(FLOOR, base * factor);
        boolean isolated = answeredSince.isPresent()
                ? row.decreasedAt() != null && answeredSince.getAsLong() >= isolatedAfter()
                : isolated(row, base, now);
        if (isolated) {
            return row.withRate(slower, row.learnedRate(), row.learnedAt(), now);
        }
        return row.withRate(slower, slower, now, now);
    }

    /**
     * After a 503 answering a request sent at {@code sentAt}: the rate halves (every 503: a burst of them backs
     * off hard), but the learned rate, and the time of the last 429 that isolation is measured from, stay. A 503 says the provider is unavailable or overloaded, not that this credential is over its
     * limit (a hidden limit answers 429), so it never lowers what the rate recovers to: a provider's occasional
     * 503s must not ratchet the feed down until it crawls.
     */
    QuotaCredentialRow backedOff(QuotaCredentialRow row, Instant sentAt, Instant now) {
        if (row.decreasedAt() != null && sentAt.isBefore(row.decreasedAt())) {
            return row;
        }
        double base = row.adaptiveRate() == null ? finiteCeiling : Math.min(row.adaptiveRate(), finiteCeiling);
        // decreasedAt stays the last 429's: what a 429 counts as "since the last slow-down" is since the last 429.
        return row.withRate(Math.max(FLOOR, base * factor), row.learnedRate(), row.learnedAt(), row.decreasedAt());
    }

    /**
     * Answers after which a 429 counts as isolated: a quarter of the recovery steps (5 by default). Above a hidden
     * limit 429s come every few requests, and a second one that soon lowers the learned rate; a provider's sporadic
     * 1 % of 429s has two within 5 requests about 5 % of the time, so it rarely teaches the feed a lower rate.
     */
    private int isolatedAfter() {
        return Math.max(1, steps / 4);
    }

    private boolean isolated(QuotaCredentialRow row, double rate, Instant now) {
        if (row.decreasedAt() == null) {
            return false;
        }
        Duration sustained = spacing(rate).multipliedBy(steps);
        return !now.isBefore(row.decreasedAt().plus(sustained));
    }

    /** After a success: one step up, to the learned rate at most (null = back at the ceiling). */
    QuotaCredentialRow spedUp(QuotaCredentialRow row, Instant now) {
        Double learned = row.learnedRate();
        Instant learnedAt = row.learnedAt();
        if (learned != null && !now.isBefore(learnedAt.plus(quiet(learned)))) {
            learned = learned + step >= finiteCeiling ? null : learned + step;
            learnedAt = learned == null ? null : now;
        }
        Double rate = row.adaptiveRate();
        if (rate != null) {
            double next = rate + step;
            if (learned != null) {
                rate = Math.min(next, learned);
            } else {
                rate = next >= finiteCeiling ? null : Double.valueOf(next);
            }
        }
        if (Objects.equals(rate, row.adaptiveRate()) && Objects.equals(learned, row.learnedRate())) {
            return row;
        }
        return row.withRate(rate, learned, learnedAt, row.decreasedAt());
    }

    /**
     * How long a learned rate must go without a slow-down before it rises a step: {@link #QUIET_REQUESTS} requests'
     * worth of time at it, between {@link #MIN_QUIET} and {@link #QUIET}. A probe above a hidden limit then costs
     * about one 429 per 300 requests whatever the rate, while a fast feed that learned too low (a burst of
     * sporadic 429s) climbs back within minutes instead of one step per five minutes.
     */
    static Duration quiet(double learned) {
        Duration time = spacing(learned).multipliedBy(QUIET_REQUESTS);
        return time.compareTo(MIN_QUIET) < 0 ? MIN_QUIET : time.compareTo(QUIET) > 0 ? QUIET : time;
    }

    /**
     * How many requests a slowed-down rate lets occupy its window at once: the rate's whole requests per second,
     * at least one. Below 2 requests/s that is one at a time, spaced by 1/rate.
     */
    static int burst(double rate) {
        return (int) Math.max(1, Math.floor(rate));
    }

    /**
     * The window a slowed-down rate adds: {@link #burst} requests in any {@code burst / rate} (between 0.5 and 1 s
     * from 1 request/s up), each counted from its grant to its answer plus that length. Many in flight at once
     * keep a lowered rate usable when answers are slow; one at a time would cap it at one per answer time.
     */
    static Duration window(double rate) {
        return spacing(rate).multipliedBy(burst(rate));
    }

    static Duration spacing(double rate) {
        return Duration.ofNanos((long) Math.ceil(1e9 / rate));
    }
}
