package dev.mlsync.store;

import org.jdbi.v3.core.Jdbi;

import java.sql.Timestamp;
import java.time.Instant;
import java.util.HashMap;
import java.util.List;
import java.util.Map;

/**
 * Read-only views of a feed's replica, media state, jobs and sessions for checking it against a source of truth
 * ({@code mlsync bench chaos}): what a user would query to know whether the copy is exact.
 */
public final class ReplicaAudit {
    private final Jdbi jdbi;

    ReplicaAudit(Jdbi jdbi) {
        this.jdbi = jdbi;
    }

    /** One stored record: its ModificationTimestamp and whether it is marked deleted. */
    public record Stored(Instant modificationTimestamp, boolean deleted) {
    }

    /**
     * One photo row of the feed.
     *
     * @param state pending, stored, failed or gone
     */
    public record Photo(String mediaKey, String listingKey, String state, String sha256, String objectKey,
                        boolean deleted) {
    }

    /** Every listing of the feed, by key, deleted ones included. */
    public Map<String, Stored> listings(String feedId) {
        return stored("""
                SELECT listing_key, modification_timestamp, deleted_at IS NOT NULL FROM listing
                WHERE feed_id = :feed""", feedId, null);
    }

    /** Every record of another resource (Member, Office, OpenHouse) of the feed, by key. */
    public Map<String, Stored> records(String feedId, String resource) {
        return stored("""
                SELECT record_key, modification_timestamp, deleted_at IS NOT NULL FROM resource_record
                WHERE feed_id = :feed AND resource = :resource""", feedId, resource);
    }

    private Map<String, Stored> stored(String sql, String feedId, String resource) {
        Map<String, Stored> rows = new HashMap<>();
        jdbi.useHandle(handle -> {
            var query = handle.createQuery(sql).bind("feed", feedId);
            if (resource != null) {
                query.bind("resource", resource);
            }
            query.map((rs, ctx) -> rows.put(rs.getString(1),
                    new Stored(rs.getTimestamp(2).toInstant(), rs.getBoolean(3)))).list();
        });
        return rows;
    }

    /** Every photo row of the feed. */
    public List<Photo> photos(String feedId) {
        return jdbi.withHandle(handle -> handle.createQuery("""
                        SELECT media_key, listing_key, state, sha256, object_key, deleted_at IS NOT NULL
                        FROM listing_media WHERE feed_id = :feed""")
                .bind("feed", feedId)
                .map((rs, ctx) -> new Photo(rs.getString(1), rs.getString(2), rs.getString(3), rs.getString(4),
                        rs.getString(5), rs.getBoolean(6)))
                .list());
    }

    /** Object keys of every derivative row of the feed. */
    public List<String> derivativeObjectKeys(String feedId) {
        return jdbi.withHandle(handle -> handle.createQuery(
                        "SELECT object_key FROM media_derivative WHERE feed_id = :feed")
                .bind("feed", feedId).mapTo(String.class).list());
    }

    /**
     * Photos of the feed still pending (to download), media tasks queued or running, of any feed, and object
     * writes or releases the media sweep has not resolved yet.
     */
    public long mediaBacklog(String feedId, String mediaTask) {
        return jdbi.withHandle(handle -> handle.createQuery("""
                        SELECT (SELECT count(*) FROM listing_media WHERE feed_id = :feed AND state = 'pending')
                             + (SELECT count(*) FROM scheduled_tasks WHERE task_name = :task)
                             + (SELECT count(*) FROM media_object_write)""")
                .bind("feed", feedId).bind("task", mediaTask).mapTo(Long.class).one());
    }

    /** Whether a job of the feed and kind started at or after {@code since} and completed. */
    public boolean jobCompletedSince(String feedId, String kind, Instant since) {
        return jdbi.withHandle(handle -> handle.createQuery("""
                        SELECT EXISTS (SELECT 1 FROM job WHERE feed_id = :feed AND kind = :kind
                                       AND status = 'completed' AND started_at >= :since)""")
                .bind("feed", feedId).bind("kind", kind).bind("since", Timestamp.from(since))
                .mapTo(Boolean.class).one());
    }

    /** Jobs of the feed by status (queued, running, completed, failed, cancelled). */
    public Map<String, Long> jobsByStatus(String feedId) {
        Map<String, Long> counts = new HashMap<>();
        jdbi.useHandle(handle -> handle.createQuery(
                        "SELECT status, count(*) FROM job WHERE feed_id = :feed GROUP BY status")
                .bind("feed", feedId).map((rs, ctx) -> counts.put(rs.getString(1), rs.getLong(2))).list());
        return counts;
    }

    /**
     * Application names (JDBC {@code ApplicationName}) of sessions whose transaction has written replica rows
     * (listings, photos, records, cursors) and has not committed yet: processes in the middle of a commit.
     */
    public List<String> applicationsCommitting(String prefix) {
        return jdbi.withHandle(handle -> handle.createQuery("""
                        SELECT DISTINCT application_name FROM pg_stat_activity
                        WHERE application_name LIKE :prefix AND backend_xid IS NOT NULL
                          AND state IN ('active', 'idle in transaction')""")
                .bind("prefix", prefix + "%").mapTo(String.class).list());
    }
}
