package dev.mlsync.store;

import dev.mlsync.source.Cursor;
import org.jdbi.v3.core.Handle;

import java.sql.Connection;
import java.sql.SQLException;
import java.time.Instant;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Set;

/**
 * One page's rows, staged in memory as COPY text (compact, not JSON trees) so that the next page can
 * be fetched while this one is committed by {@link ReplicaStore#commitPage}. Applying follows the
 * replication rules:
 * <ul>
 *   <li>a stored row is only replaced by a version whose timestamp is newer, or equal with different
 *       content (never go backwards); replaying a page changes nothing;</li>
 *   <li>a StandardStatus change writes a {@code listing_status_history} row in the same transaction;</li>
 *   <li>a listing that arrives with its Media list replaces its media desired state, except that an empty
 *       list whose PhotosChangeTimestamp did not change removes nothing;</li>
 *   <li>a deleted listing is soft-deleted ({@code deleted_at}) together with its media.</li>
 * </ul>
 */
public final class StagedPage {
    private static final String LISTING_COLUMNS = """
            listing_key, listing_id, standard_status, modification_timestamp, photos_change_timestamp,
            status_changed_at, property_type, property_sub_type, list_price, close_price, street_number,
            street_name, street_suffix, unit_number, unparsed_address, city, state_or_province, postal_code,
            county_or_parish, latitude, longitude, bedrooms_total, bathrooms_total, living_area, lot_size_acres,
            lot_size_square_feet, year_built, list_agent_key, list_office_key, listing_contract_date, close_date,
            photos_count, raw, deleted, media_present, media_count""";
    private static final String MEDIA_COLUMNS = """
            feed_id, media_key, listing_key, position, media_url, media_modification_timestamp, raw""";
    private static final String RECORD_COLUMNS = "record_key, modification_timestamp, raw, deleted";

    private final CopyBuffer listings = new CopyBuffer();
    private final String feedId;
    private final CopyBuffer media = new CopyBuffer();
    /** Listing key, and where its media rows start and end in {@link #media}. */
    private final List<MediaSpan> mediaSpans = new ArrayList<>();
    private final CopyBuffer records = new CopyBuffer();
    private final List<SyncErrorRow> errors = new ArrayList<>();

    public StagedPage(String feedId) {
        this.feedId = feedId;
    }

    private record MediaSpan(String listingKey, int start, int end, int rows) {
    }

    /** Number of records staged (listings or other records). */
    public int size() {
        return listings.rows() + records.rows();
    }

    /** Stages a listing version and, when {@code row.mediaPresent()}, its complete media list. */
    public void listing(ListingRow row, List<MediaRow> mediaRows) {
        listings.add(row.listingKey()).add(row.listingId()).add(row.standardStatus())
                .add(row.modificationTimestamp()).add(row.photosChangeTimestamp()).add(row.statusChangedAt())
                .add(row.propertyType()).add(row.propertySubType()).add(row.listPrice()).add(row.closePrice())
                .add(row.streetNumber()).add(row.streetName()).add(row.streetSuffix()).add(row.unitNumber())
                .add(row.unparsedAddress()).add(row.city()).add(row.stateOrProvince()).add(row.postalCode())
                .add(row.countyOrParish()).add(row.latitude()).add(row.longitude()).add(row.bedroomsTotal())
                .add(row.bathroomsTotal()).add(row.livingArea()).add(row.lotSizeAcres())
                .add(row.lotSizeSquareFeet()).add(row.yearBuilt()).add(row.listAgentKey())
                .add(row.listOfficeKey()).add(row.listingContractDate()).add(row.closeDate())
                .add(row.photosCount()).addJson(row.rawJson()).add(row.deleted()).add(row.mediaPresent())
                .add(mediaRows.size());
        listings.endRow();
        if (row.deleted()) {
            return;
        }
        int start = media.length();
        for (MediaRow m : mediaRows) {
            media.add(feedId).add(m.mediaKey()).add(row.listingKey()).add(m.position())
                    .add(m.mediaUrl()).add(m.mediaModificationTimestamp()).addJson(m.rawJson());
            media.endRow();
        }
        if (!mediaRows.isEmpty()) {
            mediaSpans.add(new MediaSpan(row.listingKey(), start, media.length(), mediaRows.size()));
        }
    }

    /** Stages a record of a resource other than Property. */
    public void record(ResourceRow row) {
        records.add(row.recordKey()).add(row.modificationTimestamp()).addJson(row.rawJson()).add(row.deleted());
        records.endRow();
    }

    /** Records a bad record; it is written to {@code sync_error} when the page commits. */
    public void error(SyncErrorRow error) {
        errors.add(error);
    }

    /** Applies everything staged, in the caller's transaction. */
    PageCounts apply(Handle handle, String feedId, String resource, long runId, Instant now) {
        try {
            Connection connection = handle.getConnection();
            createStageTables(handle);
            PageCounts counts = PageCounts.ZERO;
            if (listings.rows() > 0) {
                listings.copyInto(connection, "stage_listing (" + LISTING_COLUMNS + ")");
                counts = applyListings(handle, connection, feedId, now);
            }
            if (records.rows() > 0) {
                records.copyInto(connection, "stage_record (" + RECORD_COLUMNS + ")");
                counts = counts.plus(applyRecords(handle, feedId, resource, now));
            }
            writeErrors(handle, feedId, resource, runId);
            handle.execute("TRUNCATE stage_listing, stage_media, stage_record");
            return counts.plus(new PageCounts(0, 0, 0, 0, errors.size(), 0));
        } catch (SQLException e) {
            throw new StoreException("cannot store page of " + resource + " for feed " + feedId + ": "
                    + e.getMessage(), e);
        }
    }

    private static void createStageTables(Handle handle) {
        handle.execute("""
                CREATE TEMP TABLE IF NOT EXISTS stage_listing (
                    listing_key text COLLATE "C", listing_id text, standard_status text, modification_timestamp timestamptz,
                    photos_change_timestamp timestamptz, status_changed_at timestamptz, property_type text,
                    property_sub_type text, list_price numeric, close_price numeric, street_number text,
                    street_name text, street_suffix text, unit_number text, unparsed_address text, city text,
                    state_or_province text, postal_code text, county_or_parish text, latitude double precision,
                    longitude double precision, bedrooms_total integer, bathrooms_total numeric,
                    living_area numeric, lot_size_acres numeric, lot_size_square_feet numeric, year_built integer,
                    list_agent_key text, list_office_key text, listing_contract_date date, close_date date,
                    photos_count integer, raw jsonb, deleted boolean, media_present boolean, media_count integer);
                CREATE TEMP TABLE IF NOT EXISTS stage_media (
                    feed_id text COLLATE "C", media_key text COLLATE "C", listing_key text COLLATE "C", position integer, media_url text,
                    media_modification_timestamp timestamptz, raw jsonb);
                CREATE TEMP TABLE IF NOT EXISTS stage_record (
                    record_key text COLLATE "C", modification_timestamp timestamptz, raw jsonb, deleted boolean)""");
    }

    private PageCounts applyListings(Handle handle, Connection connection, String feedId, Instant now)
            throws SQLException {
        int staged = handle.createQuery("SELECT count(DISTINCT listing_key) FROM stage_listing")
                .mapTo(Integer.class).one();
        Set<String> fresh = new HashSet<>(handle.createQuery("""
                        SELECT s.listing_key FROM stage_listing s WHERE NOT EXISTS
                            (SELECT 1 FROM listing l WHERE l.feed_id = :feed AND l.listing_key = s.listing_key)""")
                .bind("feed", feedId).mapTo(String.class).list());
        media.copyInto(connection, "stage_media (" + MEDIA_COLUMNS + ")", ranges(span -> !fresh.contains(span.listingKey())));
        handle.createUpdate(ReplicaSql.STATUS_HISTORY).bind("feed", feedId).execute();
        handle.createUpdate(ReplicaSql.REMOVE_MEDIA).bind("feed", feedId).bind("now", now).execute();
        List<boolean[]> changed = handle.createQuery(ReplicaSql.UPSERT_LISTINGS)
                .bind("feed", feedId).bind("now", now)
                .map((rs, ctx) -> new boolean[] {rs.getBoolean(1), rs.getBoolean(2)}).list();
        int mediaStored = copyMediaOfNewListings(handle, connection, fresh);
        mediaStored += handle.createUpdate(ReplicaSql.UPSERT_MEDIA).bind("feed", feedId).bind("now", now).execute();
        return count(changed, staged, mediaStored);
    }

    private List<int[]> ranges(java.util.function.Predicate<MediaSpan> which) {
        return mediaSpans.stream().filter(which).map(span -> new int[] {span.start(), span.end()}).toList();
    }

    /**
     * Media of listings the replica did not hold before this page cannot conflict with stored rows, so
     * they are copied straight into listing_media, skipping the stage (half the work of a full load).
     * Should a media key still collide (a photo moved between listings, a key repeated in the page),
     * the copy is undone and those media take the staged path like the others.
     */
    private int copyMediaOfNewListings(Handle handle, Connection connection, Set<String> fresh) throws SQLException {
        List<int[]> direct = ranges(span -> fresh.contains(span.listingKey()));
        int rows = mediaSpans.stream().filter(span -> fresh.contains(span.listingKey())).mapToInt(MediaSpan::rows).sum();
        if (rows == 0) {
            return 0;
        }
        handle.savepoint("direct_media");
        try {
            media.copyInto(connection, "listing_media (" + MEDIA_COLUMNS + ")", direct);
            handle.release("direct_media");
            return rows;
        } catch (SQLException e) {
            handle.rollbackToSavepoint("direct_media");
            media.copyInto(connection, "stage_media (" + MEDIA_COLUMNS + ")", direct);
            return 0;
        }
    }

    private static PageCounts applyRecords(Handle handle, String feedId, String resource, Instant now) {
        int staged = handle.createQuery("SELECT count(DISTINCT record_key) FROM stage_record")
                .mapTo(Integer.class).one();
        List<boolean[]> changed = handle.createQuery(ReplicaSql.UPSERT_RECORDS)
                .bind("feed", feedId).bind("resource", resource).bind("now", now)
                .map((rs, ctx) -> new boolean[] {rs.getBoolean(1), rs.getBoolean(2)}).list();
        return count(changed, staged, 0);
    }

    private static PageCounts count(List<boolean[]> changed, int staged, int media) {
        int added = 0;
        int updated = 0;
        int deleted = 0;
        for (boolean[] row : changed) {
            if (row[1]) {
                deleted++;
            } else if (row[0]) {
                added++;
            } else {
                updated++;
            }
        }
        return new PageCounts(added, updated, deleted, staged - changed.size(), 0, media);
    }

    private void writeErrors(Handle handle, String feedId, String resource, long runId) {
        if (errors.isEmpty()) {
            return;
        }
        var batch = handle.prepareBatch("""
                INSERT INTO sync_error (run_id, feed_id, resource, record_key, category, message, payload_excerpt)
                VALUES (:run, :feed, :resource, :key, :category, :message, :excerpt)""");
        for (SyncErrorRow error : errors) {
            batch.bind("run", runId).bind("feed", feedId).bind("resource", resource)
                    .bind("key", clean(error.recordKey())).bind("category", error.category())
                    .bind("message", clean(error.message())).bind("excerpt", clean(error.payloadExcerpt()))
                    .add();
        }
        batch.execute();
    }

    private static String clean(String text) {
        return text == null ? null : text.replace('\0', '\uFFFD');
    }

    /** Saves the cursor reached by this page (in the page's transaction). */
    static void saveCursor(Handle handle, String feedId, String resource, Cursor cursor, long runId) {
        handle.createUpdate("""
                INSERT INTO resource_cursor (feed_id, resource, cursor_timestamp, cursor_key, next_link, run_id, updated_at)
                VALUES (:feed, :resource, :ts, :key, :link, :run, now())
                ON CONFLICT (feed_id, resource) DO UPDATE SET cursor_timestamp = EXCLUDED.cursor_timestamp,
                    cursor_key = EXCLUDED.cursor_key, next_link = EXCLUDED.next_link, run_id = EXCLUDED.run_id,
                    updated_at = now()""")
                .bind("feed", feedId).bind("resource", resource).bind("ts", cursor.timestamp())
                .bind("key", cursor.key()).bind("link", cursor.nextLink()).bind("run", runId).execute();
    }

    /** Adds this page's statistics to its run (in the page's transaction). */
    static void addProgress(Handle handle, long runId, PageCounts counts, long requests, long bytes) {
        int touched = handle.createUpdate("""
                UPDATE sync_run SET pages = pages + 1, requests = requests + :requests, bytes = bytes + :bytes,
                    added = added + :added, updated = updated + :updated, deleted = deleted + :deleted,
                    unchanged = unchanged + :unchanged, failed = failed + :failed, media = media + :media
                WHERE id = :run""")
                .bind("requests", requests).bind("bytes", bytes).bind("added", counts.added())
                .bind("updated", counts.updated()).bind("deleted", counts.deleted())
                .bind("unchanged", counts.unchanged()).bind("failed", counts.failed())
                .bind("media", counts.media()).bind("run", runId).execute();
        if (touched != 1) {
            throw new StoreException("sync_run " + runId + " not found while recording page progress");
        }
    }
}
