package dev.mlsync.store;

import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Timestamp;
import java.time.Duration;
import java.time.Instant;
import java.time.temporal.ChronoUnit;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ThreadLocalRandom;
import java.util.Optional;
import java.util.function.Function;
import org.jdbi.v3.core.Handle;
import org.jdbi.v3.core.Jdbi;
import org.jdbi.v3.core.transaction.TransactionIsolationLevel;

/**
 * Quota state in PostgreSQL ({@code V2__quota.sql}, {@code V4__quota_shared.sql}): per credential one
 * {@code quota_credential} row, the slots occupying its rolling windows ({@code quota_request}) and its
 * response bytes per minute ({@code quota_bytes}). Every grant runs in {@link #withLocked}, which locks the
 * credential's row first, so concurrent processes see each other's use and never both take the last unit of
 * a window.
 *
 * <p>A slot is one request's place in each window it counts in: one {@code quota_request} row per window,
 * all with the slot's id in {@code owner} (unique among slots in flight). Releasing or returning a slot
 * touches only its own rows, so two answers never wait on each other's rows; the cleanup of rows that left
 * their windows skips rows another transaction holds. No statement outside {@link #withLocked} waits for a
 * lock held by one inside it, and inside it the credential row is always locked first: no deadlock.
 */
public final class QuotaStore {
    /** Rows that left their window are deleted by one decision in this many. */
    private static final int CLEANUP_EVERY = 16;
    /** Windows at least this long have their answered rows merged into buckets ({@code V19}). */
    static final Duration MERGED_WINDOW = Duration.ofMinutes(10);
    /** A long window's bucket: this fraction of its length. */
    static final int BUCKETS_PER_WINDOW = 120;
    /** An answered row stays a row of its own this long, so recent answers are counted exactly. */
    static final Duration EXACT_FOR = Duration.ofSeconds(30);
    /** A credential's long windows are merged by at most one decision per this interval (per process). */
    static final Duration MERGE_EVERY = Duration.ofSeconds(5);

    /** When this process last merged each credential's long windows. */
    private final java.util.concurrent.ConcurrentHashMap<String, Instant> mergedAt =
            new java.util.concurrent.ConcurrentHashMap<>();

    private final Jdbi jdbi;

    QuotaStore(Jdbi jdbi) {
        this.jdbi = jdbi;
    }

    /**
     * Use of one rolling window: rows whose {@code release_at} is after {@code since} (= now − length).
     *
     * @param oldestRelease the earliest {@code release_at} among them, or null when there is none
     */
    public record WindowUse(long count, Instant oldestRelease) {
    }

    /** What a decision made under the credential's lock reads and writes. */
    public interface Ledger {
        QuotaCredentialRow state();

        /** Replaces the credential row with {@code row} when the transaction commits. */
        void save(QuotaCredentialRow row);

        /** Use of each rolling window (by name, with its start = now − length); rows that left them may be forgotten. */
        Map<String, WindowUse> use(Map<String, Instant> sinceByWindow);

        /**
         * Counts each of {@code slots} in each window, occupying them until {@code release} (provisional): one row
         * per slot and window, {@code owner} = the slot's id.
         */
        void take(List<String> windows, Instant release, long[] slots);

        /** See {@link QuotaStore#release}. */
        void release(long slot, Instant answeredAt);

        /**
         * Requests of the window {@code window} answered after {@code since}, or still in flight: its rows whose
         * {@code release_at} (the answer's time; a provisional later time while in flight) is later. Exact only
         * while {@code since} is within the window's length of now (older rows may have been forgotten) and, for
         * a window of {@link #MERGED_WINDOW} or longer, within {@link #EXACT_FOR} of now: further back, answered
         * rows are merged into buckets and a bucket that began before {@code since} is not counted (an
         * undercount, never more than the truth).
         */
        long answeredSince(String window, Instant since);

        /** Response bytes counted since {@code since} (minute buckets starting at or after it). */
        long bytesSince(Instant since);

        void addBytes(Instant minuteStart, long bytes);
    }

    /**
     * Runs {@code decide} with the credential's state locked ({@code SELECT … FOR UPDATE}, the row is created on
     * first use) and commits what it wrote. An exception from {@code decide} rolls back.
     */
    public <T> T withLocked(String credentialId, Instant now, Function<Ledger, T> decide) {
        return jdbi.inTransaction(TransactionIsolationLevel.READ_COMMITTED, handle -> {
            QuotaCredentialRow state = lock(handle, credentialId, now);
            Instant lastMerge = mergedAt.get(credentialId);
            boolean merge = lastMerge == null || !now.isBefore(lastMerge.plus(MERGE_EVERY)) || now.isBefore(lastMerge);
            LockedLedger ledger = new LockedLedger(handle, state, now, merge);
            T result = decide.apply(ledger);
            if (ledger.merged) {
                mergedAt.put(credentialId, now);
            }
            if (!ledger.saved.equals(state)) {
                update(handle, ledger.saved, now);
            }
            return result;
        });
    }

    /**
     * Moves everything counted under {@code from} (the id an earlier version gave the same credential) to {@code to},
     * so an upgrade neither forgets the hour's requests nor bursts: requests and buckets (a bucket that both have
     * adds up), bytes per minute (added up), and the state, the stricter of both (later blocked/suspended until,
     * lower adaptive and learned rate). Nothing when {@code from} has no row; several processes starting at once
     * move it once.
     */
    public void adopt(String from, String to, Instant now) {
        if (from.equals(to)) {
            return;
        }
        jdbi.useTransaction(TransactionIsolationLevel.READ_COMMITTED, handle -> {
            boolean exists = handle.createQuery("SELECT 1 FROM quota_credential WHERE credential_id = :from FOR UPDATE")
                    .bind("from", from).mapTo(Integer.class).findOne().isPresent();
            if (!exists) {
                return;
            }
            lock(handle, to, now);
            handle.createUpdate("""
                    UPDATE quota_credential t
                    SET blocked_until = GREATEST(t.blocked_until, o.blocked_until),
                        suspended_until = GREATEST(t.suspended_until, o.suspended_until),
                        consecutive_limited = GREATEST(t.consecutive_limited, o.consecutive_limited),
                        adaptive_rate = LEAST(t.adaptive_rate, o.adaptive_rate),
                        learned_rate = LEAST(t.learned_rate, o.learned_rate),
                        learned_at = GREATEST(t.learned_at, o.learned_at),
                        decreased_at = GREATEST(t.decreased_at, o.decreased_at),
                        updated_at = :now
                    FROM quota_credential o
                    WHERE t.credential_id = :to AND o.credential_id = :from""")
                    .bind("to", to).bind("from", from).bind("now", now).execute();
            handle.createUpdate("""
                    UPDATE quota_request t SET weight = t.weight + o.weight
                    FROM quota_request o
                    WHERE o.credential_id = :from AND o.merged_from IS NOT NULL
                      AND t.credential_id = :to AND t.merged_from IS NOT NULL
                      AND t.window_name = o.window_name AND t.release_at = o.release_at""")
                    .bind("to", to).bind("from", from).execute();
            handle.createUpdate("""
                    DELETE FROM quota_request o
                    WHERE o.credential_id = :from AND o.merged_from IS NOT NULL
                      AND EXISTS (SELECT 1 FROM quota_request t
                                  WHERE t.credential_id = :to AND t.merged_from IS NOT NULL
                                    AND t.window_name = o.window_name AND t.release_at = o.release_at)""")
                    .bind("to", to).bind("from", from).execute();
            handle.createUpdate("UPDATE quota_request SET credential_id = :to WHERE credential_id = :from")
                    .bind("to", to).bind("from", from).execute();
            handle.createUpdate("""
                    INSERT INTO quota_bytes (credential_id, minute_start, bytes)
                    SELECT :to, minute_start, bytes FROM quota_bytes WHERE credential_id = :from
                    ON CONFLICT (credential_id, minute_start) DO UPDATE SET bytes = quota_bytes.bytes + EXCLUDED.bytes""")
                    .bind("to", to).bind("from", from).execute();
            handle.createUpdate("DELETE FROM quota_credential WHERE credential_id = :from").bind("from", from).execute();
        });
    }

    /**
     * The answer of the request sent in {@code slot} came at {@code answeredAt}: its rows now occupy their windows
     * until then plus their length. Needs no credential lock: it only moves the slot's own rows' release
     * earlier, towards the truth, so a decision running beside it sees either value and stays safe.
     */
    public void release(String credentialId, long slot, Instant answeredAt) {
        jdbi.useHandle(handle -> release(handle, credentialId, slot, answeredAt));
    }

    private static void release(Handle handle, String credentialId, long slot, Instant answeredAt) {
        handle.createUpdate("""
                UPDATE quota_request SET release_at = :answered, owner = 0
                WHERE credential_id = :id AND owner = :slot""")
                .bind("id", credentialId).bind("slot", slot).bind("answered", micros(answeredAt)).execute();
    }

    /**
     * Slots granted but never used for a request: their rows go, since the provider never saw a request for
     * them. Touches only their own rows, so it needs no credential lock either.
     */
    public void returnSlots(String credentialId, long[] slots) {
        if (slots.length == 0) {
            return;
        }
        jdbi.useHandle(handle -> handle.createUpdate("""
                DELETE FROM quota_request WHERE credential_id = :id AND owner = ANY(:slots) AND owner <> 0""")
                .bind("id", credentialId).bindArray("slots", Long.class, (Object[]) boxed(slots)).execute());
    }

    /**
     * Adds response bytes to the credential's current minute; an atomic upsert, so it needs no credential lock
     * (a decision running beside it sees the bytes or not yet, as if they came a moment later).
     */
    public void addBytes(String credentialId, Instant minuteStart, long bytes) {
        jdbi.useHandle(handle -> addBytes(handle, credentialId, minuteStart, bytes));
    }

    private static void addBytes(Handle handle, String credentialId, Instant minuteStart, long bytes) {
        handle.createUpdate("""
                INSERT INTO quota_bytes (credential_id, minute_start, bytes) VALUES (:id, :start, :bytes)
                ON CONFLICT (credential_id, minute_start) DO UPDATE SET bytes = quota_bytes.bytes + excluded.bytes""")
                .bind("id", credentialId).bind("start", minuteStart).bind("bytes", bytes).execute();
    }

    /** Requests occupying a rolling window now (in flight or answered within its length), for status. */
    public long used(String credentialId, String window, Instant since) {
        return jdbi.withHandle(handle -> handle.createQuery("""
                SELECT coalesce(sum(weight), 0) FROM quota_request
                WHERE credential_id = :id AND window_name = :window AND release_at > :since""")
                .bind("id", credentialId).bind("window", window).bind("since", since).mapTo(Long.class).one());
    }

    /** Every credential's state, for {@code mlsync status}. */
    public List<QuotaCredentialRow> credentials() {
        return jdbi.withHandle(handle -> handle.createQuery("SELECT credential_id FROM quota_credential ORDER BY 1")
                .mapTo(String.class).list().stream().map(id -> read(handle, id)).toList());
    }

    public Optional<QuotaCredentialRow> credential(String credentialId) {
        return jdbi.withHandle(handle -> Optional.ofNullable(read(handle, credentialId)));
    }

    private static final class LockedLedger implements Ledger {
        private final Handle handle;
        private final String id;
        private final QuotaCredentialRow state;
        private final Instant now;
        private final boolean mergeDue;
        private boolean merged;
        private QuotaCredentialRow saved;

        LockedLedger(Handle handle, QuotaCredentialRow state, Instant now, boolean mergeDue) {
            this.handle = handle;
            this.id = state.credentialId();
            this.state = state;
            this.now = now;
            this.mergeDue = mergeDue;
            this.saved = state;
        }

        @Override
        public QuotaCredentialRow state() {
            return state;
        }

        @Override
        public void save(QuotaCredentialRow row) {
            saved = row;
        }

        @Override
        public Map<String, WindowUse> use(Map<String, Instant> sinceByWindow) {
            Map<String, WindowUse> uses = new HashMap<>();
            if (sinceByWindow.isEmpty()) {
                return uses;
            }
            List<String> names = List.copyOf(sinceByWindow.keySet());
            Long[] since = names.stream().map(sinceByWindow::get).map(QuotaStore::epochMicros).toArray(Long[]::new);
            if (ThreadLocalRandom.current().nextInt(CLEANUP_EVERY) == 0) {
                // SKIP LOCKED: a row an answer is releasing right now is left for a later cleanup, so the
                // cleanup never waits for an answer (which never waits for the credential lock held here).
                handle.createUpdate("""
                        DELETE FROM quota_request WHERE ctid = ANY(ARRAY(
                            SELECT r.ctid FROM quota_request r JOIN unnest(:names, :since) AS w(name, since_us)
                                ON r.window_name = w.name
                            WHERE r.credential_id = :id
                              AND r.release_at <= timestamptz 'epoch' + w.since_us * interval '1 microsecond'
                            FOR UPDATE OF r SKIP LOCKED))""")
                        .bind("id", id).bindArray("names", String.class, names)
                        .bindArray("since", Long.class, (Object[]) since).execute();
            }
            if (mergeDue && !merged) {
                merge(sinceByWindow);
                merged = true;
            }
            handle.createQuery("""
                    SELECT w.name, coalesce(sum(r.weight), 0), min(r.release_at)
                    FROM unnest(:names, :since) AS w(name, since_us)
                    LEFT JOIN quota_request r
                           ON r.credential_id = :id AND r.window_name = w.name
                          AND r.release_at > timestamptz 'epoch' + w.since_us * interval '1 microsecond'
                    GROUP BY w.name""")
                    .bind("id", id).bindArray("names", String.class, names)
                    .bindArray("since", Long.class, (Object[]) since)
                    .map((rs, ctx) -> Map.entry(rs.getString(1), new WindowUse(rs.getLong(2), instant(rs, 3))))
                    .forEach(entry -> uses.put(entry.getKey(), entry.getValue()));
            return uses;
        }

        /**
         * Merges the answered rows of each long window, older than {@link #EXACT_FOR}, into the window's buckets
         * (one row per bucket: weight = requests, release_at = the bucket's end). Runs under the credential's lock
         * like every other statement that touches answered rows, and only answered rows (owner 0) move: a slot's
         * own rows are left to its release.
         */
        private void merge(Map<String, Instant> sinceByWindow) {
            List<String> names = new ArrayList<>();
            List<Long> buckets = new ArrayList<>();
            sinceByWindow.forEach((name, since) -> {
                Duration length = Duration.between(since, now);
                if (length.compareTo(MERGED_WINDOW) >= 0) {
                    names.add(name);
                    buckets.add(Math.max(1_000_000L, length.toNanos() / 1_000 / BUCKETS_PER_WINDOW));
                }
            });
            if (names.isEmpty()) {
                return;
            }
            handle.createUpdate("""
                    WITH merged AS (
                        DELETE FROM quota_request r USING unnest(:names, :buckets) AS w(name, bucket_us)
                        WHERE r.credential_id = :id AND r.window_name = w.name AND r.owner = 0
                          AND r.merged_from IS NULL AND r.release_at < :exactFrom
                        RETURNING r.window_name, w.bucket_us,
                                  ceil(extract(epoch FROM r.release_at) * 1000000 / w.bucket_us)::bigint AS bucket)
                    INSERT INTO quota_request (credential_id, window_name, release_at, owner, weight, merged_from)
                    SELECT :id, window_name,
                           timestamptz 'epoch' + bucket * bucket_us * interval '1 microsecond', 0, count(*),
                           timestamptz 'epoch' + (bucket - 1) * bucket_us * interval '1 microsecond'
                    FROM merged GROUP BY window_name, bucket_us, bucket
                    ON CONFLICT (credential_id, window_name, release_at) WHERE merged_from IS NOT NULL
                    DO UPDATE SET weight = quota_request.weight + excluded.weight""")
                    .bind("id", id).bindArray("names", String.class, names)
                    .bindArray("buckets", Long.class, buckets.toArray(Long[]::new))
                    .bind("exactFrom", micros(now.minus(EXACT_FOR))).execute();
        }

        @Override
        public void take(List<String> windows, Instant release, long[] slots) {
            if (windows.isEmpty() || slots.length == 0) {
                return;
            }
            handle.createUpdate("""
                    INSERT INTO quota_request (credential_id, window_name, release_at, owner)
                    SELECT :id, w, :release, s FROM unnest(:windows) AS w, unnest(:slots) AS s""")
                    .bind("id", id).bindArray("windows", String.class, windows).bind("release", micros(release))
                    .bindArray("slots", Long.class, (Object[]) boxed(slots)).execute();
        }

        @Override
        public void release(long slot, Instant answeredAt) {
            QuotaStore.release(handle, id, slot, answeredAt);
        }

        @Override
        public long answeredSince(String window, Instant since) {
            // A merged bucket counts only when it began after `since`: exact within EXACT_FOR of now, and
            // never more than the truth further back.
            return handle.createQuery("""
                    SELECT coalesce(sum(weight), 0) FROM quota_request
                    WHERE credential_id = :id AND window_name = :window AND release_at > :after
                      AND (merged_from IS NULL OR merged_from >= :after)""")
                    .bind("id", id).bind("window", window).bind("after", micros(since))
                    .mapTo(Long.class).one();
        }

        @Override
        public long bytesSince(Instant since) {
            handle.createUpdate("DELETE FROM quota_bytes WHERE credential_id = :id AND minute_start < :old")
                    .bind("id", id).bind("old", since.minus(Duration.ofHours(1))).execute();
            return handle.createQuery("""
                    SELECT coalesce(sum(bytes), 0) FROM quota_bytes
                    WHERE credential_id = :id AND minute_start >= :since""")
                    .bind("id", id).bind("since", since).mapTo(Long.class).one();
        }

        @Override
        public void addBytes(Instant minuteStart, long bytes) {
            QuotaStore.addBytes(handle, id, minuteStart, bytes);
        }
    }

    private static QuotaCredentialRow lock(Handle handle, String credentialId, Instant now) {
        QuotaCredentialRow row = read(handle, credentialId, " FOR UPDATE");
        if (row != null) {
            return row;
        }
        handle.createUpdate("""
                INSERT INTO quota_credential (credential_id, updated_at) VALUES (:id, :now)
                ON CONFLICT (credential_id) DO NOTHING""").bind("id", credentialId).bind("now", now).execute();
        return read(handle, credentialId, " FOR UPDATE");
    }

    private static void update(Handle handle, QuotaCredentialRow row, Instant now) {
        int updated = handle.createUpdate("""
                UPDATE quota_credential
                SET blocked_until = :blocked, suspended_until = :suspended, consecutive_limited = :consecutive,
                    adaptive_rate = :rate, learned_rate = :learned, learned_at = :learnedAt,
                    decreased_at = :decreased, probe_owner = :probe, probe_until = :probeUntil,
                    warning = :warning, warning_at = :warningAt, updated_at = :now
                WHERE credential_id = :id""")
                .bind("id", row.credentialId()).bindByType("blocked", upToMicros(row.blockedUntil()), Instant.class)
                .bindByType("suspended", upToMicros(row.suspendedUntil()), Instant.class).bind("consecutive", row.consecutiveLimited())
                .bind("rate", row.adaptiveRate()).bind("learned", row.learnedRate())
                .bindByType("learnedAt", row.learnedAt(), Instant.class).bindByType("decreased", row.decreasedAt(), Instant.class)
                .bind("probe", row.probeOwner()).bindByType("probeUntil", row.probeUntil(), Instant.class)
                .bind("warning", row.warning()).bindByType("warningAt", row.warningAt(), Instant.class).bind("now", now).execute();
        if (updated != 1) {
            throw new StoreException("quota_credential " + row.credentialId() + ": expected 1 row updated, was "
                    + updated);
        }
    }

    /**
     * A time nothing may be sent before, rounded up to PostgreSQL's microseconds: rounded down, a request could go
     * up to a microsecond early.
     */
    private static Instant upToMicros(Instant until) {
        if (until == null || until.getNano() % 1000 == 0) {
            return until;
        }
        return until.truncatedTo(ChronoUnit.MICROS).plusNanos(1000);
    }

    private static QuotaCredentialRow read(Handle handle, String credentialId) {
        return read(handle, credentialId, "");
    }

    private static QuotaCredentialRow read(Handle handle, String credentialId, String lock) {
        return handle.createQuery("""
                SELECT blocked_until, suspended_until, consecutive_limited, adaptive_rate, learned_rate, learned_at,
                       decreased_at, probe_owner, probe_until, warning, warning_at
                FROM quota_credential WHERE credential_id = :id""" + lock)
                .bind("id", credentialId)
                .map((rs, ctx) -> new QuotaCredentialRow(credentialId, instant(rs, 1), instant(rs, 2), rs.getInt(3),
                        nullableDouble(rs, 4), nullableDouble(rs, 5), instant(rs, 6), instant(rs, 7), rs.getLong(8),
                        instant(rs, 9), rs.getString(10), instant(rs, 11)))
                .findOne().orElse(null);
    }

    private static Long[] boxed(long[] values) {
        Long[] boxed = new Long[values.length];
        for (int i = 0; i < values.length; i++) {
            boxed[i] = values[i];
        }
        return boxed;
    }

    private static Double nullableDouble(ResultSet rs, int column) throws SQLException {
        return rs.getObject(column) == null ? null : rs.getDouble(column);
    }

    /** PostgreSQL keeps microseconds; truncating here means a stored instant is never later than the one given. */
    private static Instant micros(Instant instant) {
        return instant.truncatedTo(java.time.temporal.ChronoUnit.MICROS);
    }

    private static long epochMicros(Instant instant) {
        return Math.addExact(Math.multiplyExact(instant.getEpochSecond(), 1_000_000L), instant.getNano() / 1_000);
    }

    private static Instant instant(ResultSet rs, int column) throws SQLException {
        Timestamp value = rs.getTimestamp(column);
        return value == null ? null : value.toInstant();
    }
}
