package dev.mlsync.store;

import org.jdbi.v3.core.Jdbi;

import java.time.Instant;
import java.util.List;
import java.util.Optional;

/** The {@code alert} table: fire once per episode, resolve, list. */
public final class AlertStore {
    private final Jdbi jdbi;

    AlertStore(Jdbi jdbi) {
        this.jdbi = jdbi;
    }

    /**
     * Records that the condition holds. Returns the new episode when this call opened it (deliver it),
     * empty when it was already open (only its last_seen_at moves), whichever process opened it.
     */
    public Optional<AlertRow> fire(String rule, String feedId, String subject, String message, Instant now) {
        return jdbi.withHandle(handle -> handle.createQuery("""
                        INSERT INTO alert (rule, feed_id, subject, message, fired_at, last_seen_at)
                        VALUES (:rule, :feed, :subject, :message, :now, :now)
                        ON CONFLICT (rule, feed_id, subject) WHERE resolved_at IS NULL
                        DO UPDATE SET last_seen_at = EXCLUDED.last_seen_at
                        RETURNING id, rule, feed_id, subject, message, fired_at, last_seen_at, resolved_at,
                                  (xmax = 0) AS inserted""")
                .bind("rule", rule).bind("feed", feedId).bind("subject", subject).bind("message", message)
                .bind("now", now)
                .map((rs, ctx) -> rs.getBoolean("inserted") ? Optional.of(alert(rs)) : Optional.<AlertRow>empty())
                .one());
    }

    /** Ends the open episode, if any; returns it when this call ended it. */
    public Optional<AlertRow> resolve(String rule, String feedId, String subject, Instant now) {
        return jdbi.withHandle(handle -> handle.createQuery("""
                        UPDATE alert SET resolved_at = :now
                        WHERE rule = :rule AND feed_id = :feed AND subject = :subject AND resolved_at IS NULL
                        RETURNING id, rule, feed_id, subject, message, fired_at, last_seen_at, resolved_at""")
                .bind("rule", rule).bind("feed", feedId).bind("subject", subject).bind("now", now)
                .map((rs, ctx) -> alert(rs)).findOne());
    }

    /** Open alerts, then those resolved since {@code resolvedSince}, newest first. */
    public List<AlertRow> recent(Instant resolvedSince, int limit) {
        return jdbi.withHandle(handle -> handle.createQuery("""
                        SELECT id, rule, feed_id, subject, message, fired_at, last_seen_at, resolved_at FROM alert
                        WHERE resolved_at IS NULL OR resolved_at >= :since
                        ORDER BY resolved_at IS NOT NULL, fired_at DESC, id DESC LIMIT :limit""")
                .bind("since", resolvedSince).bind("limit", limit).map((rs, ctx) -> alert(rs)).list());
    }

    /** Per feed and resource with any run: the facts alert rules need, in one query. */
    public List<LastRunRow> lastRuns() {
        return jdbi.withHandle(handle -> handle.createQuery("""
                WITH last_finished AS (
                    SELECT DISTINCT ON (feed_id, resource) * FROM sync_run WHERE status <> 'running'
                    ORDER BY feed_id, resource, id DESC),
                per AS (
                    SELECT feed_id, resource, min(started_at) FILTER (WHERE status = 'running') AS running_since,
                           max(finished_at) FILTER (WHERE status = 'completed') AS last_success,
                           min(started_at) AS first_run
                    FROM sync_run GROUP BY feed_id, resource)
                SELECT p.feed_id, p.resource, p.running_since, p.last_success, p.first_run,
                       f.id, f.feed_id, f.resource, f.kind, f.trigger, f.status, f.started_at, f.finished_at, f.pages,
                       f.requests, f.bytes, f.added, f.updated, f.deleted, f.unchanged, f.failed, f.media,
                       f.cursor_before, f.cursor_after, f.error
                FROM per p LEFT JOIN last_finished f ON f.feed_id = p.feed_id AND f.resource = p.resource
                ORDER BY 1, 2""")
                .map((rs, ctx) -> new LastRunRow(rs.getString(1), rs.getString(2),
                        rs.getObject(6) == null ? null : new RunRow(rs.getLong(6), rs.getString(7), rs.getString(8),
                                rs.getString(9), rs.getString(10), rs.getString(11),
                                HistoryStore.instant(rs.getTimestamp(12)), HistoryStore.instant(rs.getTimestamp(13)),
                                rs.getInt(14), rs.getInt(15), rs.getLong(16), rs.getInt(17), rs.getInt(18),
                                rs.getInt(19), rs.getInt(20), rs.getInt(21), rs.getInt(22), rs.getString(23),
                                rs.getString(24), rs.getString(25)),
                        HistoryStore.instant(rs.getTimestamp(3)), HistoryStore.instant(rs.getTimestamp(4)),
                        HistoryStore.instant(rs.getTimestamp(5))))
                .list());
    }

    private static AlertRow alert(java.sql.ResultSet rs) throws java.sql.SQLException {
        return new AlertRow(rs.getLong("id"), rs.getString("rule"), rs.getString("feed_id"), rs.getString("subject"),
                rs.getString("message"), HistoryStore.instant(rs.getTimestamp("fired_at")),
                HistoryStore.instant(rs.getTimestamp("last_seen_at")),
                HistoryStore.instant(rs.getTimestamp("resolved_at")));
    }
}
