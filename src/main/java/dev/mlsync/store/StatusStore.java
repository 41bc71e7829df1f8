package dev.mlsync.store;

import org.jdbi.v3.core.Jdbi;

import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Timestamp;
import java.time.Instant;
import java.util.List;

/** Read models for status reports and summaries. */
public final class StatusStore {
    private final Jdbi jdbi;

    StatusStore(Jdbi jdbi) {
        this.jdbi = jdbi;
    }

    /** One row per feed and resource that has a cursor or a run. */
    public List<FeedStatus> feeds() {
        return jdbi.withHandle(handle -> handle.createQuery("""
                WITH keys AS (
                    SELECT feed_id, resource FROM resource_cursor
                    UNION SELECT feed_id, resource FROM sync_run),
                last_run AS (
                    SELECT DISTINCT ON (feed_id, resource) * FROM sync_run ORDER BY feed_id, resource, id DESC),
                last_ok AS (
                    SELECT feed_id, resource, max(finished_at) AS finished_at FROM sync_run
                    WHERE status = 'completed' GROUP BY feed_id, resource)
                SELECT k.feed_id, k.resource,
                    CASE WHEN k.resource = 'Property'
                         THEN (SELECT count(*) FROM listing l WHERE l.feed_id = k.feed_id AND l.deleted_at IS NULL)
                         ELSE (SELECT count(*) FROM resource_record r WHERE r.feed_id = k.feed_id
                               AND r.resource = k.resource AND r.deleted_at IS NULL) END AS records,
                    CASE WHEN k.resource = 'Property'
                         THEN (SELECT count(*) FROM listing l WHERE l.feed_id = k.feed_id AND l.deleted_at IS NOT NULL)
                         ELSE (SELECT count(*) FROM resource_record r WHERE r.feed_id = k.feed_id
                               AND r.resource = k.resource AND r.deleted_at IS NOT NULL) END AS deleted_records,
                    CASE WHEN k.resource = 'Property'
                         THEN (SELECT count(*) FROM listing_media m WHERE m.feed_id = k.feed_id AND m.deleted_at IS NULL)
                         ELSE 0 END AS media,
                    c.cursor_timestamp, c.cursor_key, r.id, r.kind, r.status, r.started_at, r.finished_at,
                    r.added, r.updated, r.deleted, r.failed, r.error, ok.finished_at AS last_success,
                    (SELECT count(*) FROM sync_error e WHERE e.feed_id = k.feed_id AND e.resource = k.resource
                        AND e.resolved_at IS NULL) AS open_errors
                FROM keys k
                LEFT JOIN resource_cursor c ON c.feed_id = k.feed_id AND c.resource = k.resource
                LEFT JOIN last_run r ON r.feed_id = k.feed_id AND r.resource = k.resource
                LEFT JOIN last_ok ok ON ok.feed_id = k.feed_id AND ok.resource = k.resource
                ORDER BY k.feed_id, k.resource""")
                .map((rs, ctx) -> feedStatus(rs)).list());
    }

    private static FeedStatus feedStatus(ResultSet rs) throws SQLException {
        return new FeedStatus(rs.getString(1), rs.getString(2), rs.getLong(3), rs.getLong(4), rs.getLong(5),
                instant(rs.getTimestamp(6)), rs.getString(7), (Long) rs.getObject(8), rs.getString(9),
                rs.getString(10), instant(rs.getTimestamp(11)), instant(rs.getTimestamp(12)),
                (Integer) rs.getObject(13), (Integer) rs.getObject(14), (Integer) rs.getObject(15),
                (Integer) rs.getObject(16), rs.getString(17), instant(rs.getTimestamp(18)), rs.getLong(19));
    }

    private static Instant instant(Timestamp timestamp) {
        return timestamp == null ? null : timestamp.toInstant();
    }

    /** What one feed holds. */
    public ReplicaTotals totals(String feedId) {
        return jdbi.withHandle(handle -> handle.createQuery("""
                SELECT (SELECT count(*) FROM listing WHERE feed_id = :feed AND deleted_at IS NULL),
                       (SELECT count(*) FROM listing_media WHERE feed_id = :feed AND deleted_at IS NULL),
                       (SELECT count(*) FROM resource_record WHERE feed_id = :feed AND deleted_at IS NULL),
                       (SELECT count(*) FROM sync_run WHERE feed_id = :feed),
                       (SELECT count(*) FROM sync_error WHERE feed_id = :feed AND resolved_at IS NULL)""")
                .bind("feed", feedId)
                .map((rs, ctx) -> new ReplicaTotals(rs.getLong(1), rs.getLong(2), rs.getLong(3), rs.getLong(4),
                        rs.getLong(5)))
                .one());
    }
}
