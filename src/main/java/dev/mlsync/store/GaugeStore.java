package dev.mlsync.store;

import dev.mlsync.store.GaugeSnapshot.FeedCount;
import dev.mlsync.store.GaugeSnapshot.MediaStateCount;
import dev.mlsync.store.GaugeSnapshot.QueueDepth;
import dev.mlsync.store.GaugeSnapshot.ResourceGauge;
import org.jdbi.v3.core.Handle;
import org.jdbi.v3.core.Jdbi;

import java.util.List;

/** The few aggregate queries behind the database-backed gauges of {@code /metrics}. */
public final class GaugeStore {
    private final Jdbi jdbi;

    GaugeStore(Jdbi jdbi) {
        this.jdbi = jdbi;
    }

    public GaugeSnapshot snapshot() {
        return jdbi.withHandle(handle -> new GaugeSnapshot(resources(handle), openErrors(handle), media(handle),
                queue(handle)));
    }

    private static List<ResourceGauge> resources(Handle handle) {
        return handle.createQuery("""
                WITH keys AS (SELECT feed_id, resource FROM resource_cursor
                              UNION SELECT feed_id, resource FROM sync_run),
                     counts AS (SELECT feed_id, 'Property' AS resource, count(*) AS n FROM listing
                                WHERE deleted_at IS NULL GROUP BY feed_id
                                UNION ALL
                                SELECT feed_id, resource, count(*) FROM resource_record
                                WHERE deleted_at IS NULL GROUP BY feed_id, resource),
                     ok AS (SELECT feed_id, resource, max(finished_at) AS finished_at FROM sync_run
                            WHERE status = 'completed' GROUP BY feed_id, resource)
                SELECT k.feed_id, k.resource, coalesce(n.n, 0), c.cursor_timestamp, ok.finished_at
                FROM keys k
                LEFT JOIN counts n ON n.feed_id = k.feed_id AND n.resource = k.resource
                LEFT JOIN resource_cursor c ON c.feed_id = k.feed_id AND c.resource = k.resource
                LEFT JOIN ok ON ok.feed_id = k.feed_id AND ok.resource = k.resource
                ORDER BY 1, 2""")
                .map((rs, ctx) -> new ResourceGauge(rs.getString(1), rs.getString(2), rs.getLong(3),
                        HistoryStore.instant(rs.getTimestamp(4)), HistoryStore.instant(rs.getTimestamp(5))))
                .list();
    }

    private static List<FeedCount> openErrors(Handle handle) {
        return handle.createQuery("SELECT feed_id, count(*) FROM sync_error WHERE resolved_at IS NULL GROUP BY 1")
                .map((rs, ctx) -> new FeedCount(rs.getString(1), rs.getLong(2))).list();
    }

    /** Empty until listing_media has a {@code state} column (added with media downloads). */
    private static List<MediaStateCount> media(Handle handle) {
        if (!hasColumn(handle, "listing_media", "state")) {
            return List.of();
        }
        return handle.createQuery("""
                SELECT feed_id, coalesce(state::text, 'unknown'), count(*) FROM listing_media
                WHERE deleted_at IS NULL GROUP BY 1, 2""")
                .map((rs, ctx) -> new MediaStateCount(rs.getString(1), rs.getString(2), rs.getLong(3))).list();
    }

    private static List<QueueDepth> queue(Handle handle) {
        return handle.createQuery("""
                SELECT task_name, count(*) FILTER (WHERE NOT picked AND execution_time <= now()),
                       count(*) FILTER (WHERE picked)
                FROM scheduled_tasks GROUP BY 1 ORDER BY 1""")
                .map((rs, ctx) -> new QueueDepth(rs.getString(1), rs.getLong(2), rs.getLong(3))).list();
    }

    static boolean hasColumn(Handle handle, String table, String column) {
        return handle.createQuery("""
                SELECT EXISTS (SELECT 1 FROM information_schema.columns
                               WHERE table_schema = current_schema() AND table_name = :table AND column_name = :column)""")
                .bind("table", table).bind("column", column).mapTo(Boolean.class).one();
    }
}
