package dev.mlsync.store;

import org.jdbi.v3.core.Handle;
import org.jdbi.v3.core.Jdbi;
import org.jdbi.v3.core.statement.Query;
import org.jdbi.v3.core.statement.UnableToExecuteStatementException;

import java.sql.ResultSet;
import java.sql.SQLException;
import java.time.Instant;
import java.util.List;
import java.util.Map;
import java.util.Optional;

/**
 * Local edits beside the replica ({@code listing_override}) and their conflicts with the MLS
 * ({@code listing_conflict}): setting and removing overrides, listing and resolving conflicts. Each change is
 * one transaction, together with the {@code change_event} rows of the conflicts it resolves. The page
 * transaction's side (opening conflicts) is {@link ConflictSql}.
 */
public final class OverrideStore {
    private static final String OVERRIDE_COLUMNS = "feed_id, listing_key, field, value::text, mls_value::text, set_by, set_at";
    private static final String CONFLICT_COLUMNS = """
            id, feed_id, listing_key, field, kind, local_value::text, mls_before::text, mls_value::text, policy, status,
            resolution, resolved_by, opened_at, resolved_at""";
    private static final String RESOLVED_EVENTS = ConflictSql.EVENTS.formatted(
            "SELECT c.*, 0 AS phase, 'conflict_resolved' AS event_kind FROM resolved c");

    /** Whether a listing can be edited: it must be in the replica and not deleted by the MLS. */
    public enum ListingState { MISSING, LIVE, DELETED }

    private final Jdbi jdbi;

    OverrideStore(Jdbi jdbi) {
        this.jdbi = jdbi;
    }

    public ListingState listingState(String feedId, String listingKey) {
        return jdbi.withHandle(handle -> handle.createQuery(
                        "SELECT deleted_at IS NOT NULL FROM listing WHERE feed_id = :feed AND listing_key = :key")
                .bind("feed", feedId).bind("key", listingKey).mapTo(Boolean.class).findOne()
                .map(deleted -> deleted ? ListingState.DELETED : ListingState.LIVE).orElse(ListingState.MISSING));
    }

    /** The listing's overrides by field name. */
    public List<OverrideRow> overrides(String feedId, String listingKey) {
        return jdbi.withHandle(handle -> overrides(handle, feedId, listingKey));
    }

    static List<OverrideRow> overrides(Handle handle, String feedId, String listingKey) {
        return handle.createQuery("SELECT " + OVERRIDE_COLUMNS + " FROM listing_override "
                        + "WHERE feed_id = :feed AND listing_key = :key ORDER BY field")
                .bind("feed", feedId).bind("key", listingKey).map((rs, ctx) -> override(rs)).list();
    }

    /**
     * Sets overrides ({@code field → JSON text}) on a listing, each remembering the MLS value it replaces now
     * ({@code mls_value}), who set it and when; an open conflict of one of these fields is resolved
     * {@code local} by the same person (they chose the value knowing the MLS's). The listing row is locked
     * meanwhile. Nothing is stored when the listing is gone or the effective listing could not take a value.
     *
     * @return the listing's overrides afterwards, or empty when the listing is not in the replica
     * @throws OverrideValueException when a value does not fit its typed column
     */
    public Optional<List<OverrideRow>> put(String feedId, String listingKey, Map<String, String> values, String by,
                                           Instant now) {
        return jdbi.inTransaction(handle -> {
            if (handle.createQuery("SELECT 1 FROM listing WHERE feed_id = :feed AND listing_key = :key FOR UPDATE")
                    .bind("feed", feedId).bind("key", listingKey).mapTo(Integer.class).findOne().isEmpty()) {
                return Optional.empty();
            }
            var batch = handle.prepareBatch("""
                    INSERT INTO listing_override (feed_id, listing_key, field, value, mls_value, set_by, set_at)
                    SELECT :feed, :key, :field, CAST(:value AS jsonb), l.raw -> :field, :by, :now
                    FROM listing l WHERE l.feed_id = :feed AND l.listing_key = :key
                    ON CONFLICT (feed_id, listing_key, field) DO UPDATE SET value = EXCLUDED.value,
                        mls_value = EXCLUDED.mls_value, set_by = EXCLUDED.set_by, set_at = EXCLUDED.set_at""");
            values.forEach((field, value) -> batch.bind("feed", feedId).bind("key", listingKey).bind("field", field)
                    .bind("value", value).bind("by", by).bind("now", now).add());
            batch.execute();
            resolveOpen(handle, feedId, listingKey, values.keySet().toArray(String[]::new), "local", by, now);
            requireEffectiveListing(handle, feedId, listingKey);
            return Optional.of(overrides(handle, feedId, listingKey));
        });
    }

    /** The view casts overrides of typed fields to their columns; a value it cannot cast must not be stored. */
    private static void requireEffectiveListing(Handle handle, String feedId, String listingKey) {
        try {
            handle.createQuery("SELECT count(*) FROM listing_effective WHERE feed_id = :feed AND listing_key = :key")
                    .bind("feed", feedId).bind("key", listingKey).mapTo(Long.class).one();
        } catch (UnableToExecuteStatementException e) {
            throw new OverrideValueException(feedId, listingKey, Database.rootMessage(e));
        }
    }

    /**
     * Removes one override; the listing shows the MLS value again. An open conflict of that field is resolved
     * {@code mls} by {@code by}.
     *
     * @return false when the listing had no override of the field
     */
    public boolean remove(String feedId, String listingKey, String field, String by, Instant now) {
        return jdbi.inTransaction(handle -> {
            int removed = handle.createUpdate("""
                            DELETE FROM listing_override WHERE feed_id = :feed AND listing_key = :key AND field = :field""")
                    .bind("feed", feedId).bind("key", listingKey).bind("field", field).execute();
            if (removed > 0) {
                resolveOpen(handle, feedId, listingKey, new String[] {field}, "mls", by, now);
            }
            return removed > 0;
        });
    }

    private static void resolveOpen(Handle handle, String feedId, String listingKey, String[] fields,
                                    String resolution, String by, Instant now) {
        handle.createQuery("""
                        WITH resolved AS (
                            UPDATE listing_conflict SET status = 'resolved', resolution = :resolution,
                                resolved_by = :by, resolved_at = :now
                            WHERE feed_id = :feed AND listing_key = :key AND field = ANY(:fields) AND status = 'open'
                            RETURNING *),
                        events AS (%s RETURNING 1)
                        SELECT count(*) FROM resolved""".formatted(RESOLVED_EVENTS))
                .bind("feed", feedId).bind("key", listingKey).bindArray("fields", String.class, fields)
                .bind("resolution", resolution).bind("by", by).bind("now", now).mapTo(Long.class).one();
    }

    /** Conflicts newest first, of one feed (every feed when null) and status ({@code open}, {@code resolved}, or null for all). */
    public List<ConflictRow> conflicts(String feedId, String status, int limit) {
        String where = (feedId == null ? "TRUE" : "feed_id = :feed") + (status == null ? "" : " AND status = :status");
        return jdbi.withHandle(handle -> {
            Query query = handle.createQuery("SELECT " + CONFLICT_COLUMNS + " FROM listing_conflict WHERE " + where
                    + " ORDER BY opened_at DESC, id DESC LIMIT :limit").bind("limit", limit);
            if (feedId != null) {
                query.bind("feed", feedId);
            }
            if (status != null) {
                query.bind("status", status);
            }
            return query.map((rs, ctx) -> conflict(rs)).list();
        });
    }

    /** The open conflicts of one listing. */
    public List<ConflictRow> openConflicts(String feedId, String listingKey) {
        return jdbi.withHandle(handle -> handle.createQuery("SELECT " + CONFLICT_COLUMNS + " FROM listing_conflict "
                        + "WHERE feed_id = :feed AND listing_key = :key AND status = 'open' ORDER BY id")
                .bind("feed", feedId).bind("key", listingKey).map((rs, ctx) -> conflict(rs)).list());
    }

    public Optional<ConflictRow> conflict(long id) {
        return jdbi.withHandle(handle -> handle.createQuery("SELECT " + CONFLICT_COLUMNS
                        + " FROM listing_conflict WHERE id = :id").bind("id", id)
                .map((rs, ctx) -> conflict(rs)).findOne());
    }

    /**
     * Resolves an open conflict: {@code keep = mls} drops the override (every override of the listing for a
     * whole-listing conflict); {@code keep = local} keeps it and takes the current MLS value as its
     * {@code mls_value}, so only a later MLS change conflicts again. The conflict row is locked meanwhile.
     *
     * @return the resolved conflict, or empty when no conflict has the id or it is not open
     */
    public Optional<ConflictRow> resolve(long id, String keep, String by, Instant now) {
        return jdbi.inTransaction(handle -> {
            Optional<ConflictRow> open = handle.createQuery("SELECT " + CONFLICT_COLUMNS
                            + " FROM listing_conflict WHERE id = :id AND status = 'open' FOR UPDATE")
                    .bind("id", id).map((rs, ctx) -> conflict(rs)).findOne();
            if (open.isEmpty()) {
                return Optional.<ConflictRow>empty();
            }
            ConflictRow conflict = open.get();
            if ("mls".equals(keep)) {
                handle.createUpdate("""
                                DELETE FROM listing_override WHERE feed_id = :feed AND listing_key = :key
                                  AND (CAST(:field AS text) IS NULL OR field = :field)""")
                        .bind("feed", conflict.feedId()).bind("key", conflict.listingKey())
                        .bind("field", conflict.field()).execute();
            } else if (conflict.field() != null) {
                handle.createUpdate("""
                                UPDATE listing_override o SET mls_value = l.raw -> o.field FROM listing l
                                WHERE o.feed_id = :feed AND o.listing_key = :key AND o.field = :field
                                  AND l.feed_id = o.feed_id AND l.listing_key = o.listing_key""")
                        .bind("feed", conflict.feedId()).bind("key", conflict.listingKey())
                        .bind("field", conflict.field()).execute();
            }
            return Optional.of(handle.createQuery("""
                            WITH resolved AS (
                                UPDATE listing_conflict SET status = 'resolved', resolution = :keep, resolved_by = :by,
                                    resolved_at = :now
                                WHERE id = :id RETURNING *),
                            events AS (%s RETURNING 1)
                            SELECT %s FROM resolved""".formatted(RESOLVED_EVENTS, CONFLICT_COLUMNS))
                    .bind("id", id).bind("keep", keep).bind("by", by).bind("now", now)
                    .map((rs, ctx) -> conflict(rs)).one());
        });
    }

    private static OverrideRow override(ResultSet rs) throws SQLException {
        return new OverrideRow(rs.getString(1), rs.getString(2), rs.getString(3), rs.getString(4), rs.getString(5),
                rs.getString(6), HistoryStore.instant(rs.getTimestamp(7)));
    }

    private static ConflictRow conflict(ResultSet rs) throws SQLException {
        return new ConflictRow(rs.getLong(1), rs.getString(2), rs.getString(3), rs.getString(4), rs.getString(5),
                rs.getString(6), rs.getString(7), rs.getString(8), rs.getString(9), rs.getString(10),
                rs.getString(11), rs.getString(12), HistoryStore.instant(rs.getTimestamp(13)),
                HistoryStore.instant(rs.getTimestamp(14)));
    }
}
