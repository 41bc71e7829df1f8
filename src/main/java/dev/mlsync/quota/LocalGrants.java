package dev.mlsync.quota;

import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayDeque;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.WeakHashMap;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.locks.ReentrantLock;

/**
 * What the quotas of one process share without the database: per credential and kind of request the line
 * requests wait in, the count of answers (so a request waiting for one in flight wakes at once), the
 * slots a batched grant gave beyond the request that asked for them, for the requests queued behind it, and
 * per credential the {@link Pace} that spaces this process's requests.
 *
 * <p>Every slot here is already counted in PostgreSQL in every window of its kind since it was granted, so
 * handing it out needs no database; one left unused for {@link #SLOT_LIFETIME} goes back (its rows are
 * deleted), because a grant that waits longer would be spent on a stale decision (a Retry-After or an open
 * breaker decided elsewhere since).
 */
final class LocalGrants {
    /** The one every quota of this JVM on the system clock uses; tests make more to stand for other processes. */
    static final LocalGrants PROCESS = new LocalGrants();
    private static final Map<Clock, LocalGrants> OTHER_CLOCKS = java.util.Collections.synchronizedMap(new WeakHashMap<>());
    /** A granted slot not handed out within this long is returned unused. */
    static final Duration SLOT_LIFETIME = Duration.ofMillis(500);

    private final Map<String, ReentrantLock> lines = new ConcurrentHashMap<>();
    private final Map<String, Answers> answers = new ConcurrentHashMap<>();
    private final Map<String, Free> free = new ConcurrentHashMap<>();
    private final Map<String, Pace> paces = new ConcurrentHashMap<>();

    /** A slot granted at {@code grantedAt}: its rows carry {@code id}. */
    record Slot(long id, Instant grantedAt) {
    }

    /**
     * The grants of the quotas on {@code clock}: {@link #PROCESS} for the system clock. Another clock (a test's) is
     * another timeline, whose times mean nothing on this one: its quotas share their own, as another process would.
     */
    static LocalGrants of(Clock clock) {
        if (clock.equals(Clock.systemUTC()) || clock.equals(Clock.systemDefaultZone())) {
            return PROCESS;
        }
        return OTHER_CLOCKS.computeIfAbsent(clock, c -> new LocalGrants());
    }

    ReentrantLock line(String credentialId, RequestKind kind) {
        return lines.computeIfAbsent(credentialId + "/" + kind, id -> new ReentrantLock(true));
    }

    Answers answers(String credentialId) {
        return answers.computeIfAbsent(credentialId, id -> new Answers());
    }

    /** The pace of one credential's requests in this process, whatever their kind. */
    Pace pace(String credentialId) {
        return paces.computeIfAbsent(credentialId, id -> new Pace());
    }

    /**
     * Free slots of one credential, kind and set of limits: quotas of one credential with other limits (another
     * {@code quota.share}) must not spend slots granted under these.
     */
    Free free(String credentialId, RequestKind kind, QuotaLimits limits) {
        return free.computeIfAbsent(credentialId + "/" + kind + "/" + limits, id -> new Free());
    }

    /** Slots granted and not yet handed out, oldest first. */
    static final class Free {
        private final ArrayDeque<Slot> slots = new ArrayDeque<>();

        /** The oldest slot still fresh at {@code now}, or null; stale ones move to {@code stale}. */
        synchronized Slot take(Instant now, List<Slot> stale) {
            for (Slot slot = slots.pollFirst(); slot != null; slot = slots.pollFirst()) {
                if (now.isBefore(slot.grantedAt().plus(SLOT_LIFETIME)) && !now.isBefore(slot.grantedAt())) {
                    return slot;
                }
                stale.add(slot);
            }
            return null;
        }

        synchronized void add(List<Slot> granted) {
            slots.addAll(granted);
        }

        /** Every free slot, removed. */
        synchronized List<Slot> drain() {
            List<Slot> all = new ArrayList<>(slots);
            slots.clear();
            return all;
        }

        synchronized int size() {
            return slots.size();
        }
    }

    /**
     * Spaces one credential's requests in this process at least {@code spacing} apart (1/rate of the allowed rate,
     * set by the last decision), so a process never sends its second's requests in one burst: a provider counting
     * a lower limit than it publishes (a hidden limit) refuses one request before the rate drops, not a burst of
     * them. The windows in PostgreSQL still decide how many; this only decides how close together.
     */
    static final class Pace {
        /** When the last request was due (or granted, after an idle while), and the one before it. */
        private Instant last;
        private Instant before;
        /** The clock's time of the last claim, which {@link #unclaim} gives back. */
        private Instant claimedAt;
        private Duration spacing = Duration.ZERO;
        private long sent;

        /**
         * Zero when a request may be granted at {@code now}, which then counts as the pace's last; otherwise how long
         * until it may. A next time further ahead than one spacing means the clock went back: it does not hold.
         */
        synchronized Duration claim(Instant now) {
            if (last != null) {
                Duration wait = Duration.between(now, last.plus(spacing));
                if (wait.isPositive() && wait.compareTo(spacing) <= 0) {
                    return wait;
                }
            }
            before = last;
            // A request sent a little after its time (a sleep oversleeps, the line hands over) does not move the
            // next one later: on average the pace is exactly its rate. After an idle while it starts anew.
            Instant due = last == null ? null : last.plus(spacing);
            last = due != null && !now.isBefore(due) && now.isBefore(due.plus(spacing)) ? due : now;
            claimedAt = now;
            sent++;
            return Duration.ZERO;
        }

        /** The claim at {@code claimed} was not granted (the windows said wait): the pace is as before it. */
        synchronized void unclaim(Instant claimed) {
            if (claimed.equals(claimedAt)) {
                claimedAt = null;
                last = before;
                sent--;
            }
        }

        /** Spacing from the last request on, as the latest decision found the allowed rate. */
        synchronized void space(Duration spacing) {
            this.spacing = spacing;
        }

        /** Requests granted through this pace. */
        synchronized long sent() {
            return sent;
        }
    }

    /** Counts answers and lets a waiter block until the next one (or a timeout). */
    static final class Answers {
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
}
