package dev.mlsync.store;

import org.jdbi.v3.core.Handle;
import org.jdbi.v3.core.Jdbi;

import java.sql.Array;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.util.Arrays;
import java.util.List;
import java.time.Instant;
import java.util.Optional;
import java.util.UUID;

/**
 * The change-event outbox ({@code change_event}): append, read on from a position, purge.
 *
 * <p>Invariant: reads return only events of transactions below {@code pg_snapshot_xmin} of the current
 * snapshot (finished: committed or rolled back), in (tx, id) order. A transaction that can still commit has
 * a tx at or above that bound, so its events will sort after everything already read: a reader continuing
 * from the last position it saw never misses an event, however late it commits.
 */
public final class EventStore {
    private static final String COLUMNS = "id, event_id, feed_id, resource, record_key, kind, fields, data::text, "
            + "created_at, tx::text";
    private final Jdbi jdbi;

    EventStore(Jdbi jdbi) {
        this.jdbi = jdbi;
    }

    /** Appends an event in its own transaction; returns its id. */
    public long append(NewEvent event) {
        return jdbi.withHandle(handle -> append(handle, event));
    }

    /** Appends an event in the caller's transaction (store code writing the change it describes). */
    static long append(Handle handle, NewEvent event) {
        return handle.createQuery("""
                        INSERT INTO change_event (feed_id, resource, record_key, kind, fields, data)
                        VALUES (:feed, :resource, :key, :kind, :fields, COALESCE(CAST(:data AS jsonb), '{}'))
                        RETURNING id""")
                .bind("feed", event.feedId()).bind("resource", event.resource()).bind("key", event.recordKey())
                .bind("kind", event.kind())
                .bindArray("fields", String.class, event.fields() == null ? null : event.fields().toArray(String[]::new))
                .bind("data", event.dataJson()).mapTo(Long.class).one();
    }

    /** The position of the event with this id, or empty when there is none (never written, or purged). */
    public Optional<EventPosition> positionOf(long id) {
        return jdbi.withHandle(handle -> handle.createQuery("SELECT tx::text FROM change_event WHERE id = :id")
                .bind("id", id).mapTo(String.class).findOne().map(tx -> new EventPosition(tx, id)));
    }

    /**
     * As {@link #after(EventPosition, List, List, int)}, after the event with id {@code afterId} (0: from the
     * oldest kept), for readers that keep only the last id they saw.
     *
     * @throws EventNotKeptException when there is no event with that id
     */
    public EventBatch afterId(long afterId, List<String> feeds, List<String> kinds, int limit) {
        EventPosition from = afterId == 0 ? EventPosition.START
                : positionOf(afterId).orElseThrow(() -> new EventNotKeptException(afterId));
        return after(from, feeds, kinds, limit);
    }

    /**
     * Up to {@code limit} events after {@code after}, in log order, of the given feeds and kinds (null: all).
     */
    public EventBatch after(EventPosition after, List<String> feeds, List<String> kinds, int limit) {
        return jdbi.inTransaction(handle -> {
            handle.execute("SET TRANSACTION ISOLATION LEVEL REPEATABLE READ, READ ONLY");
            String bound = handle.createQuery("SELECT pg_snapshot_xmin(pg_current_snapshot())::text")
                    .mapTo(String.class).one();
            List<ChangeEvent> events = handle.createQuery("""
                            SELECT %s FROM change_event
                            WHERE (tx, id) > (CAST(:tx AS xid8), :id) AND tx < CAST(:bound AS xid8)
                              AND (CAST(:feeds AS text[]) IS NULL OR feed_id = ANY(:feeds))
                              AND (CAST(:kinds AS text[]) IS NULL OR kind = ANY(:kinds))
                            ORDER BY tx, id LIMIT :limit""".formatted(COLUMNS))
                    .bind("tx", after.tx()).bind("id", after.id()).bind("bound", bound)
                    .bindArray("feeds", String.class, feeds == null ? null : feeds.toArray(String[]::new))
                    .bindArray("kinds", String.class, kinds == null ? null : kinds.toArray(String[]::new))
                    .bind("limit", limit).map((rs, ctx) -> event(rs)).list();
            EventPosition horizon = events.size() < limit ? after.max(new EventPosition(bound, 0))
                    : events.getLast().position();
            return new EventBatch(events, horizon);
        });
    }

    /**
     * Deletes events created before {@code before} that every webhook has delivered: those in
     * {@code webhookKeys} (configured here) and those any process delivered to since {@code before}.
     * Returns how many went.
     */
    public int purge(Instant before, List<String> webhookKeys) {
        return jdbi.withHandle(handle -> handle.createUpdate("""
                        DELETE FROM change_event e
                        WHERE e.created_at < :before
                          AND NOT EXISTS (SELECT 1 FROM event_webhook w
                                          WHERE (w.webhook_key = ANY(:keys) OR w.seen_at >= :before)
                                            AND (e.tx, e.id) > (w.delivered_tx, w.delivered_id))""")
                .bind("before", before).bindArray("keys", String.class, webhookKeys.toArray(String[]::new))
                .execute());
    }

    private static ChangeEvent event(ResultSet rs) throws SQLException {
        Array fields = rs.getArray("fields");
        return new ChangeEvent(rs.getLong("id"), rs.getObject("event_id", UUID.class), rs.getString("feed_id"),
                rs.getString("resource"), rs.getString("record_key"), rs.getString("kind"),
                fields == null ? null : Arrays.asList((String[]) fields.getArray()), rs.getString("data"),
                rs.getTimestamp("created_at").toInstant(), rs.getString("tx"));
    }
}
