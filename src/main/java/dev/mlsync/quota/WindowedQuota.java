package dev.mlsync.quota;

import dev.mlsync.store.QuotaCredentialRow;
import dev.mlsync.store.QuotaStore;
import java.net.http.HttpHeaders;
import java.security.SecureRandom;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayDeque;
import java.util.ArrayList;
import java.util.Iterator;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.locks.ReentrantLock;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * {@link Quota} over state shared in PostgreSQL through {@link QuotaStore}: rolling windows, the adaptive
 * rate, Retry-After, the breaker and its half-open probe. Every decision and every answer is one
 * transaction under the credential's row lock, so all instances in all processes on one database act as one.
 *
 * <p>Each instance has an owner id; its requests in flight hold provisional rows (released by their answer,
 * or {@link #MAX_IN_FLIGHT} after sending when no answer is ever reported). An answer releases the owner's
 * oldest row in flight of each window: which one does not matter, since all rows of a window weigh the same.
 */
final class WindowedQuota implements Quota {
    private static final Logger LOG = LoggerFactory.getLogger(WindowedQuota.class);
    private static final Duration LOGGED_WAIT = Duration.ofSeconds(5);
    /** A request without an answer stops occupying its windows this long after it was sent. */
    static final Duration MAX_IN_FLIGHT = Duration.ofMinutes(2);
    /**
     * How long a request waiting for one in flight waits before asking again; an answer in this process
     * wakes it at once, one in another process is seen at the next ask.
     */
    static final Duration IN_FLIGHT_POLL = Duration.ofMillis(40);
    private static final String IN_FLIGHT = ", waiting for an answer";
    /** Bounds of the pause after a 429 without Retry-After (see {@link #shortestWindow}). */
    static final Duration MIN_BARE_429_PAUSE = Duration.ofSeconds(1);
    static final Duration MAX_BARE_429_PAUSE = Duration.ofMinutes(1);
    private static final Duration WARNING_REPEAT = Duration.ofHours(1);
    private static final String USED_ELSEWHERE = "credential used elsewhere";

    /** Per credential and kind of request, the line they wait in within this process. */
    private static final Map<String, ReentrantLock> QUEUES = new ConcurrentHashMap<>();
    /** Per credential, answers counted in this process, so a request waiting for one in flight wakes at once. */
    private static final Map<String, Answers> ANSWERS = new ConcurrentHashMap<>();

    /** Counts answers and lets a waiter block until the next one (or a timeout). */
    private static final class Answers {
        private long count;

        synchronized long count() {
            return count;
        }

        synchronized void answered() {
            count++;
            notifyAll();
        }

        synchronized void awaitAfter(long seen, Duration max) throws InterruptedException {
            long deadline = System.nanoTime() + max.toNanos();
            for (long left = max.toNanos(); count == seen && left > 0; left = deadline - System.nanoTime()) {
                wait(Math.max(1, left / 1_000_000));
            }
        }
    }

    private final String feedId;
    private final String credentialId;
    private final QuotaLimits limits;
    private final QuotaPolicy policy;
    private final QuotaStore store;
    private final Clock clock;
    private final Sleeper sleeper;
    private final AdaptiveRate rates;
    private final BreakerListener breaker;
    private final long owner = ownerId();
    /** Send times of this instance's requests in flight, oldest first. */
    private final ArrayDeque<Sent> inFlight = new ArrayDeque<>();
    private long largestResponse;

    private record Sent(RequestKind kind, Instant at) {
    }

    WindowedQuota(String feedId, String credentialId, QuotaLimits limits, QuotaPolicy policy, QuotaStore store,
                  Clock clock, Sleeper sleeper) {
        this(feedId, credentialId, limits, policy, store, clock, sleeper, BreakerListener.NONE);
    }

    WindowedQuota(String feedId, String credentialId, QuotaLimits limits, QuotaPolicy policy, QuotaStore store,
                  Clock clock, Sleeper sleeper, BreakerListener breaker) {
        this.breaker = breaker;
        this.feedId = feedId;
        this.credentialId = credentialId;
        this.limits = limits;
        this.policy = policy;
        this.store = store;
        this.clock = clock;
        this.sleeper = sleeper;
        this.rates = new AdaptiveRate(limits.ceilingPerSecond(), policy);
    }

    @Override
    public synchronized QuotaProbe tryAcquire(RequestKind kind) {
        Instant now = clock.instant();
        QuotaProbe probe = store.withLocked(credentialId, now, ledger -> decide(ledger, kind, now));
        if (probe.permitted()) {
            inFlight.addLast(new Sent(kind, now));
            return probe;
        }
        // The wait was counted from before the decision; the decision itself took some of it.
        Duration decided = Duration.between(now, clock.instant());
        return probe.suspendedUntil() != null || decided.compareTo(probe.waitDuration()) >= 0 ? probe
                : new QuotaProbe(false, probe.nanosToWait() - decided.toNanos(), probe.reason(), null);
    }

    /**
     * Waits in line: within a process the requests of one credential (all its feeds) and kind queue on a fair lock,
     * so only the head of the queue asks the database, and requests are granted in the order they came.
     */
    @Override
    public void acquire(RequestKind kind) throws InterruptedException {
        ReentrantLock line = QUEUES.computeIfAbsent(credentialId + "/" + kind, id -> new ReentrantLock(true));
        Answers answers = answers();
        line.lockInterruptibly();
        try {
            long seen = answers.count();
            for (QuotaProbe probe = tryAcquire(kind); !probe.permitted(); probe = tryAcquire(kind)) {
                if (probe.suspendedUntil() != null) {
                    throw new QuotaSuspendedException(feedId, probe.suspendedUntil());
                }
                if (probe.waitDuration().compareTo(LOGGED_WAIT) >= 0) {
                    LOG.info("feed {}: {} reached; next request at {}", feedId, probe.reason(),
                            clock.instant().plus(probe.waitDuration()));
                }
                if (probe.reason().endsWith(IN_FLIGHT)) {
                    answers.awaitAfter(seen, probe.waitDuration());
                } else {
                    sleeper.sleep(probe.waitDuration());
                }
                seen = answers.count();
            }
        } finally {
            line.unlock();
        }
    }

    @Override
    public void onResponse(RequestKind kind, int status, HttpHeaders headers) {
        Instant now = clock.instant();
        Instant sentAt = sentAt(kind, now);
        boolean closedBreaker = false;
        if (plainSuccess(status, headers)) {
            store.release(credentialId, releasedWindows(kind), owner, now);
        } else {
            closedBreaker = store.withLocked(credentialId, now, ledger -> {
                release(ledger, kind, now);
                QuotaCredentialRow before = ledger.state();
                QuotaCredentialRow row = learn(obeyHeaders(ledger, before, kind, status, headers, now), status, sentAt,
                        now);
                ledger.save(row);
                return before.suspendedUntil() != null && row.suspendedUntil() == null;
            });
        }
        answers().answered();
        if (closedBreaker) {
            tellBreakerClosed();
        }
    }

    private void tellBreakerClosed() {
        try {
            breaker.closed(feedId);
        } catch (RuntimeException e) {
            LOG.warn("feed {}: the breaker closed, but resuming interrupted work failed: {}", feedId, e.toString());
        }
    }

    @Override
    public void onFailure(RequestKind kind) {
        Instant now = clock.instant();
        sentAt(kind, now);
        store.withLocked(credentialId, now, ledger -> {
            release(ledger, kind, now);
            QuotaCredentialRow row = ledger.state();
            if (row.probeOwner() == owner) {
                ledger.save(row.withBreaker(row.suspendedUntil(), row.consecutiveLimited(), 0, null));
            }
            return null;
        });
        answers().answered();
    }

    @Override
    public void recordBytes(long bytes) {
        if (bytes <= 0 || limits.bytesPerHour() == null) {
            return;
        }
        Instant now = clock.instant();
        synchronized (this) {
            largestResponse = Math.max(largestResponse, bytes);
        }
        store.addBytes(credentialId, minuteStart(now), bytes);
    }

    @Override
    public QuotaView view() {
        return QuotaView.of(feedId, credentialId, limits, store, clock.instant());
    }

    private Answers answers() {
        return ANSWERS.computeIfAbsent(credentialId, id -> new Answers());
    }

    /** Requests per second now allowed; infinite when at the ceiling without a published limit. */
    double currentRate() {
        Double rate = store.credential(credentialId).map(QuotaCredentialRow::adaptiveRate).orElse(null);
        return rate != null ? rate : limits.ceilingPerSecond();
    }

    /** Counts the request in every window it belongs to, unless something makes it wait (the longest wait wins). */
    private QuotaProbe decide(QuotaStore.Ledger ledger, RequestKind kind, Instant now) {
        QuotaCredentialRow state = ledger.state();
        if (state.suspendedUntil() != null && state.suspendedUntil().isAfter(now)) {
            return QuotaProbe.suspended(state.suspendedUntil(), now);
        }
        QuotaProbe wait = QuotaProbe.granted();
        if (state.blockedUntil() != null && state.blockedUntil().isAfter(now)) {
            wait = QuotaProbe.waitFor(Duration.between(now, state.blockedUntil()), "Retry-After");
        }
        boolean halfOpen = state.suspendedUntil() != null;
        if (halfOpen && state.probeOwner() != 0 && state.probeUntil() != null && state.probeUntil().isAfter(now)) {
            wait = longest(wait, QuotaProbe.waitFor(IN_FLIGHT_POLL.multipliedBy(10), "breaker half-open, probe in flight"));
        }
        Map<String, Instant> since = new LinkedHashMap<>();
        for (Window window : windows(kind)) {
            since.put(window.storedName(), now.minus(window.length()));
        }
        Duration spacing = state.adaptiveRate() == null ? null : AdaptiveRate.spacing(state.adaptiveRate());
        if (spacing != null) {
            since.put(Window.ADAPTIVE, now.minus(spacing));
        }
        Map<String, QuotaStore.WindowUse> uses = ledger.use(since);
        for (Window window : windows(kind)) {
            wait = longest(wait, occupied(uses.get(window.storedName()), window.length(), limits.of(window), now,
                    window.storedName() + " " + limits.of(window)));
        }
        if (spacing != null) {
            wait = longest(wait, occupied(uses.get(Window.ADAPTIVE), spacing, 1, now,
                    String.format("adaptive rate %.3f requests/s", state.adaptiveRate())));
        }
        wait = longest(wait, bytesWait(ledger, now));
        if (!wait.permitted()) {
            return wait;
        }
        Instant provisional = now.plus(MAX_IN_FLIGHT);
        ledger.take(List.copyOf(since.keySet()), provisional, owner);
        if (halfOpen) {
            LOG.info("feed {}: breaker half-open; sending one probe request", feedId);
            ledger.save(state.withBreaker(state.suspendedUntil(), state.consecutiveLimited(), owner, provisional));
        }
        return wait;
    }

    /**
     * Granted while fewer than {@code limit} requests occupy the window; otherwise the wait until the oldest
     * leaves it, or a short poll when that one is still in flight (its answer will move it earlier).
     */
    private static QuotaProbe occupied(QuotaStore.WindowUse use, Duration length, int limit, Instant now,
                                       String reason) {
        if (use.count() < limit) {
            return QuotaProbe.granted();
        }
        // An answered row's release is its answer (at most now); an unanswered one's is 2 minutes after sending.
        if (use.oldestRelease().isAfter(now.plusMillis(1))) {
            return QuotaProbe.waitFor(IN_FLIGHT_POLL, reason + IN_FLIGHT);
        }
        return QuotaProbe.waitFor(Duration.between(now, use.oldestRelease().plus(length)), reason);
    }

    /** Bytes per hour: the next response is assumed as large as the largest seen, so the hour is never crossed. */
    private QuotaProbe bytesWait(QuotaStore.Ledger ledger, Instant now) {
        Long limit = limits.bytesPerHour();
        if (limit == null) {
            return QuotaProbe.granted();
        }
        long expected;
        synchronized (this) {
            expected = largestResponse;
        }
        Instant start = minuteStart(now);
        long used = ledger.bytesSince(start.minus(Duration.ofHours(1)));
        if (used + expected <= limit && used < limit) {
            return QuotaProbe.granted();
        }
        return QuotaProbe.waitFor(Duration.between(now, start.plus(Duration.ofMinutes(1))), "bytes/hour " + limit);
    }

    private void release(QuotaStore.Ledger ledger, RequestKind kind, Instant now) {
        ledger.release(releasedWindows(kind), owner, now);
    }

    private List<String> releasedWindows(RequestKind kind) {
        List<String> names = new ArrayList<>();
        windows(kind).forEach(window -> names.add(window.storedName()));
        names.add(Window.ADAPTIVE);
        return names;
    }

    /** How long a bare 429 holds every request: the shortest limited window, between 1 s and 1 min. */
    private Duration shortestWindow(RequestKind kind) {
        Duration shortest = MAX_BARE_429_PAUSE;
        for (Window window : windows(kind)) {
            if (window.length().compareTo(shortest) < 0) {
                shortest = window.length();
            }
        }
        return shortest.compareTo(MIN_BARE_429_PAUSE) < 0 ? MIN_BARE_429_PAUSE : shortest;
    }

    /** The windows with a limit that count this kind of request. */
    private List<Window> windows(RequestKind kind) {
        List<Window> counted = new ArrayList<>();
        for (Window window : Window.values()) {
            if (window.counts(kind) && limits.of(window) != null) {
                counted.add(window);
            }
        }
        return counted;
    }

    /** Retry-After, and the provider's quota headers: an exhausted quota waits for its reset; foreign use warns. */
    private QuotaCredentialRow obeyHeaders(QuotaStore.Ledger ledger, QuotaCredentialRow row, RequestKind kind,
                                           int status, HttpHeaders headers, Instant now) {
        if (status == 429 || status == 503) {
            Optional<Instant> until = RetryAfter.until(headers.firstValue("Retry-After"), now);
            if (until.isPresent()) {
                row = row.withBlockedUntil(later(row.blockedUntil(), until.get()));
            } else if (status == 429) {
                // A bare 429 does not say which window is full. Sent again at once it lands in the provider's
                // same window and is refused again: three of those open the breaker. The shortest window ends
                // by then, whichever way the provider aligns it.
                row = row.withBlockedUntil(later(row.blockedUntil(), now.plus(shortestWindow(kind))));
            }
        }
        for (ProviderQuota quota : ProviderQuota.of(headers, now)) {
            if (quota.remaining() <= 0 && quota.reset().isAfter(now)) {
                LOG.info("feed {}: provider reports {} exhausted; no requests until {}", feedId, quota.name(),
                        quota.reset());
                row = row.withBlockedUntil(later(row.blockedUntil(), quota.reset()));
            }
            row = checkForeignUse(ledger, row, kind, quota, now);
        }
        return row;
    }

    /**
     * The provider counted more requests in its hour than this database counted in the last hour (every
     * request it counted arrived within the last hour, so ours would include it): someone else uses the credential.
     */
    private QuotaCredentialRow checkForeignUse(QuotaStore.Ledger ledger, QuotaCredentialRow row, RequestKind kind,
                                               ProviderQuota quota, Instant now) {
        Window window = kind == RequestKind.MEDIA && limits.mediaPerHour() != null ? Window.MEDIA_HOUR
                : Window.REQUESTS_HOUR;
        if (!quota.length().equals(window.length()) || limits.of(window) == null) {
            return row;
        }
        long own = ledger.use(Map.of(window.storedName(), now.minus(window.length()))).get(window.storedName()).count();
        long slack = Math.max(5, quota.limit() / 50);
        if (quota.used() <= own + slack) {
            return row;
        }
        String warning = USED_ELSEWHERE + ": the provider counts " + quota.used() + " of " + quota.limit() + " ("
                + quota.name() + ") this hour, this deployment sent " + own;
        if (row.warningAt() == null || !row.warningAt().plus(WARNING_REPEAT).isAfter(now)) {
            LOG.warn("feed {}: {}; another deployment or tool shares this token, and together you may be suspended",
                    feedId, warning);
            return row.withWarning(warning, now);
        }
        return row;
    }

    /** The breaker and the adaptive rate learn from the status. */
    private QuotaCredentialRow learn(QuotaCredentialRow row, int status, Instant sentAt, Instant now) {
        boolean probe = row.probeOwner() == owner;
        if (status == 429) {
            // A request sent before the last slow-down was paced by the old, faster rate: its 429 says nothing
            // about the new rate, so it neither slows down again nor counts towards the breaker.
            boolean pacedByOldRate = row.decreasedAt() != null && sentAt.isBefore(row.decreasedAt());
            row = rates.slowedDown(row, sentAt, now);
            int consecutive = row.consecutiveLimited() + (pacedByOldRate && !probe ? 0 : 1);
            if (probe) {
                Instant until = now.plus(policy.coolDown());
                LOG.warn("feed {}: the half-open probe got 429; breaker open again, no requests until {}", feedId, until);
                return row.withBreaker(until, 0, 0, null);
            }
            if (consecutive >= policy.breakerThreshold()) {
                Instant until = now.plus(policy.coolDown());
                LOG.warn("feed {}: {} consecutive 429 answers; breaker open, no requests until {}", feedId, consecutive,
                        until);
                return row.withBreaker(until, 0, 0, null);
            }
            return row.withBreaker(row.suspendedUntil(), consecutive, row.probeOwner(), row.probeUntil());
        }
        if (status == 503) {
            row = rates.slowedDown(row, sentAt, now);
            return probe ? row.withBreaker(row.suspendedUntil(), row.consecutiveLimited(), 0, null) : row;
        }
        if (probe) {
            LOG.info("feed {}: the half-open probe got HTTP {}; breaker closed", feedId, status);
            row = row.withBreaker(null, 0, 0, null);
        } else if (row.consecutiveLimited() != 0) {
            row = row.withBreaker(row.suspendedUntil(), 0, row.probeOwner(), row.probeUntil());
        }
        return status < 400 ? rates.spedUp(row, now) : row;
    }

    /**
     * A success that changes nothing shared (the breaker is closed, the rate at its ceiling, no quota headers):
     * it only has to release its windows, which needs no credential lock.
     */
    private boolean plainSuccess(int status, HttpHeaders headers) {
        if (status >= 400 || headers.firstValue("Retry-After").isPresent()
                || !ProviderQuota.of(headers, Instant.EPOCH).isEmpty()) {
            return false;
        }
        QuotaCredentialRow row = store.credential(credentialId).orElse(null);
        return row != null && row.consecutiveLimited() == 0 && row.adaptiveRate() == null && row.learnedRate() == null
                && row.suspendedUntil() == null && row.probeOwner() == 0;
    }

    /** Forgets this instance's oldest request of the kind in flight and returns when it was sent. */
    private synchronized Instant sentAt(RequestKind kind, Instant now) {
        for (Iterator<Sent> it = inFlight.iterator(); it.hasNext(); ) {
            Sent sent = it.next();
            if (sent.kind() == kind) {
                it.remove();
                return sent.at();
            }
        }
        return now;
    }

    private static Instant later(Instant current, Instant candidate) {
        return current == null || candidate.isAfter(current) ? candidate : current;
    }

    private static Instant minuteStart(Instant now) {
        long epoch = now.getEpochSecond();
        return Instant.ofEpochSecond(epoch - Math.floorMod(epoch, 60));
    }

    private static long ownerId() {
        long id = new SecureRandom().nextLong();
        return id == 0 ? 1 : id;
    }

    private static QuotaProbe longest(QuotaProbe first, QuotaProbe second) {
        if (first.permitted()) {
            return second;
        }
        return second.permitted() || first.nanosToWait() >= second.nanosToWait() ? first : second;
    }
}
