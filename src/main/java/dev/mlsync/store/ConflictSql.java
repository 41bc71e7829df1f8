package dev.mlsync.store;

import org.jdbi.v3.core.Handle;

import java.time.Instant;

/**
 * Conflicts between local edits ({@code listing_override}) and the MLS versions a page brings, detected in the
 * page's transaction before the listing upsert replaces the stored MLS values. A conflict opens when a version
 * that will be applied
 * <ul>
 *   <li>changes an overridden field: its value differs from the override's {@code mls_value}
 *       ({@code field_changed});</li>
 *   <li>deletes a live listing that has overrides ({@code listing_deleted});</li>
 *   <li>moves a listing with overrides into Withdrawn, Canceled or Expired ({@code listing_withdrawn}).</li>
 * </ul>
 * The feed's policy then decides, in the same statement: {@code mls-wins} drops the override(s) and resolves
 * the conflict ({@code mls}, by {@code policy}); {@code local-wins} keeps the override, takes the new MLS value
 * as its {@code mls_value} and resolves ({@code local}); {@code manual} keeps both and leaves the conflict open.
 * While a conflict is open no second one opens for the same listing and field: later MLS changes update the
 * open conflict's {@code mls_value}. Every opened and every resolved conflict writes a
 * {@code conflict_opened} / {@code conflict_resolved} row to {@code change_event}, in the same transaction.
 * Listings new to the replica (the COPY path) cannot have overrides, so only the staged path comes here.
 */
final class ConflictSql {
    /** Statuses that take a listing off the market without deleting it. */
    static final String OFF_MARKET = "('Withdrawn', 'Canceled', 'Expired')";

    /** The page's latest version of each listing that will replace a stored one, for listings with overrides. */
    private static final String INCOMING = """
            incoming AS MATERIALIZED (
                SELECT s.listing_key, s.raw, s.deleted, s.standard_status AS status,
                       l.standard_status AS stored_status, l.deleted_at IS NOT NULL AS was_deleted
                FROM (SELECT DISTINCT ON (listing_key) listing_key, raw, deleted, standard_status, modification_timestamp
                      FROM stage_listing ORDER BY listing_key, modification_timestamp DESC) s
                JOIN listing l ON l.feed_id = :feed AND l.listing_key = s.listing_key
                WHERE (l.modification_timestamp < s.modification_timestamp
                       OR (l.modification_timestamp = s.modification_timestamp
                           AND (l.raw IS DISTINCT FROM s.raw OR (l.deleted_at IS NULL) = s.deleted)))
                  AND EXISTS (SELECT 1 FROM listing_override o WHERE o.feed_id = :feed AND o.listing_key = s.listing_key))""";

    /** A later MLS change to a listing or field whose conflict is still open updates that conflict. */
    private static final String UPDATE_OPEN = """
            WITH %s
            UPDATE listing_conflict c
            SET mls_value = CASE WHEN c.field IS NULL THEN to_jsonb(i.status) ELSE i.raw -> c.field END,
                kind = CASE WHEN c.field IS NULL AND i.deleted THEN 'listing_deleted' ELSE c.kind END
            FROM incoming i
            WHERE c.feed_id = :feed AND c.listing_key = i.listing_key AND c.status = 'open'
              AND ((c.field IS NOT NULL AND NOT i.deleted AND (i.raw -> c.field) IS DISTINCT FROM c.mls_value)
                   OR (c.field IS NULL AND to_jsonb(i.status) IS DISTINCT FROM c.mls_value))""".formatted(INCOMING);

    /** The event rows of conflicts (a CTE named by %s with listing_conflict's columns), in conflict order. */
    static final String EVENTS = """
            INSERT INTO change_event (feed_id, resource, record_key, kind, fields, data, created_at)
            SELECT e.feed_id, 'Property', e.listing_key, e.event_kind,
                   CASE WHEN e.field IS NULL THEN NULL ELSE ARRAY[e.field] END,
                   jsonb_strip_nulls(jsonb_build_object('conflictId', e.id, 'field', e.field, 'kind', e.kind,
                       'policy', e.policy, 'status', e.status, 'resolution', e.resolution,
                       'resolvedBy', e.resolved_by)),
                   :now
            FROM (%s) e
            ORDER BY e.id, e.phase""";

    private static final String OPENED_EVENTS = EVENTS.formatted("""
            SELECT c.*, 0 AS phase, 'conflict_opened' AS event_kind FROM opened c
            UNION ALL
            SELECT c.*, 1 AS phase, 'conflict_resolved' AS event_kind FROM opened c WHERE c.status = 'resolved'""");

    private static final String OPEN = """
            WITH %s,
            candidates AS (
                SELECT i.listing_key, o.field, 'field_changed' AS kind, o.value AS local_value,
                       o.mls_value AS mls_before, i.raw -> o.field AS mls_value
                FROM incoming i JOIN listing_override o ON o.feed_id = :feed AND o.listing_key = i.listing_key
                WHERE NOT i.deleted AND (i.raw -> o.field) IS DISTINCT FROM o.mls_value
                UNION ALL
                SELECT i.listing_key, NULL, CASE WHEN i.deleted THEN 'listing_deleted' ELSE 'listing_withdrawn' END,
                       (SELECT jsonb_object_agg(o.field, o.value) FROM listing_override o
                        WHERE o.feed_id = :feed AND o.listing_key = i.listing_key),
                       to_jsonb(i.stored_status), to_jsonb(i.status)
                FROM incoming i
                WHERE NOT i.was_deleted
                  AND (i.deleted OR (i.status IN %s AND i.stored_status IS DISTINCT FROM i.status))),
            opened AS (
                INSERT INTO listing_conflict AS c (feed_id, listing_key, field, kind, local_value, mls_before, mls_value,
                                                   policy, status, resolution, resolved_by, opened_at, resolved_at)
                SELECT :feed, k.listing_key, k.field, k.kind, k.local_value, k.mls_before, k.mls_value, :policy,
                       CASE WHEN :policy = 'manual' THEN 'open' ELSE 'resolved' END,
                       CASE :policy WHEN 'mls-wins' THEN 'mls' WHEN 'local-wins' THEN 'local' END,
                       CASE WHEN :policy = 'manual' THEN NULL ELSE 'policy' END,
                       :now, CASE WHEN :policy = 'manual' THEN NULL ELSE CAST(:now AS timestamptz) END
                FROM candidates k
                WHERE NOT EXISTS (SELECT 1 FROM listing_conflict x
                                  WHERE x.feed_id = :feed AND x.listing_key = k.listing_key
                                    AND x.field IS NOT DISTINCT FROM k.field AND x.status = 'open')
                RETURNING c.*),
            dropped AS (
                DELETE FROM listing_override o USING opened c
                WHERE :policy = 'mls-wins' AND o.feed_id = :feed AND o.listing_key = c.listing_key
                  AND (c.field IS NULL OR o.field = c.field)
                RETURNING 1),
            kept AS (
                UPDATE listing_override o SET mls_value = c.mls_value FROM opened c
                WHERE :policy = 'local-wins' AND o.feed_id = :feed AND o.listing_key = c.listing_key
                  AND o.field = c.field
                RETURNING 1),
            events AS (%s RETURNING 1)
            SELECT count(*) FROM opened"""
            .formatted(INCOMING, OFF_MARKET, OPENED_EVENTS);

    private ConflictSql() {
    }

    /**
     * Detects and settles the conflicts of the staged page ({@code stage_listing}) with {@code policy}
     * ({@code mls-wins}, {@code local-wins}, {@code manual}); returns how many conflicts opened. One indexed
     * probe when the feed has no overrides at all.
     */
    static int apply(Handle handle, String feedId, String policy, Instant now) {
        boolean anyOverride = handle.createQuery("SELECT EXISTS (SELECT 1 FROM listing_override WHERE feed_id = :feed)")
                .bind("feed", feedId).mapTo(Boolean.class).one();
        if (!anyOverride) {
            return 0;
        }
        handle.createUpdate(UPDATE_OPEN).bind("feed", feedId).execute();
        return handle.createQuery(OPEN).bind("feed", feedId).bind("policy", policy).bind("now", now)
                .mapTo(Integer.class).one();
    }
}
