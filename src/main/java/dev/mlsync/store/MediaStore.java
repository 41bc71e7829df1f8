package dev.mlsync.store;

import org.jdbi.v3.core.Handle;
import org.jdbi.v3.core.Jdbi;

import java.time.Instant;
import java.util.List;
import java.util.Map;
import java.util.Optional;

/**
 * Download state of photos ({@code listing_media}'s state columns) and their derivatives. Replication
 * writes the desired state; this store is what media workers read and write.
 *
 * <p>Concurrency: a photo is marked stored only if its desired state did not change since its task read
 * it (same URL and MediaModificationTimestamp, still pending); otherwise the newer version stays pending
 * and is fetched by a later task. Scheduling is an idempotent insert into db-scheduler's table keyed by
 * {@code feed/listingKey}, so any number of processes can sweep at once.
 */
public final class MediaStore {
    /** db-scheduler priorities (higher runs first). */
    public static final int PRIORITY_MANUAL = 30;
    public static final int PRIORITY_NEW = 20;
    public static final int PRIORITY_BACKFILL = 10;

    /**
     * CTEs that make a photo's derivative rows exactly the bound arrays, for the photo rows of the CTE named by
     * {@code %1$s} (both the original's upsert and a derivative pass use it). Objects of the rows they replace
     * under another key, or drop, are released ({@code media_object_write}): the sweep deletes them unless
     * another row still uses them.
     */
    private static final String REPLACE_DERIVATIVES = """
            released_derivatives AS (
                INSERT INTO media_object_write (object_key, kind, created_at, due_at)
                SELECT DISTINCT d.object_key, 'release', CAST(:now AS timestamptz), CAST(:now AS timestamptz) FROM media_derivative d, %1$s s
                WHERE d.feed_id = s.feed_id AND d.media_key = s.media_key
                  AND NOT d.object_key = ANY(CAST(:keys AS text[]))),
            dropped AS (
                DELETE FROM media_derivative d USING %1$s s
                WHERE d.feed_id = s.feed_id AND d.media_key = s.media_key
                  AND NOT d.variant = ANY(CAST(:variants AS text[]))),
            added AS (
                INSERT INTO media_derivative (feed_id, media_key, variant, object_key, local_url,
                                              content_type, width, height, bytes, created_at)
                SELECT s.feed_id, s.media_key, r.*, :now
                FROM %1$s s, unnest(CAST(:variants AS text[]), CAST(:keys AS text[]),
                     CAST(:urls AS text[]), CAST(:types AS text[]), CAST(:widths AS int[]),
                     CAST(:heights AS int[]), CAST(:sizes AS bigint[])) r
                ON CONFLICT (feed_id, media_key, variant) DO UPDATE SET object_key = EXCLUDED.object_key,
                    local_url = EXCLUDED.local_url, content_type = EXCLUDED.content_type,
                    width = EXCLUDED.width, height = EXCLUDED.height, bytes = EXCLUDED.bytes,
                    created_at = EXCLUDED.created_at)
            """;

    private final Jdbi jdbi;

    MediaStore(Jdbi jdbi) {
        this.jdbi = jdbi;
    }

    /**
     * Schedules one execution of {@code taskName} per listing that has pending photos due by {@code now},
     * unless one is already scheduled (or running). A listing whose photos changed at or after {@code newSince}
     * gets {@link #PRIORITY_NEW}, the rest {@link #PRIORITY_BACKFILL}. {@code feedId} and {@code listingKey}
     * narrow the sweep when not null; a listing named explicitly is scheduled at {@link #PRIORITY_MANUAL}.
     * Rows are inserted in key order: the sweep and the end of a run in another process insert overlapping
     * keys at once, and in hash order each waited for a key the other had just inserted (bench chaos: three
     * incremental runs failed with "deadlock detected").
     *
     * @return the number of executions scheduled
     */
    public int schedulePending(String taskName, String feedId, String listingKey, Instant newSince, Instant now) {
        return jdbi.withHandle(handle -> handle.createUpdate("""
                        INSERT INTO scheduled_tasks (task_name, task_instance, task_data, execution_time, picked,
                                                     version, priority)
                        SELECT :task, feed_id || '/' || listing_key, NULL, :now, false, 1,
                               CASE WHEN :listing IS NOT NULL THEN :manual
                                    WHEN CAST(:since AS timestamptz) IS NOT NULL AND max(updated_at) >= :since THEN :new
                                    ELSE :backfill END
                        FROM listing_media
                        WHERE state = 'pending' AND (next_attempt_at IS NULL OR next_attempt_at <= :now)
                          AND (CAST(:feed AS text) IS NULL OR feed_id = :feed)
                          AND (CAST(:listing AS text) IS NULL OR listing_key = :listing)
                        GROUP BY feed_id, listing_key
                        ORDER BY feed_id, listing_key
                        ON CONFLICT (task_name, task_instance) DO NOTHING""")
                .bind("task", taskName).bind("feed", feedId).bind("listing", listingKey).bind("since", newSince)
                .bind("now", now).bind("manual", PRIORITY_MANUAL).bind("new", PRIORITY_NEW)
                .bind("backfill", PRIORITY_BACKFILL).execute());
    }

    /** The listing's pending photos that are due, in display order. */
    public List<MediaWorkItem> pending(String feedId, String listingKey, Instant now) {
        return jdbi.withHandle(handle -> handle.createQuery("""
                        SELECT feed_id, media_key, listing_key, coalesce(position, 0), media_url,
                               media_modification_timestamp, attempts, fetched_url, fetched_at
                        FROM listing_media
                        WHERE feed_id = :feed AND listing_key = :listing AND state = 'pending'
                          AND (next_attempt_at IS NULL OR next_attempt_at <= :now)
                        ORDER BY position NULLS LAST, media_key""")
                .bind("feed", feedId).bind("listing", listingKey).bind("now", now)
                .map((rs, ctx) -> new MediaWorkItem(rs.getString(1), rs.getString(2), rs.getString(3), rs.getInt(4),
                        rs.getString(5), instant(rs.getTimestamp(6)), rs.getInt(7), rs.getString(8),
                        instant(rs.getTimestamp(9))))
                .list());
    }

    /** Remembers that {@code url} was requested at {@code at} (for one-fetch-per-URL windows). */
    public void recordFetch(MediaWorkItem item, String url, Instant at) {
        jdbi.useHandle(handle -> handle.createUpdate("""
                        UPDATE listing_media SET fetched_url = :url, fetched_at = :at
                        WHERE feed_id = :feed AND media_key = :media""")
                .bind("url", url).bind("at", at).bind("feed", item.feedId()).bind("media", item.mediaKey()).execute());
    }

    /** Forgets that {@code url} was requested: the provider refused it (expired), so it served no file. */
    public void forgetFetch(MediaWorkItem item, String url) {
        jdbi.useHandle(handle -> handle.createUpdate("""
                        UPDATE listing_media SET fetched_url = NULL, fetched_at = NULL
                        WHERE feed_id = :feed AND media_key = :media AND fetched_url = :url""")
                .bind("url", url).bind("feed", item.feedId()).bind("media", item.mediaKey()).execute());
    }

    /**
     * Marks the photo stored, unless its desired state changed since {@code item} was read.
     * {@code derivativesDone} says its derivatives already exist (identical bytes stored before).
     * Prefer {@link #markWritten} after a write and {@link #markShared} for bytes stored before: they keep the
     * object ledger's invariants (see {@link ObjectWriteStore}).
     *
     * @return false when the photo changed meanwhile (it stays pending for a later task)
     */
    public boolean markStored(MediaWorkItem item, String fetchedUrl, StoredOriginal original, Instant now,
                              List<DerivativeRow> reusedDerivatives) {
        return markStored(item, fetchedUrl, original, now, reusedDerivatives, null);
    }

    /** As above; reused derivatives were made under the settings {@code spec}. */
    public boolean markStored(MediaWorkItem item, String fetchedUrl, StoredOriginal original, Instant now,
                              List<DerivativeRow> reusedDerivatives, String spec) {
        return jdbi.inTransaction(handle -> {
            ObjectWriteStore.lockKey(handle, original.objectKey());
            return markStored(handle, item, fetchedUrl, original, now, reusedDerivatives, false, spec);
        });
    }

    /**
     * After this process wrote the original's object under the write {@code writeId} (begun with
     * {@link ObjectWriteStore#beginOriginal}): marks the photo stored and closes the write, in one transaction.
     * When the sweep already took the write for abandoned (and may have deleted the object), nothing is marked;
     * when the photo changed meanwhile, the object is released for the sweep instead.
     *
     * @return whether the photo is now stored with this object
     */
    public boolean markWritten(MediaWorkItem item, StoredOriginal original, Instant now, long writeId) {
        return jdbi.inTransaction(handle -> {
            ObjectWriteStore.lockKey(handle, original.objectKey());
            if (!ObjectWriteStore.open(handle, writeId)) {
                return false;
            }
            boolean stored = markStored(handle, item, item.mediaUrl(), original, now, null, false, null);
            ObjectWriteStore.close(handle, writeId, stored, now);
            return stored;
        });
    }

    /**
     * Marks the photo stored with the object of identical bytes another stored photo holds (byte dedupe), if that
     * photo still holds it, and with the reused derivatives if other rows still hold each of them: the keys' locks
     * (taken in key order) make this and a sweep deleting one of the objects exclusive. Reused derivatives were
     * made under the settings {@code spec}.
     *
     * @return false when the photo changed, or the shared object or a reused derivative is no longer held by
     *         another row
     */
    public boolean markShared(MediaWorkItem item, StoredOriginal original, Instant now,
                              List<DerivativeRow> reusedDerivatives, String spec) {
        return jdbi.inTransaction(handle -> {
            java.util.SortedSet<String> keys = new java.util.TreeSet<>(List.of(original.objectKey()));
            if (reusedDerivatives != null) {
                reusedDerivatives.forEach(row -> keys.add(row.objectKey()));
            }
            keys.forEach(key -> ObjectWriteStore.lockKey(handle, key));
            return markStored(handle, item, item.mediaUrl(), original, now, reusedDerivatives, true, spec);
        });
    }

    /**
     * The one statement that marks a photo stored (one round trip, atomic): mark stored, drop derivatives of an
     * older version, record reused ones, release the objects of an older version kept under other keys.
     */
    static boolean markStored(Handle handle, MediaWorkItem item, String fetchedUrl, StoredOriginal original,
                              Instant now, List<DerivativeRow> reusedDerivatives, boolean shared, String spec) {
        List<DerivativeRow> reused = reusedDerivatives == null ? List.of() : reusedDerivatives;
        return handle.createQuery("""
                        WITH previous AS (
                            SELECT object_key FROM listing_media WHERE feed_id = :feed AND media_key = :media),
                        stored AS (
                            UPDATE listing_media SET state = 'stored', attempts = attempts + 1, last_error = NULL,
                                next_attempt_at = NULL, content_type = :type, bytes = :bytes, width = :width,
                                height = :height, sha256 = :sha, object_key = :key, local_url = :localUrl,
                                stored_at = :now, derivatives_at = :derivativesAt, derivative_spec = :spec
                            WHERE feed_id = :feed AND media_key = :media AND state = 'pending'
                              AND media_url IS NOT DISTINCT FROM :expectedUrl
                              AND media_modification_timestamp IS NOT DISTINCT FROM :expectedTs
                              AND (NOT :shared OR EXISTS (
                                  SELECT 1 FROM listing_media o WHERE o.object_key = :key AND o.state = 'stored'
                                    AND NOT (o.feed_id = :feed AND o.media_key = :media)))
                              AND (NOT :shared OR NOT EXISTS (
                                  SELECT 1 FROM unnest(CAST(:keys AS text[])) r(key) WHERE NOT EXISTS (
                                      SELECT 1 FROM media_derivative o WHERE o.object_key = r.key
                                        AND NOT (o.feed_id = :feed AND o.media_key = :media))))
                            RETURNING feed_id, media_key),
                        released_original AS (
                            INSERT INTO media_object_write (object_key, kind, created_at, due_at)
                            SELECT p.object_key, 'release', CAST(:now AS timestamptz), CAST(:now AS timestamptz) FROM previous p, stored
                            WHERE p.object_key IS NOT NULL AND p.object_key <> :key),
                        """ + REPLACE_DERIVATIVES.formatted("stored") + """
                        SELECT count(*) FROM stored""")
                .bind("feed", item.feedId()).bind("media", item.mediaKey())
                .bind("expectedUrl", fetchedUrl).bind("expectedTs", item.mediaModificationTimestamp())
                .bind("type", original.contentType()).bind("bytes", original.bytes())
                .bind("width", original.width()).bind("height", original.height()).bind("sha", original.sha256())
                .bind("key", original.objectKey()).bind("localUrl", original.localUrl()).bind("now", now)
                .bind("derivativesAt", reusedDerivatives == null ? null : now).bind("shared", shared)
                .bind("spec", reusedDerivatives == null ? null : spec)
                .bindMap(derivativeArrays(reused))
                .mapTo(Integer.class).one() == 1;
    }

    private static String[] column(List<DerivativeRow> rows, java.util.function.Function<DerivativeRow, String> field) {
        return rows.stream().map(field).toArray(String[]::new);
    }

    /** A transient failure: counted, retried at {@code retryAt}; the listing's task is scheduled again then. */
    public void markRetry(MediaWorkItem item, String error, Instant retryAt) {
        update(item, """
                UPDATE listing_media SET attempts = attempts + 1, last_error = :error, next_attempt_at = :retryAt
                WHERE feed_id = :feed AND media_key = :media AND state = 'pending'""", error, retryAt);
    }

    /** Not now, but not a failure either (host backing off, URL window): no attempt is counted. */
    public void defer(MediaWorkItem item, String reason, Instant retryAt) {
        update(item, """
                UPDATE listing_media SET last_error = :error, next_attempt_at = :retryAt
                WHERE feed_id = :feed AND media_key = :media AND state = 'pending'""", reason, retryAt);
    }

    /** A permanent failure (bad bytes, not found, retries exhausted): never stored, until retried by an operator. */
    public void markFailed(MediaWorkItem item, String error) {
        update(item, """
                UPDATE listing_media SET state = 'failed', attempts = attempts + 1, last_error = :error,
                    next_attempt_at = NULL
                WHERE feed_id = :feed AND media_key = :media AND state = 'pending'""", error, null);
    }

    private void update(MediaWorkItem item, String sql, String error, Instant retryAt) {
        jdbi.useHandle(handle -> handle.createUpdate(sql).bind("error", error).bind("retryAt", retryAt)
                .bind("feed", item.feedId()).bind("media", item.mediaKey()).execute());
    }

    /** Replaces the URLs of a listing's photos with fresh ones from the provider (expired signed URLs). */
    public int refreshUrls(String feedId, String listingKey, Map<String, String> urlByMediaKey) {
        return jdbi.withHandle(handle -> {
            var batch = handle.prepareBatch("""
                    UPDATE listing_media SET media_url = :url
                    WHERE feed_id = :feed AND listing_key = :listing AND media_key = :media
                      AND media_url IS DISTINCT FROM :url""");
            urlByMediaKey.forEach((media, url) -> batch.bind("url", url).bind("feed", feedId)
                    .bind("listing", listingKey).bind("media", media).add());
            int changed = 0;
            for (int count : urlByMediaKey.isEmpty() ? new int[0] : batch.execute()) {
                changed += count;
            }
            return changed;
        });
    }

    /** A stored original with these bytes (any feed), with its derivatives when they are made. */
    public Optional<StoredCopy> storedWithDigest(String sha256) {
        return storedWithDigest(sha256, null);
    }

    /**
     * A stored original with these bytes (any feed), with its derivatives when they are made under the settings
     * {@code spec} (null: under any settings).
     */
    public Optional<StoredCopy> storedWithDigest(String sha256, String spec) {
        return jdbi.withHandle(handle -> handle.createQuery("""
                        SELECT feed_id, media_key, content_type, bytes, width, height, object_key, local_url,
                               derivatives_at IS NOT NULL
                                   AND (CAST(:spec AS text) IS NULL OR derivative_spec = :spec) AS reusable
                        FROM listing_media WHERE sha256 = :sha AND state = 'stored' AND object_key IS NOT NULL
                        ORDER BY reusable DESC LIMIT 1""")
                .bind("sha", sha256).bind("spec", spec)
                .map((rs, ctx) -> new Object[] {rs.getString(1), rs.getString(2), new StoredOriginal(rs.getString(3),
                        rs.getLong(4), rs.getInt(5), rs.getInt(6), sha256, rs.getString(7), rs.getString(8)),
                        rs.getBoolean(9)})
                .findFirst()
                .map(row -> new StoredCopy((StoredOriginal) row[2], (Boolean) row[3]
                        ? derivatives(handle, (String) row[0], (String) row[1]) : null)));
    }

    /** An already stored original and, when made, its derivatives (null when not yet). */
    public record StoredCopy(StoredOriginal original, List<DerivativeRow> derivatives) {
    }

    private static List<DerivativeRow> derivatives(Handle handle, String feedId, String mediaKey) {
        return handle.createQuery("""
                        SELECT variant, object_key, local_url, content_type, width, height, bytes FROM media_derivative
                        WHERE feed_id = :feed AND media_key = :media ORDER BY variant""")
                .bind("feed", feedId).bind("media", mediaKey)
                .map((rs, ctx) -> new DerivativeRow(rs.getString(1), rs.getString(2), rs.getString(3),
                        rs.getString(4), rs.getInt(5), rs.getInt(6), rs.getLong(7)))
                .list();
    }

    /** The derivatives recorded for a photo. */
    public List<DerivativeRow> derivatives(String feedId, String mediaKey) {
        return jdbi.withHandle(handle -> derivatives(handle, feedId, mediaKey));
    }

    /**
     * Records a photo's derivatives, if it is still the stored original they were made from, and closes their
     * writes; otherwise the objects just written are released for the sweep.
     */
    public boolean saveDerivatives(DerivativeWork work, List<DerivativeRow> rows, Instant now) {
        return saveDerivatives(work, rows, null, now);
    }

    /** As above, for derivatives made under the settings {@code spec}. */
    public boolean saveDerivatives(DerivativeWork work, List<DerivativeRow> rows, String spec, Instant now) {
        return jdbi.withHandle(handle -> handle.createQuery("""
                        WITH made AS (
                            UPDATE listing_media SET derivatives_at = :now, derivative_spec = :spec
                            WHERE feed_id = :feed AND media_key = :media AND state = 'stored' AND object_key = :key
                            RETURNING feed_id, media_key),
                        written AS (
                            DELETE FROM media_object_write
                            WHERE kind = 'derivative' AND object_key = ANY(CAST(:keys AS text[]))
                              AND EXISTS (SELECT 1 FROM made)),
                        unwanted AS (
                            UPDATE media_object_write SET kind = 'release', due_at = :now
                            WHERE kind = 'derivative' AND object_key = ANY(CAST(:keys AS text[]))
                              AND NOT EXISTS (SELECT 1 FROM made)),
                        """ + REPLACE_DERIVATIVES.formatted("made") + """
                        SELECT count(*) FROM made""")
                .bind("now", now).bind("spec", spec).bind("feed", work.feedId()).bind("media", work.mediaKey())
                .bind("key", work.objectKey())
                .bindMap(derivativeArrays(rows))
                .mapTo(Integer.class).one() == 1);
    }

    /**
     * Applies a feed's derivative settings: when they differ from those last applied to the feed, every stored
     * photo of the feed whose derivatives were made under other settings gets {@code derivatives_at = NULL}, so
     * the media sweep makes them again. The first time a feed is seen its settings are only recorded (photos
     * made before V14 count as made under them).
     *
     * @return photos whose derivatives are to be made again
     */
    public int applyDerivativeSpec(String feedId, String spec, Instant now) {
        return jdbi.inTransaction(handle -> {
            Optional<String> applied = handle.createQuery(
                            "SELECT spec FROM feed_derivative_spec WHERE feed_id = :feed FOR UPDATE")
                    .bind("feed", feedId).mapTo(String.class).findOne();
            if (applied.isPresent() && applied.get().equals(spec)) {
                return 0;
            }
            handle.createUpdate("""
                            INSERT INTO feed_derivative_spec (feed_id, spec, applied_at) VALUES (:feed, :spec, :now)
                            ON CONFLICT (feed_id) DO UPDATE SET spec = EXCLUDED.spec, applied_at = EXCLUDED.applied_at""")
                    .bind("feed", feedId).bind("spec", spec).bind("now", now).execute();
            if (applied.isEmpty()) {
                return 0;
            }
            return handle.createUpdate("""
                            UPDATE listing_media SET derivatives_at = NULL
                            WHERE feed_id = :feed AND state = 'stored' AND derivatives_at IS NOT NULL
                              AND derivative_spec IS DISTINCT FROM :spec""")
                    .bind("feed", feedId).bind("spec", spec).execute();
        });
    }

    /** The derivative rows as the parallel arrays the {@code unnest(...)} of derivative upserts binds. */
    private static Map<String, Object> derivativeArrays(List<DerivativeRow> rows) {
        return Map.of("variants", column(rows, DerivativeRow::variant), "keys", column(rows, DerivativeRow::objectKey),
                "urls", column(rows, DerivativeRow::localUrl), "types", column(rows, DerivativeRow::contentType),
                "widths", rows.stream().map(DerivativeRow::width).toArray(Integer[]::new),
                "heights", rows.stream().map(DerivativeRow::height).toArray(Integer[]::new),
                "sizes", rows.stream().map(DerivativeRow::bytes).toArray(Long[]::new));
    }

    /** An original that cannot be decoded after all: failed, no longer stored, its object released. */
    public void markCorrupt(DerivativeWork work, String error) {
        jdbi.useHandle(handle -> handle.createUpdate("""
                        WITH failed AS (
                            UPDATE listing_media SET state = 'failed', last_error = :error, object_key = NULL,
                                local_url = NULL, stored_at = NULL
                            WHERE feed_id = :feed AND media_key = :media AND state = 'stored' AND object_key = :key
                            RETURNING 1)
                        INSERT INTO media_object_write (object_key, kind, created_at, due_at)
                        SELECT :key, 'release', now(), now() FROM failed""")
                .bind("error", error).bind("feed", work.feedId()).bind("media", work.mediaKey())
                .bind("key", work.objectKey()).execute());
    }

    /** Stored originals still without derivatives, stored before {@code storedBefore} (oldest first). */
    public List<DerivativeWork> derivativesDue(Instant storedBefore, int limit) {
        return jdbi.withHandle(handle -> handle.createQuery("""
                        SELECT feed_id, media_key, object_key, content_type FROM listing_media
                        WHERE state = 'stored' AND derivatives_at IS NULL AND object_key IS NOT NULL
                          AND stored_at < :before
                        ORDER BY stored_at LIMIT :limit""")
                .bind("before", storedBefore).bind("limit", limit)
                .map((rs, ctx) -> new DerivativeWork(rs.getString(1), rs.getString(2), rs.getString(3),
                        rs.getString(4)))
                .list());
    }

    /**
     * Photos gone since before {@code goneBefore} let go of their objects (original and derivatives): the row
     * stays (history) without them, and the objects are released, so the sweep deletes those no other row uses
     * ({@link ObjectWriteStore#resolve}). One statement: a crash leaves either both or neither.
     *
     * @return photos that let go of their objects (at most {@code limit}; call again while it returns {@code limit})
     */
    public int releaseGone(Instant goneBefore, Instant now, int limit) {
        return jdbi.withHandle(handle -> handle.createQuery("""
                        WITH gone AS (
                            SELECT feed_id, media_key, object_key FROM listing_media
                            WHERE state = 'gone' AND object_key IS NOT NULL AND deleted_at < :before
                            LIMIT :limit FOR UPDATE SKIP LOCKED),
                        released AS (
                            INSERT INTO media_object_write (object_key, kind, created_at, due_at)
                            SELECT k, 'release', CAST(:now AS timestamptz), CAST(:now AS timestamptz) FROM (
                                SELECT object_key AS k FROM gone
                                UNION SELECT d.object_key FROM media_derivative d JOIN gone g
                                    ON d.feed_id = g.feed_id AND d.media_key = g.media_key) keys),
                        dropped AS (
                            DELETE FROM media_derivative d USING gone g
                            WHERE d.feed_id = g.feed_id AND d.media_key = g.media_key),
                        forgot AS (
                            UPDATE listing_media m SET object_key = NULL, local_url = NULL, derivatives_at = NULL
                            FROM gone g WHERE m.feed_id = g.feed_id AND m.media_key = g.media_key
                            RETURNING 1)
                        SELECT count(*) FROM forgot""")
                .bind("before", goneBefore).bind("now", now).bind("limit", limit)
                .mapTo(Integer.class).one());
    }

    /**
     * Runs {@code body} holding the cluster-wide lock of the bytes {@code sha256} (a PostgreSQL session advisory
     * lock, released when the body ends or the process dies), so two workers holding identical bytes store them
     * once: the second sees the first's stored copy. The body's statements on this store's Jdbi run on the
     * lock's own connection (Jdbi reuses the handle in scope), so a worker never holds two connections.
     */
    public <T> T withDigestLock(String sha256, java.util.function.Supplier<T> body) {
        return jdbi.withHandle(handle -> {
            handle.createQuery("SELECT 1 FROM (SELECT pg_advisory_lock(" + ObjectWriteStore.DIGEST_LOCK
                    + ", hashtext(:sha))) l").bind("sha", sha256).mapTo(Integer.class).one();
            try {
                return body.get();
            } finally {
                handle.createQuery("SELECT pg_advisory_unlock(" + ObjectWriteStore.DIGEST_LOCK + ", hashtext(:sha))")
                        .bind("sha", sha256).mapTo(Boolean.class).one();
            }
        });
    }

    /** The ledger of object writes and released objects. */
    public ObjectWriteStore writes() {
        return new ObjectWriteStore(jdbi);
    }

    /** Failed photos of a feed (or one listing) become pending again with a clean slate. */
    public int retryFailed(String feedId, String listingKey) {
        return jdbi.withHandle(handle -> handle.createUpdate("""
                        UPDATE listing_media SET state = 'pending', attempts = 0, next_attempt_at = NULL
                        WHERE state = 'failed' AND (CAST(:feed AS text) IS NULL OR feed_id = :feed)
                          AND (CAST(:listing AS text) IS NULL OR listing_key = :listing)""")
                .bind("feed", feedId).bind("listing", listingKey).execute());
    }

    /** Counts by state for one feed, or every feed when {@code feedId} is null. */
    public MediaTotals totals(String feedId) {
        return jdbi.withHandle(handle -> handle.createQuery("""
                        SELECT count(*) FILTER (WHERE state = 'pending'), count(*) FILTER (WHERE state = 'stored'),
                               count(*) FILTER (WHERE state = 'failed'), count(*) FILTER (WHERE state = 'gone'),
                               coalesce(sum(bytes) FILTER (WHERE state = 'stored'), 0),
                               (SELECT count(*) FROM media_derivative
                                WHERE CAST(:feed AS text) IS NULL OR feed_id = :feed),
                               count(*) FILTER (WHERE state = 'stored' AND derivatives_at IS NULL)
                        FROM listing_media WHERE CAST(:feed AS text) IS NULL OR feed_id = :feed""")
                .bind("feed", feedId)
                .map((rs, ctx) -> new MediaTotals(rs.getLong(1), rs.getLong(2), rs.getLong(3), rs.getLong(4),
                        rs.getLong(5), rs.getLong(6), rs.getLong(7)))
                .one());
    }

    /**
     * The pending photos of a feed, or of the named listings when {@code listingKeys} is not null: what a
     * media job waits for. Photos waiting for a retry are included (the job waits for their outcome).
     */
    public List<String> pendingMediaKeys(String feedId, List<String> listingKeys) {
        return jdbi.withHandle(handle -> handle.createQuery("""
                        SELECT media_key FROM listing_media
                        WHERE state = 'pending' AND feed_id = :feed
                          AND (:all OR listing_key = ANY(:listings))
                        ORDER BY media_key""")
                .bind("feed", feedId).bind("all", listingKeys == null)
                .bindArray("listings", String.class, keysOrEmpty(listingKeys))
                .mapTo(String.class).list());
    }

    /**
     * Schedules the listings of {@code feedId} (or only {@code listingKeys}) that have due pending photos
     * at {@link #PRIORITY_MANUAL}, raising an execution already scheduled but not yet picked to that
     * priority and to now (a running one is left alone: it is fetching them already).
     *
     * @return the executions scheduled or raised
     */
    public int scheduleManual(String taskName, String feedId, List<String> listingKeys, Instant now) {
        return jdbi.withHandle(handle -> handle.createUpdate("""
                        INSERT INTO scheduled_tasks (task_name, task_instance, task_data, execution_time, picked,
                                                     version, priority)
                        SELECT :task, feed_id || '/' || listing_key, NULL, :now, false, 1, :manual
                        FROM listing_media
                        WHERE state = 'pending' AND (next_attempt_at IS NULL OR next_attempt_at <= :now)
                          AND feed_id = :feed
                          AND (:all OR listing_key = ANY(:listings))
                        GROUP BY feed_id, listing_key
                        ORDER BY feed_id, listing_key
                        ON CONFLICT (task_name, task_instance) DO UPDATE
                        SET priority = EXCLUDED.priority,
                            execution_time = LEAST(scheduled_tasks.execution_time, EXCLUDED.execution_time)
                        WHERE NOT scheduled_tasks.picked""")
                .bind("task", taskName).bind("feed", feedId).bind("all", listingKeys == null)
                .bindArray("listings", String.class, keysOrEmpty(listingKeys))
                .bind("now", now).bind("manual", PRIORITY_MANUAL).execute());
    }

    /** How many of the feed's {@code mediaKeys} are no longer pending: stored, failed (or gone). */
    public MediaSettled settled(String feedId, List<String> mediaKeys) {
        return jdbi.withHandle(handle -> handle.createQuery("""
                        SELECT count(*) FILTER (WHERE state <> 'pending'), count(*) FILTER (WHERE state = 'failed')
                        FROM listing_media WHERE feed_id = :feed AND media_key = ANY(:keys)""")
                .bind("feed", feedId).bindArray("keys", String.class, mediaKeys.toArray(String[]::new))
                .map((rs, ctx) -> new MediaSettled(rs.getLong(1), rs.getLong(2))).one());
    }

    /** Of a set of photos: how many are settled (not pending any more), and how many of those failed. */
    public record MediaSettled(long settled, long failed) {
    }

    private static String[] keysOrEmpty(List<String> keys) {
        return keys == null ? new String[0] : keys.toArray(String[]::new);
    }

    /** The earliest retry time of pending photos (or null when none waits), to know when work resumes. */
    public Instant nextRetry(String feedId) {
        return jdbi.withHandle(handle -> handle.createQuery("""
                        SELECT min(next_attempt_at) FROM listing_media
                        WHERE state = 'pending' AND (CAST(:feed AS text) IS NULL OR feed_id = :feed)""")
                .bind("feed", feedId).mapTo(Instant.class).one());
    }

    /** Executions of the named tasks still scheduled or running. */
    public int queued(List<String> taskNames) {
        return jdbi.withHandle(handle -> handle.createQuery(
                        "SELECT count(*) FROM scheduled_tasks WHERE task_name = ANY(:names)")
                .bindArray("names", String.class, taskNames.toArray(String[]::new)).mapTo(Integer.class).one());
    }

    private static Instant instant(java.sql.Timestamp timestamp) {
        return timestamp == null ? null : timestamp.toInstant();
    }
}
