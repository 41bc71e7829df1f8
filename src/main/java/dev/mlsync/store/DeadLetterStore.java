package dev.mlsync.store;

import java.sql.ResultSet;
import java.sql.SQLException;
import java.time.Instant;
import java.util.List;
import org.jdbi.v3.core.Handle;
import org.jdbi.v3.core.Jdbi;

/**
 * Dead letters ({@code V4__quota_shared.sql}): failed runs and quarantined records, gathered from
 * {@code sync_run} and {@code sync_error} when they are listed, so neither the replicator nor the retry
 * policy has to know about them. Gathering is idempotent (one letter per run and per error).
 */
public final class DeadLetterStore {
    private final Jdbi jdbi;

    DeadLetterStore(Jdbi jdbi) {
        this.jdbi = jdbi;
    }

    /** Gathers new dead letters, closes those a later run settled, and lists the open and re-queued ones. */
    public List<DeadLetterRow> open(String feedId, Instant now) {
        return jdbi.inTransaction(handle -> {
            gather(handle, now);
            return handle.createQuery("""
                    SELECT id, kind, feed_id, resource, record_key, coalesce(run_id, (SELECT e.run_id FROM sync_error e WHERE e.id = error_id)),
                           category, message, state, created_at,
                           updated_at
                    FROM dead_letter WHERE state <> 'done' AND (CAST(:feed AS text) IS NULL OR feed_id = :feed)
                    ORDER BY id""")
                    .bind("feed", feedId).map((rs, ctx) -> row(rs)).list();
        });
    }

    /**
     * Re-queues open dead letters, by id or all of a feed (exactly one of them non-null); returns them.
     * Nothing else has to happen for a page: the next run resumes from the committed cursor anyway.
     */
    public List<DeadLetterRow> requeue(Long id, String feedId, Instant now) {
        return jdbi.inTransaction(handle -> {
            gather(handle, now);
            return handle.createQuery("""
                    UPDATE dead_letter SET state = 'requeued', updated_at = :now
                    WHERE state = 'open' AND (id = :id OR feed_id = :feed)
                    RETURNING id, kind, feed_id, resource, record_key, coalesce(run_id, (SELECT e.run_id FROM sync_error e WHERE e.id = error_id)),
                              category, message, state, created_at,
                              updated_at""")
                    .bind("id", id).bind("feed", feedId).bind("now", now).map((rs, ctx) -> row(rs)).list();
        });
    }

    /** One letter by id, whatever its state. */
    public java.util.Optional<DeadLetterRow> find(long id) {
        return jdbi.withHandle(handle -> handle.createQuery("""
                        SELECT id, kind, feed_id, resource, record_key, coalesce(run_id, (SELECT e.run_id FROM sync_error e WHERE e.id = error_id)),
                           category, message, state, created_at,
                               updated_at
                        FROM dead_letter WHERE id = :id""")
                .bind("id", id).map((rs, ctx) -> row(rs)).findOne());
    }

    private static void gather(Handle handle, Instant now) {
        handle.createUpdate("""
                INSERT INTO dead_letter (kind, feed_id, resource, run_id, category, message, created_at, updated_at)
                SELECT 'page', r.feed_id, r.resource, r.id, 'run failed', coalesce(r.error, 'failed'),
                       coalesce(r.finished_at, r.started_at), :now
                FROM sync_run r
                WHERE r.status = 'failed'
                  AND NOT EXISTS (SELECT 1 FROM sync_run later WHERE later.feed_id = r.feed_id
                                  AND later.resource = r.resource AND later.status = 'completed'
                                  AND later.started_at > r.started_at)
                ON CONFLICT (run_id) DO NOTHING""").bind("now", now).execute();
        // run_id is unique to a run's page letter: a record letter finds its run through its sync_error row,
        // since one run may quarantine many records.
        handle.createUpdate("""
                INSERT INTO dead_letter (kind, feed_id, resource, record_key, run_id, error_id, category, message,
                                         created_at, updated_at)
                SELECT 'record', e.feed_id, e.resource, e.record_key, NULL, e.id, e.category, e.message,
                       e.created_at, :now
                FROM sync_error e WHERE e.resolved_at IS NULL
                ON CONFLICT (error_id) DO NOTHING""").bind("now", now).execute();
        handle.createUpdate("""
                UPDATE dead_letter d SET state = 'done', updated_at = :now
                WHERE d.state <> 'done' AND d.kind = 'page'
                  AND EXISTS (SELECT 1 FROM sync_run later JOIN sync_run failed ON failed.id = d.run_id
                              WHERE later.feed_id = d.feed_id AND later.resource = d.resource
                                AND later.status = 'completed' AND later.started_at > failed.started_at)""")
                .bind("now", now).execute();
        handle.createUpdate("""
                UPDATE dead_letter d SET state = 'done', updated_at = :now
                WHERE d.state <> 'done' AND d.kind = 'record'
                  AND NOT EXISTS (SELECT 1 FROM sync_error e WHERE e.id = d.error_id AND e.resolved_at IS NULL)""")
                .bind("now", now).execute();
    }

    private static DeadLetterRow row(ResultSet rs) throws SQLException {
        long run = rs.getLong(6);
        Long runId = rs.wasNull() ? null : run;
        return new DeadLetterRow(rs.getLong(1), rs.getString(2), rs.getString(3), rs.getString(4), rs.getString(5),
                runId, rs.getString(7), rs.getString(8), rs.getString(9),
                rs.getTimestamp(10).toInstant(), rs.getTimestamp(11).toInstant());
    }
}
