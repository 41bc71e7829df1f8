package dev.mlsync.store;

import org.jdbi.v3.core.Jdbi;
import org.jdbi.v3.core.statement.Query;

import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Timestamp;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;

/** Read models of run history and open errors, newest first, paged by id. */
public final class HistoryStore {
    private final Jdbi jdbi;

    HistoryStore(Jdbi jdbi) {
        this.jdbi = jdbi;
    }

    /**
     * Runs newest first; each filter may be null.
     *
     * @param beforeId only runs with a smaller id (the next page after the last id seen), or null
     */
    public List<RunRow> runs(String feedId, String status, Long beforeId, int limit) {
        List<String> where = new ArrayList<>(List.of("TRUE"));
        if (feedId != null) {
            where.add("feed_id = :feed");
        }
        if (status != null) {
            where.add("status = :status");
        }
        if (beforeId != null) {
            where.add("id < :before");
        }
        String sql = """
                SELECT id, feed_id, resource, kind, trigger, status, started_at, finished_at, pages, requests, bytes,
                       added, updated, deleted, unchanged, failed, media, cursor_before, cursor_after, error
                FROM sync_run WHERE %s ORDER BY id DESC LIMIT :limit""".formatted(String.join(" AND ", where));
        return jdbi.withHandle(handle -> bindOptional(handle.createQuery(sql), feedId, status, beforeId)
                .bind("limit", limit).map((rs, ctx) -> run(rs)).list());
    }

    /** Runs still marked running (any process). */
    public List<RunRow> running() {
        return jdbi.withHandle(handle -> handle.createQuery("""
                SELECT id, feed_id, resource, kind, trigger, status, started_at, finished_at, pages, requests, bytes,
                       added, updated, deleted, unchanged, failed, media, cursor_before, cursor_after, error
                FROM sync_run WHERE status = 'running' ORDER BY id""").map((rs, ctx) -> run(rs)).list());
    }

    /** Unresolved errors newest first; feed may be null. */
    public List<OpenErrorRow> openErrors(String feedId, Long beforeId, int limit) {
        List<String> where = new ArrayList<>(List.of("resolved_at IS NULL"));
        if (feedId != null) {
            where.add("feed_id = :feed");
        }
        if (beforeId != null) {
            where.add("id < :before");
        }
        String sql = """
                SELECT id, run_id, feed_id, resource, record_key, category, message, payload_excerpt, created_at
                FROM sync_error WHERE %s ORDER BY id DESC LIMIT :limit""".formatted(String.join(" AND ", where));
        return jdbi.withHandle(handle -> bindOptional(handle.createQuery(sql), feedId, null, beforeId)
                .bind("limit", limit)
                .map((rs, ctx) -> new OpenErrorRow(rs.getLong(1), (Long) rs.getObject(2), rs.getString(3),
                        rs.getString(4), rs.getString(5), rs.getString(6), rs.getString(7), rs.getString(8),
                        instant(rs.getTimestamp(9))))
                .list());
    }

    private static Query bindOptional(Query query, String feedId, String status, Long beforeId) {
        if (feedId != null) {
            query.bind("feed", feedId);
        }
        if (status != null) {
            query.bind("status", status);
        }
        if (beforeId != null) {
            query.bind("before", beforeId);
        }
        return query;
    }

    private static RunRow run(ResultSet rs) throws SQLException {
        return new RunRow(rs.getLong(1), rs.getString(2), rs.getString(3), rs.getString(4), rs.getString(5),
                rs.getString(6), instant(rs.getTimestamp(7)), instant(rs.getTimestamp(8)), rs.getInt(9),
                rs.getInt(10), rs.getLong(11), rs.getInt(12), rs.getInt(13), rs.getInt(14), rs.getInt(15),
                rs.getInt(16), rs.getInt(17), rs.getString(18), rs.getString(19), rs.getString(20));
    }

    static Instant instant(Timestamp timestamp) {
        return timestamp == null ? null : timestamp.toInstant();
    }
}
