package dev.mlsync.store;

import org.jdbi.v3.core.Handle;

import java.util.List;

/**
 * The change events of a page, written in its transaction by set-based statements that run just before
 * the statements they describe (so they still see the stored rows) and decide as those will: an event is
 * written exactly when the stored row will change, so replaying a page or an unchanged record writes none.
 *
 * <p>Kinds: {@code created} (a live record new to the replica), {@code updated} (fields: top-level fields
 * of the provider record whose value changed, was added or removed), {@code status_changed} (an update whose
 * StandardStatus changed; data: from, to; fields as for updated), {@code deleted}, {@code restored} (a
 * deleted record comes back live), {@code media_changed} (the media desired state of a listing live before
 * and after changed; data: added, removed, changed). A listing created, deleted or restored gets no
 * media_changed beside it: that one event tells the receiver to look at the whole listing.
 */
final class EventSql {
    static final String LISTINGS = "Property";

    /** Mirrors ReplicaSql's never-go-backwards rule: the staged version {@code s} replaces the stored {@code o}. */
    private static final String REPLACES = """
            (o.modification_timestamp < s.modification_timestamp
             OR (o.modification_timestamp = s.modification_timestamp
                 AND (o.raw IS DISTINCT FROM s.raw OR (o.deleted_at IS NULL) = s.deleted)))""";

    private static final String CHANGED_FIELDS = """
            (SELECT array_agg(k ORDER BY k)
             FROM (SELECT jsonb_object_keys(s.raw) UNION SELECT jsonb_object_keys(o.raw)) keys (k)
             WHERE s.raw -> k IS DISTINCT FROM o.raw -> k)""";

    private static final String KIND = """
            CASE WHEN o.deleted_at IS NULL AND s.deleted THEN 'deleted'
                 WHEN o.deleted_at IS NOT NULL AND NOT s.deleted THEN 'restored'
                 WHEN o.deleted_at IS NOT NULL THEN NULL
                 WHEN %s THEN 'status_changed'
                 ELSE 'updated' END""";

    private static final String RECORD_CHANGES = """
            INSERT INTO change_event (feed_id, resource, record_key, kind, fields, data)
            SELECT :feed, :resource, key, kind, CASE WHEN kind IN ('updated', 'status_changed') THEN fields END, data
            FROM (SELECT s.%1$s AS key, CASE WHEN o.%1$s IS NULL THEN CASE WHEN NOT s.deleted THEN 'created' END
                                           ELSE %2$s END AS kind,
                         %3$s AS fields, %4$s AS data
                  FROM %5$s
                  LEFT JOIN %6$s o ON o.feed_id = :feed %7$s AND o.%1$s = s.%1$s
                  WHERE o.%1$s IS NULL OR %8$s) c
            WHERE kind IS NOT NULL AND (kind NOT IN ('updated', 'status_changed') OR cardinality(fields) > 0)
            ORDER BY key""";

    /** Run before ReplicaSql.UPSERT_LISTINGS. */
    static final String LISTING_EVENTS = RECORD_CHANGES.formatted("listing_key",
            KIND.formatted("o.standard_status IS DISTINCT FROM s.standard_status"), CHANGED_FIELDS,
            "CASE WHEN o.deleted_at IS NULL AND NOT s.deleted AND o.standard_status IS DISTINCT FROM s.standard_status "
                    + "THEN jsonb_build_object('from', o.standard_status, 'to', s.standard_status) ELSE '{}' END",
            ReplicaSql.LATEST_LISTINGS, "listing", "", REPLACES);

    /** Run before ReplicaSql.UPSERT_RECORDS. */
    static final String RECORD_EVENTS = RECORD_CHANGES.formatted("record_key", KIND.formatted("false"),
            CHANGED_FIELDS, "'{}'::jsonb", """
                    (SELECT DISTINCT ON (record_key) * FROM stage_record
                     ORDER BY record_key, modification_timestamp DESC) s""",
            "resource_record", "AND o.resource = :resource", REPLACES);

    /**
     * Run before ReplicaSql.REMOVE_MEDIA, predicting it and UPSERT_MEDIA for listings live before and after:
     * removed are live photos missing from a list that replaces them, added are photos new to the listing
     * (or back), changed are photos whose record differs.
     */
    static final String MEDIA_EVENTS = """
            WITH applied AS MATERIALIZED (
                SELECT s.listing_key, s.media_present AND (s.media_count > 0
                           OR s.photos_change_timestamp IS DISTINCT FROM o.photos_change_timestamp) AS replaces_list
                FROM %s
                JOIN listing o ON o.feed_id = :feed AND o.listing_key = s.listing_key
                WHERE o.modification_timestamp <= s.modification_timestamp AND o.deleted_at IS NULL AND NOT s.deleted),
            removed AS (
                SELECT m.listing_key, count(*) AS removed
                FROM applied a JOIN listing_media m ON m.feed_id = :feed AND m.listing_key = a.listing_key
                WHERE a.replaces_list AND m.deleted_at IS NULL
                  AND NOT EXISTS (SELECT 1 FROM stage_media sm
                                  WHERE sm.media_key = m.media_key AND sm.listing_key = a.listing_key)
                GROUP BY m.listing_key),
            incoming AS (
                SELECT i.listing_key,
                       count(*) FILTER (WHERE m.media_key IS NULL OR m.deleted_at IS NOT NULL
                                        OR m.listing_key <> i.listing_key) AS added,
                       count(*) FILTER (WHERE m.deleted_at IS NULL AND m.listing_key = i.listing_key
                                        AND m.raw IS DISTINCT FROM i.raw) AS changed
                FROM (SELECT DISTINCT ON (sm.media_key) sm.media_key, sm.listing_key, sm.raw
                      FROM stage_media sm JOIN applied a ON a.listing_key = sm.listing_key
                      ORDER BY sm.media_key) i
                LEFT JOIN listing_media m ON m.feed_id = :feed AND m.media_key = i.media_key
                GROUP BY i.listing_key)
            INSERT INTO change_event (feed_id, resource, record_key, kind, data)
            SELECT :feed, '%s', a.listing_key, 'media_changed', jsonb_build_object('added', coalesce(i.added, 0),
                   'removed', coalesce(r.removed, 0), 'changed', coalesce(i.changed, 0))
            FROM applied a LEFT JOIN removed r ON r.listing_key = a.listing_key
            LEFT JOIN incoming i ON i.listing_key = a.listing_key
            WHERE coalesce(i.added, 0) + coalesce(r.removed, 0) + coalesce(i.changed, 0) > 0
            ORDER BY a.listing_key""".formatted(ReplicaSql.LATEST_LISTINGS, LISTINGS);

    private EventSql() {
    }

    /** The events of the staged listings (stage_listing, stage_media), before they are applied. */
    static void stagedListings(Handle handle, String feedId) {
        handle.createUpdate(LISTING_EVENTS).bind("feed", feedId).bind("resource", LISTINGS).execute();
        handle.createUpdate(MEDIA_EVENTS).bind("feed", feedId).execute();
    }

    /** The events of the staged records of another resource (stage_record), before they are applied. */
    static void stagedRecords(Handle handle, String feedId, String resource) {
        handle.createUpdate(RECORD_EVENTS).bind("feed", feedId).bind("resource", resource).execute();
    }

    /** One {@code created} event per listing copied straight in (new to the replica, live), in page order. */
    static void createdListings(Handle handle, String feedId, List<String> keys) {
        handle.createUpdate("""
                        INSERT INTO change_event (feed_id, resource, record_key, kind)
                        SELECT :feed, :resource, key, 'created' FROM unnest(:keys) WITH ORDINALITY AS k (key, n)
                        ORDER BY n""")
                .bind("feed", feedId).bind("resource", LISTINGS)
                .bindArray("keys", String.class, keys.toArray(String[]::new)).execute();
    }
}
