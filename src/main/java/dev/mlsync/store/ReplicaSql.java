package dev.mlsync.store;

import java.util.Arrays;
import java.util.stream.Collectors;

/** The set-based statements that apply a staged page; see {@link PageWriter} for the rules. */
final class ReplicaSql {
    /** Typed listing columns copied as they are from the stage. */
    private static final String[] TYPED = {
        "listing_id", "standard_status", "modification_timestamp", "photos_change_timestamp", "property_type",
        "property_sub_type", "list_price", "close_price", "street_number", "street_name", "street_suffix",
        "unit_number", "unparsed_address", "city", "state_or_province", "postal_code", "county_or_parish",
        "latitude", "longitude", "bedrooms_total", "bathrooms_total", "living_area", "lot_size_acres",
        "lot_size_square_feet", "year_built", "list_agent_key", "list_office_key", "listing_contract_date",
        "close_date", "photos_count", "raw"};

    /** The same columns as one comma-separated list. */
    static final String TYPED_COLUMNS = String.join(", ", TYPED);

    static final String LATEST_LISTINGS = """
            (SELECT DISTINCT ON (listing_key) * FROM stage_listing
             ORDER BY listing_key, modification_timestamp DESC) s""";

    /** Never go backwards: replace only by a newer version, or an equal one whose content differs. */
    private static final String NEWER_OR_DIFFERENT = """
            WHERE %1$s.modification_timestamp < EXCLUDED.modification_timestamp
               OR (%1$s.modification_timestamp = EXCLUDED.modification_timestamp
                   AND (%1$s.raw IS DISTINCT FROM EXCLUDED.raw
                        OR (%1$s.deleted_at IS NULL) <> (EXCLUDED.deleted_at IS NULL)))""";

    /** A record deleted again keeps the moment it was first seen deleted. */
    private static final String DELETED_AT = """
            deleted_at = CASE WHEN EXCLUDED.deleted_at IS NULL THEN NULL
                              ELSE COALESCE(%s.deleted_at, EXCLUDED.deleted_at) END""";

    static final String STATUS_HISTORY = """
            INSERT INTO listing_status_history (feed_id, listing_key, from_status, to_status, changed_at)
            SELECT :feed, s.listing_key, l.standard_status, s.standard_status,
                   COALESCE(s.status_changed_at, s.modification_timestamp)
            FROM %s
            JOIN listing l ON l.feed_id = :feed AND l.listing_key = s.listing_key
            WHERE l.modification_timestamp < s.modification_timestamp
              AND l.standard_status IS DISTINCT FROM s.standard_status""".formatted(LATEST_LISTINGS);

    /**
     * Media no longer in a listing's list are marked removed; a deleted listing loses all its media; an
     * empty list whose PhotosChangeTimestamp did not change removes nothing (providers send empty
     * lists by mistake far more often than listings really lose every photo).
     */
    static final String REMOVE_MEDIA = """
            WITH candidates AS MATERIALIZED (
                SELECT s.listing_key, s.deleted
                FROM %s
                JOIN listing l ON l.feed_id = :feed AND l.listing_key = s.listing_key
                WHERE l.modification_timestamp <= s.modification_timestamp
                  AND (s.deleted
                       OR (s.media_present
                           AND (s.media_count > 0
                                OR s.photos_change_timestamp IS DISTINCT FROM l.photos_change_timestamp))))
            UPDATE listing_media m SET deleted_at = :now, updated_at = :now, state = 'gone'
            FROM candidates c
            WHERE m.feed_id = :feed AND m.listing_key = c.listing_key AND m.deleted_at IS NULL
              AND (c.deleted OR NOT EXISTS (SELECT 1 FROM stage_media sm
                                            WHERE sm.media_key = m.media_key AND sm.listing_key = c.listing_key))"""
            .formatted(LATEST_LISTINGS);

    static final String UPSERT_LISTINGS = """
            INSERT INTO listing AS l (feed_id, listing_key, %1$s, deleted_at, first_seen_at, updated_at)
            SELECT :feed, listing_key, %1$s, CASE WHEN deleted THEN CAST(:now AS timestamptz) END, :now, :now
            FROM %2$s
            ON CONFLICT (feed_id, listing_key) DO UPDATE SET %3$s, %4$s, updated_at = EXCLUDED.updated_at
            %5$s
            RETURNING (xmax = 0) AS inserted, deleted_at IS NOT NULL AS deleted"""
            .formatted(String.join(", ", TYPED), LATEST_LISTINGS, assignments(TYPED), DELETED_AT.formatted("l"),
                    NEWER_OR_DIFFERENT.formatted("l"));

    /**
     * The photo file changed (its MediaModificationTimestamp, or its URL where the provider sends no such
     * timestamp): it must be downloaded again.
     */
    private static final String FILE_CHANGED = """
            (m.media_modification_timestamp IS DISTINCT FROM EXCLUDED.media_modification_timestamp
             OR (EXCLUDED.media_modification_timestamp IS NULL AND m.media_url IS DISTINCT FROM EXCLUDED.media_url))""";

    /**
     * Download state of an updated photo: a changed file is pending again (with a clean slate of attempts);
     * a photo that comes back after being gone is stored again if its object was kept, else pending;
     * anything else keeps its state, so an unchanged photo is never downloaded twice.
     */
    private static final String MEDIA_STATE = """
            state = CASE WHEN %1$s THEN 'pending'
                         WHEN m.state = 'gone' THEN CASE WHEN m.object_key IS NOT NULL THEN 'stored' ELSE 'pending' END
                         ELSE m.state END,
                attempts = CASE WHEN %1$s THEN 0 ELSE m.attempts END,
                next_attempt_at = CASE WHEN %1$s THEN NULL ELSE m.next_attempt_at END,
                last_error = CASE WHEN %1$s THEN NULL ELSE m.last_error END""".formatted(FILE_CHANGED);

    /** Media of a stale listing version (older than what is stored) are ignored. */
    static final String UPSERT_MEDIA = """
            INSERT INTO listing_media AS m (feed_id, media_key, listing_key, position, media_url,
                                            media_modification_timestamp, raw, deleted_at, updated_at)
            SELECT :feed, sm.media_key, sm.listing_key, sm.position, sm.media_url, sm.media_modification_timestamp,
                   sm.raw, NULL, :now
            FROM (SELECT DISTINCT ON (m.media_key) m.*, s.modification_timestamp AS listing_ts
                  FROM stage_media m JOIN %s ON s.listing_key = m.listing_key
                  ORDER BY m.media_key, s.modification_timestamp DESC) sm
            JOIN listing l ON l.feed_id = :feed AND l.listing_key = sm.listing_key
                          AND l.modification_timestamp = sm.listing_ts AND l.deleted_at IS NULL
            ON CONFLICT (feed_id, media_key) DO UPDATE SET listing_key = EXCLUDED.listing_key,
                position = EXCLUDED.position, media_url = EXCLUDED.media_url,
                media_modification_timestamp = EXCLUDED.media_modification_timestamp, raw = EXCLUDED.raw,
                deleted_at = NULL, updated_at = EXCLUDED.updated_at, %2$s
            WHERE m.deleted_at IS NOT NULL OR m.raw IS DISTINCT FROM EXCLUDED.raw
               OR m.listing_key IS DISTINCT FROM EXCLUDED.listing_key""".formatted(LATEST_LISTINGS, MEDIA_STATE);

    static final String UPSERT_RECORDS = """
            INSERT INTO resource_record AS r (feed_id, resource, record_key, modification_timestamp, raw,
                                              deleted_at, first_seen_at, updated_at)
            SELECT :feed, :resource, record_key, modification_timestamp, raw,
                   CASE WHEN deleted THEN CAST(:now AS timestamptz) END, :now, :now
            FROM (SELECT DISTINCT ON (record_key) * FROM stage_record
                  ORDER BY record_key, modification_timestamp DESC) s
            ON CONFLICT (feed_id, resource, record_key) DO UPDATE SET
                modification_timestamp = EXCLUDED.modification_timestamp, raw = EXCLUDED.raw, %s,
                updated_at = EXCLUDED.updated_at
            %s
            RETURNING (xmax = 0) AS inserted, deleted_at IS NOT NULL AS deleted"""
            .formatted(DELETED_AT.formatted("r"), NEWER_OR_DIFFERENT.formatted("r"));

    private ReplicaSql() {
    }

    private static String assignments(String[] columns) {
        return Arrays.stream(columns).map(c -> c + " = EXCLUDED." + c).collect(Collectors.joining(", "));
    }
}
