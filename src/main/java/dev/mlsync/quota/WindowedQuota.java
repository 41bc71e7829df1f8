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
import java.util.Arrays;
import java.util.Iterator;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.atomic.AtomicLong;
import java.util.concurrent.locks.ReentrantLock;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * {@link Quota} over state shared in PostgreSQL through {@link QuotaStore}: rolling windows, the adaptive
 * rate, Retry-After, the breaker and its half-open probe. Every decision and every answer is one
 * transaction under the credential's row lock, so all instances in all processes on one database act as one.
 *
 * <p>Batched grants: one locked decision grants as many slots as requests wait in this process's line for the
 * credential (at most the allowed rate over {@link #BATCH_HORIZON}, and at most what every window still has).
 * Each slot counts in every window of its kind from the moment it is granted, exactly as a request did when
 * every request had its own decision; the slots beyond the first wait in {@link LocalGrants} for the requests
 * queued behind, which take them without the database, or go back unused after
 * {@link LocalGrants#SLOT_LIFETIME}, on a 429/503, and on {@link #close}. A slot in flight holds provisional
 * rows (released by its answer, or {@link #MAX_IN_FLIGHT} after sending when no answer is ever reported). An
 * answer releases the instance's oldest slot in flight of its kind: which one does not matter, since all rows
 * of a window weigh the same. Only one slot is granted at a time while the rate is slowed to one request at a
 * time or the breaker is half-open, so a slow-down or a probe still decides request by request.
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

    /** A process's first answers of a credential: until it has them, it sends one request at a time. */
    static final int WARM_UP_ANSWERS = 5;
    /** The longest a request waits for an earlier one's answer while warming up. */
    static final Duration WARM_UP_WAIT = Duration.ofSeconds(2);

    /** A batch holds at most the allowed rate's requests of this long (at least one). */
    static final Duration BATCH_HORIZON = Duration.ofMillis(500);
    /** Most slots one decision grants when no rate is published. */
    static final int MAX_BATCH = 64;

    private final String feedId;
    private final String credentialId;
    private final QuotaLimits limits;
    private final QuotaPolicy policy;
    private final QuotaStore store;
    private final Clock clock;
    private final Sleeper sleeper;
    private final AdaptiveRate rates;
    private final BreakerListener breaker;
    private final LocalGrants local;
    /** This instance in the credential row: the owner of the half-open probe. */
    private final long owner = ownerId();
    /** Slot ids are this base plus a count: unique among the slots of all processes in flight. */
    private final long slotBase = ownerId();
    private final AtomicLong slotCount = new AtomicLong();
    /** This instance's requests in flight (grant time and slot), oldest first. */
    private final ArrayDeque<Sent> inFlight = new ArrayDeque<>();
    private long largestResponse;

    private record Sent(RequestKind kind, Instant at, long slot) {
    }

    /** What a locked decision gave: granted (with the slots' ids, the first for the request that asked) or wait. */
    private record Grant(QuotaProbe probe, long[] slots, Duration spacing) {
        Grant(QuotaProbe probe) {
            this(probe, new long[0], Duration.ZERO);
        }
    }

    WindowedQuota(String feedId, String credentialId, QuotaLimits limits, QuotaPolicy policy, QuotaStore store,
                  Clock clock, Sleeper sleeper) {
        this(feedId, credentialId, limits, policy, store, clock, sleeper, BreakerListener.NONE);
    }

    WindowedQuota(String feedId, String credentialId, QuotaLimits limits, QuotaPolicy policy, QuotaStore store,
                  Clock clock, Sleeper sleeper, BreakerListener breaker) {
        this(feedId, credentialId, limits, policy, store, clock, sleeper, breaker, LocalGrants.of(clock));
    }

    /** {@code local} stands for the process: quotas with different ones act as in different processes. */
    WindowedQuota(String feedId, String credentialId, QuotaLimits limits, QuotaPolicy policy, QuotaStore store,
                  Clock clock, Sleeper sleeper, BreakerListener breaker, LocalGrants local) {
        this.local = local;
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
    public QuotaProbe tryAcquire(RequestKind kind) {
        return tryAcquire(kind, 1);
    }

    /**
     * Takes a free slot of this process, or asks the database for up to {@code wanted} (the first for this
     * request, the others free for the requests queued behind it).
     */
    QuotaProbe tryAcquire(RequestKind kind, int wanted) {
        Instant now = clock.instant();
        LocalGrants.Free free = local.free(credentialId, kind, limits);
        List<LocalGrants.Slot> stale = new ArrayList<>();
        LocalGrants.Slot slot = free.take(now, stale);
        giveBack(stale);
        if (slot != null) {
            sending(new Sent(kind, slot.grantedAt(), slot.id()));
            return QuotaProbe.granted();
        }
        Grant grant = store.withLocked(credentialId, now, ledger -> decide(ledger, kind, now, wanted));
        QuotaProbe probe = grant.probe();
        if (probe.permitted()) {
            local.pace(credentialId).space(grant.spacing());
            sending(new Sent(kind, now, grant.slots()[0]));
            List<LocalGrants.Slot> spare = new ArrayList<>();
            for (int i = 1; i < grant.slots().length; i++) {
                spare.add(new LocalGrants.Slot(grant.slots()[i], now));
            }
            free.add(spare);
            return probe;
        }
        // The wait was counted from before the decision; the decision itself took some of it.
        Duration decided = Duration.between(now, clock.instant());
        return probe.suspendedUntil() != null || decided.compareTo(probe.waitDuration()) >= 0 ? probe
                : new QuotaProbe(false, probe.nanosToWait() - decided.toNanos(), probe.reason(), null);
    }

    /**
     * Waits in line: within a process the requests of one credential (all its feeds) and kind queue on a fair lock,
     * so only the head of the queue asks the database, and requests are granted in the order they came. Before it
     * asks, the head keeps the process's {@link LocalGrants.Pace}: no sooner than one spacing after the credential's
     * previous grant, and, until the process has {@link #WARM_UP_ANSWERS} answers, not while one is unanswered. So
     * a 429 is known before the next request is decided, even while a cold process answers slowly.
     */
    @Override
    public void acquire(RequestKind kind) throws InterruptedException {
        ReentrantLock line = local.line(credentialId, kind);
        LocalGrants.Answers answers = answers();
        LocalGrants.Pace pace = local.pace(credentialId);
        line.lockInterruptibly();
        try {
            long seen = answers.count();
            for (;;) {
                warmUp(answers, pace);
                Instant claimed = clock.instant();
                Duration paced = pace.claim(claimed);
                if (paced.isPositive()) {
                    sleeper.sleep(paced);
                    continue;
                }
                QuotaProbe probe;
                try {
                    probe = tryAcquire(kind, demand(line));
                } catch (RuntimeException e) {
                    pace.unclaim(claimed);
                    throw e;
                }
                if (probe.permitted()) {
                    return;
                }
                pace.unclaim(claimed);
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

    /** While the process has fewer than {@link #WARM_UP_ANSWERS} answers: waits (a while at most) for one in flight. */
    private static void warmUp(LocalGrants.Answers answers, LocalGrants.Pace pace) throws InterruptedException {
        long answered = answers.count();
        if (answered < WARM_UP_ANSWERS && pace.sent() > answered) {
            answers.awaitAfter(answered, WARM_UP_WAIT);
        }
    }

    /** This request and those queued behind it in the process's line. */
    private static int demand(ReentrantLock line) {
        return 1 + line.getQueueLength();
    }

    @Override
    public void onResponse(RequestKind kind, int status, HttpHeaders headers) {
        Instant now = clock.instant();
        Sent sent = sent(kind);
        Instant sentAt = sent == null ? now : sent.at();
        if (status == 429 || status == 503) {
            // Slots granted before the provider pushed back were sized for the rate it just refused.
            giveBack(drainFree());
        }
        boolean closedBreaker = false;
        if (plainAnswer(status, headers, now)) {
            if (sent != null) {
                store.release(credentialId, sent.slot(), now);
            }
        } else {
            closedBreaker = store.withLocked(credentialId, now, ledger -> {
                release(ledger, sent, now);
                QuotaCredentialRow before = ledger.state();
                QuotaCredentialRow row = learn(obeyHeaders(ledger, before, kind, status, headers, now), status, sentAt,
                        now, status == 429 ? answeredSinceDecrease(ledger, before, now) : java.util.OptionalLong.empty());
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
        Sent sent = sent(kind);
        QuotaCredentialRow current = store.credential(credentialId).orElse(null);
        if (current == null || current.probeOwner() != owner) {
            // Only this instance sets itself as the probe's owner, so an unlocked read cannot miss that.
            if (sent != null) {
                store.release(credentialId, sent.slot(), now);
            }
            answers().answered();
            return;
        }
        store.withLocked(credentialId, now, ledger -> {
            release(ledger, sent, now);
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

    /** Returns the free slots of this process for the credential (and these limits), so other processes may use them. */
    @Override
    public void close() {
        giveBack(drainFree());
    }

    /** Slots granted to this process, not yet handed out, for this credential and these limits. */
    int freeSlots(RequestKind kind) {
        return local.free(credentialId, kind, limits).size();
    }

    private List<LocalGrants.Slot> drainFree() {
        List<LocalGrants.Slot> drained = new ArrayList<>();
        for (RequestKind kind : RequestKind.values()) {
            drained.addAll(local.free(credentialId, kind, limits).drain());
        }
        return drained;
    }

    /** Deletes unused slots' rows; if that fails they leave their windows on their own after {@link #MAX_IN_FLIGHT}. */
    private void giveBack(List<LocalGrants.Slot> unused) {
        if (unused.isEmpty()) {
            return;
        }
        try {
            store.returnSlots(credentialId, unused.stream().mapToLong(LocalGrants.Slot::id).toArray());
        } catch (RuntimeException e) {
            LOG.warn("feed {}: returning {} unused quota slots failed ({}); they free their windows within {}", feedId,
                    unused.size(), e.toString(), MAX_IN_FLIGHT);
        }
    }

    private LocalGrants.Answers answers() {
        return local.answers(credentialId);
    }

    /** Requests per second now allowed; infinite when at the ceiling without a published limit. */
    double currentRate() {
        Double rate = store.credential(credentialId).map(QuotaCredentialRow::adaptiveRate).orElse(null);
        return rate != null ? rate : limits.ceilingPerSecond();
    }

    /**
     * Counts up to {@code wanted} slots in every window the kind belongs to, unless something makes the request
     * wait (the longest wait wins): as many as every window still has room for, at most the allowed rate's
     * requests over {@link #BATCH_HORIZON}, and one only while the breaker is half-open.
     */
    private Grant decide(QuotaStore.Ledger ledger, RequestKind kind, Instant now, int wanted) {
        QuotaCredentialRow state = ledger.state();
        if (state.suspendedUntil() != null && state.suspendedUntil().isAfter(now)) {
            return new Grant(QuotaProbe.suspended(state.suspendedUntil(), now));
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
        Double rate = state.adaptiveRate();
        Duration adaptive = rate == null ? null : AdaptiveRate.window(rate);
        if (adaptive != null) {
            since.put(Window.ADAPTIVE, now.minus(adaptive));
        }
        Map<String, QuotaStore.WindowUse> uses = ledger.use(since);
        int room = halfOpen ? 1 : Math.min(wanted, batchLimit(rate));
        for (Window window : windows(kind)) {
            QuotaStore.WindowUse use = uses.get(window.storedName());
            wait = longest(wait, occupied(use, window.length(), limits.of(window), now,
                    window.storedName() + " " + limits.of(window)));
            room = (int) Math.min(room, limits.of(window) - use.count());
        }
        if (adaptive != null) {
            QuotaStore.WindowUse use = uses.get(Window.ADAPTIVE);
            int burst = AdaptiveRate.burst(rate);
            wait = longest(wait, occupied(use, adaptive, burst, now,
                    String.format("adaptive rate %.3f requests/s", rate)));
            room = (int) Math.min(room, burst - use.count());
        }
        wait = longest(wait, bytesWait(ledger, now));
        if (!wait.permitted()) {
            return new Grant(wait);
        }
        long[] slots = new long[Math.max(1, Math.min(room, bytesRoom(ledger, now)))];
        for (int i = 0; i < slots.length; i++) {
            slots[i] = nextSlot();
        }
        Instant provisional = now.plus(MAX_IN_FLIGHT);
        List<String> windows = List.copyOf(since.keySet());
        ledger.take(windows, provisional, Arrays.copyOf(slots, 1));
        if (slots.length > 1) {
            // A spare slot may wait up to its lifetime before its request is sent, and must last MAX_IN_FLIGHT after.
            ledger.take(windows, provisional.plus(LocalGrants.SLOT_LIFETIME), Arrays.copyOfRange(slots, 1, slots.length));
        }
        if (halfOpen) {
            LOG.info("feed {}: breaker half-open; sending one probe request", feedId);
            ledger.save(state.withBreaker(state.suspendedUntil(), state.consecutiveLimited(), owner, provisional));
        }
        return new Grant(wait, slots, spacing(kind, rate));
    }

    /**
     * How far apart this process sends the credential's requests: 1/rate of the slowed-down rate or of the
     * requests/second limit, whichever is slower; none without either.
     */
    private Duration spacing(RequestKind kind, Double adaptiveRate) {
        double rate = adaptiveRate != null ? adaptiveRate : Double.POSITIVE_INFINITY;
        Integer perSecond = limits.of(Window.REQUESTS_SECOND);
        if (perSecond != null && Window.REQUESTS_SECOND.counts(kind)) {
            rate = Math.min(rate, perSecond);
        }
        return Double.isInfinite(rate) ? Duration.ZERO : AdaptiveRate.spacing(rate);
    }

    /** The allowed rate's requests over {@link #BATCH_HORIZON}, at least one. */
    private int batchLimit(Double adaptiveRate) {
        double rate = adaptiveRate != null ? adaptiveRate : limits.ceilingPerSecond();
        if (Double.isInfinite(rate)) {
            return MAX_BATCH;
        }
        return (int) Math.max(1, Math.min(MAX_BATCH, Math.floor(rate * BATCH_HORIZON.toNanos() / 1e9)));
    }

    private long nextSlot() {
        long id = slotBase + slotCount.incrementAndGet();
        return id == 0 ? nextSlot() : id;
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

    /** How many responses as large as the largest seen the bytes per hour still has room for. */
    private int bytesRoom(QuotaStore.Ledger ledger, Instant now) {
        Long limit = limits.bytesPerHour();
        long expected;
        synchronized (this) {
            expected = largestResponse;
        }
        if (limit == null || expected == 0) {
            return Integer.MAX_VALUE;
        }
        long used = ledger.bytesSince(minuteStart(now).minus(Duration.ofHours(1)));
        return (int) Math.min(Integer.MAX_VALUE, Math.max(0, limit - used) / expected);
    }

    private static void release(QuotaStore.Ledger ledger, Sent sent, Instant now) {
        if (sent != null) {
            ledger.release(sent.slot(), now);
        }
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
    /**
     * Requests answered since the last slow-down, counted in the shortest limited window (any kind) that still
     * holds every row since then; empty when no limited window is that long (or there was no slow-down).
     */
    private java.util.OptionalLong answeredSinceDecrease(QuotaStore.Ledger ledger, QuotaCredentialRow row, Instant now) {
        Instant since = row.decreasedAt();
        if (since == null) {
            return java.util.OptionalLong.empty();
        }
        Duration ago = Duration.between(since, now);
        for (Window window : windows(RequestKind.DATA)) { // Window order: shortest first
            if (!window.length().minus(ago).isNegative()) {
                return java.util.OptionalLong.of(ledger.answeredSince(window.storedName(), since));
            }
        }
        return java.util.OptionalLong.empty();
    }

    private QuotaCredentialRow learn(QuotaCredentialRow row, int status, Instant sentAt, Instant now,
                                     java.util.OptionalLong answeredSince) {
        boolean probe = row.probeOwner() == owner;
        if (status == 429) {
            // A request sent before the last slow-down was paced by the old, faster rate: its 429 says nothing
            // about the new rate, so it neither slows down again nor counts towards the breaker.
            boolean pacedByOldRate = row.decreasedAt() != null && sentAt.isBefore(row.decreasedAt());
            row = rates.slowedDown(row, sentAt, now, answeredSince);
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
            row = rates.backedOff(row, sentAt, now);
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
     * An answer that changes nothing shared (the breaker is closed, no 429/503, no quota headers, and a success
     * would not raise the adaptive rate): it only has to release its slot, which needs no credential lock.
     * Read without the lock: a change another process makes meanwhile is at worst one speed-up late.
     */
    private boolean plainAnswer(int status, HttpHeaders headers, Instant now) {
        if (status == 429 || status == 503 || headers.firstValue("Retry-After").isPresent()
                || !ProviderQuota.of(headers, Instant.EPOCH).isEmpty()) {
            return false;
        }
        QuotaCredentialRow row = store.credential(credentialId).orElse(null);
        return row != null && row.consecutiveLimited() == 0 && row.suspendedUntil() == null && row.probeOwner() == 0
                && (status >= 400 || rates.spedUp(row, now) == row);
    }

    private void sending(Sent sent) {
        synchronized (inFlight) {
            inFlight.addLast(sent);
        }
    }

    /** Forgets this instance's oldest request of the kind in flight and returns it, or null when there is none. */
    private Sent sent(RequestKind kind) {
        synchronized (inFlight) {
            for (Iterator<Sent> it = inFlight.iterator(); it.hasNext(); ) {
                Sent sent = it.next();
                if (sent.kind() == kind) {
                    it.remove();
                    return sent;
                }
            }
            return null;
        }
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
