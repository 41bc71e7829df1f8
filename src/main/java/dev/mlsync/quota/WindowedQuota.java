package dev.mlsync.quota;

import dev.mlsync.store.QuotaCredentialRow;
import dev.mlsync.store.QuotaStore;
import java.net.http.HttpHeaders;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * {@link Quota} over windows stored by {@link QuotaStore}, plus a per-process per-second log and
 * adaptive rate. {@link #tryAcquire} is synchronized: one decision at a time per instance, and the
 * database row lock orders decisions across instances and processes.
 */
final class WindowedQuota implements Quota {
    private static final Logger LOG = LoggerFactory.getLogger(WindowedQuota.class);
    private static final Duration LOGGED_WAIT = Duration.ofSeconds(5);

    private final String feedId;
    private final String credentialId;
    private final QuotaLimits limits;
    private final QuotaPolicy policy;
    private final QuotaStore store;
    private final Clock clock;
    private final Sleeper sleeper;
    private final SlidingLog perSecond;
    private final AdaptiveRate rate;
    private Instant lastPermit = Instant.EPOCH;
    private boolean adoptedPublishedRate;

    WindowedQuota(String feedId, String credentialId, QuotaLimits limits, QuotaPolicy policy, QuotaStore store,
                  Clock clock, Sleeper sleeper) {
        this.feedId = feedId;
        this.credentialId = credentialId;
        this.limits = limits;
        this.policy = policy;
        this.store = store;
        this.clock = clock;
        this.sleeper = sleeper;
        this.perSecond = limits.perSecond() == null ? null : new SlidingLog(limits.perSecond(), Duration.ofSeconds(1));
        this.rate = new AdaptiveRate(limits.ceilingPerSecond(), policy);
    }

    @Override
    public synchronized QuotaProbe tryAcquire(RequestKind kind) {
        Instant now = clock.instant();
        QuotaProbe probe = store.withLocked(credentialId, now, ledger -> decide(ledger, kind, now));
        if (probe.permitted()) {
            lastPermit = now;
            if (perSecond != null) {
                perSecond.record(now);
            }
        }
        return probe;
    }

    @Override
    public void acquire(RequestKind kind) throws InterruptedException {
        for (QuotaProbe probe = tryAcquire(kind); !probe.permitted(); probe = tryAcquire(kind)) {
            if (probe.suspendedUntil() != null) {
                throw new QuotaSuspendedException(feedId, probe.suspendedUntil());
            }
            if (probe.waitDuration().compareTo(LOGGED_WAIT) >= 0) {
                LOG.info("feed {}: {} reached; next request at {}", feedId, probe.reason(),
                        clock.instant().plus(probe.waitDuration()));
            }
            sleeper.sleep(probe.waitDuration());
        }
    }

    @Override
    public void onResponse(RequestKind kind, int status, HttpHeaders headers) {
        Instant now = clock.instant();
        synchronized (this) {
            if (perSecond != null) {
                perSecond.restamp(now);
            }
        }
        if (status == 429 || status == 503) {
            slowDown(status, now);
            RetryAfter.until(headers.firstValue("Retry-After"), now)
                    .ifPresent(until -> store.blockUntil(credentialId, until, now));
        }
        if (status == 429) {
            store.recordLimited(credentialId, policy.breakerThreshold(), now.plus(policy.coolDown()), now)
                    .ifPresent(until -> LOG.warn("feed {}: {} consecutive 429 answers; no requests until {}",
                            feedId, policy.breakerThreshold(), until));
        } else if (status != 503) {
            store.recordAnswered(credentialId, now);
            if (status < 400) {
                speedUp(now);
            }
        }
    }

    @Override
    public QuotaView view() {
        Instant now = clock.instant();
        return QuotaView.of(feedId, credentialId, limits, store.credential(credentialId).orElse(null), now);
    }

    /** Requests per second this instance now allows; infinite when unthrottled without a published limit. */
    synchronized double currentRate() {
        return rate.perSecond();
    }

    /** Counts the request in every window it belongs to, unless something makes it wait (the longest wait wins). */
    private QuotaProbe decide(QuotaStore.Ledger ledger, RequestKind kind, Instant now) {
        QuotaCredentialRow state = ledger.state();
        adoptPublishedRate(state);
        if (state.suspendedUntil() != null && state.suspendedUntil().isAfter(now)) {
            return QuotaProbe.suspended(state.suspendedUntil(), now);
        }
        QuotaProbe wait = longest(fullestWindow(state, kind, now), localProbe(now));
        if (state.blockedUntil() != null && state.blockedUntil().isAfter(now)) {
            wait = longest(wait, QuotaProbe.waitFor(Duration.between(now, state.blockedUntil()), "Retry-After"));
        }
        if (!wait.permitted()) {
            return wait;
        }
        for (Window window : Window.values()) {
            if (window.counts(kind)) {
                ledger.setWindow(window.storedName(), window.start(now), QuotaView.used(state, window, now) + 1);
            }
        }
        return wait;
    }

    /** Per process: the per-second log and the spacing of a slowed-down rate. */
    private QuotaProbe localProbe(Instant now) {
        QuotaProbe wait = QuotaProbe.granted();
        if (perSecond != null && !perSecond.waitAt(now).isZero()) {
            wait = QuotaProbe.waitFor(perSecond.waitAt(now), "requests/second " + limits.perSecond());
        }
        Duration spacing = rate.spacing();
        if (!spacing.isZero() && lastPermit.plus(spacing).isAfter(now)) {
            wait = longest(wait, QuotaProbe.waitFor(Duration.between(now, lastPermit.plus(spacing)),
                    String.format("adaptive rate %.3f requests/s", rate.perSecond())));
        }
        return wait;
    }

    /** The window that makes this request wait longest, or granted when none is used up. */
    private QuotaProbe fullestWindow(QuotaCredentialRow state, RequestKind kind, Instant now) {
        QuotaProbe longest = QuotaProbe.granted();
        for (Window window : Window.values()) {
            Integer limit = limits.of(window);
            if (limit != null && window.counts(kind) && QuotaView.used(state, window, now) >= limit) {
                QuotaProbe probe = QuotaProbe.waitFor(Duration.between(now, window.end(now)),
                        window.storedName() + " " + limit);
                longest = longest(longest, probe);
            }
        }
        return longest;
    }

    private void adoptPublishedRate(QuotaCredentialRow state) {
        if (!adoptedPublishedRate && state.adaptiveRate() != null) {
            rate.adopt(state.adaptiveRate());
        }
        adoptedPublishedRate = true;
    }

    private void slowDown(int status, Instant now) {
        double slower;
        synchronized (this) {
            rate.decrease();
            slower = rate.perSecond();
        }
        LOG.info("feed {}: HTTP {}; slowing to {} requests/s", feedId, status, String.format("%.3f", slower));
        store.saveAdaptiveRate(credentialId, slower, now);
    }

    private void speedUp(Instant now) {
        Double faster;
        synchronized (this) {
            if (!rate.throttled()) {
                return;
            }
            rate.increase();
            faster = rate.throttled() ? rate.perSecond() : null;
        }
        store.saveAdaptiveRate(credentialId, faster, now);
    }

    private static QuotaProbe longest(QuotaProbe first, QuotaProbe second) {
        if (first.permitted()) {
            return second;
        }
        return second.permitted() || first.nanosToWait() >= second.nanosToWait() ? first : second;
    }
}
