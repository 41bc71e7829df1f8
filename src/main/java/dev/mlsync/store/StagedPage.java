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
    /** Columns of a listing as stored; a staged row carries them first, then {@link #STAGE_EXTRAS}. */
    private static final String LISTING_COLUMNS = "feed_id, listing_key, " + ReplicaSql.TYPED_COLUMNS;
    private static final String STAGE_EXTRAS = "status_changed_at, deleted, media_present, media_count";
    private static final String MEDIA_COLUMNS = """
            feed_id, media_key, listing_key, position, media_url, media_modification_timestamp, raw""";
    private static final String RECORD_COLUMNS = "record_key, modification_timestamp, raw, deleted";

    private final String feedId;
    /** The feed's conflict policy for local edits ({@code mls-wins}, {@code local-wins}, {@code manual}). */
    private final String conflictPolicy;
    /** Every listing in stage format. */
    private final CopyBuffer stagedListings;
    /** Live listings again in stored format, for those the replica does not hold yet. */
    private final CopyBuffer newListings;
    private final CopyBuffer media;
    private final List<ListingSpan> spans = new ArrayList<>();
    private final CopyBuffer records = new CopyBuffer();
    private final List<SyncErrorRow> errors = new ArrayList<>();
    /** Listing, media and record keys this page writes: pages sharing none can be written side by side. */
    private final Set<String> keys = new HashSet<>();

    public StagedPage(String feedId) {
        this(feedId, null);
    }

    /**
     * A page sized like {@code previous} (pages of one run are alike), so its buffers are allocated
     * once instead of doubling their way up: megabyte arrays are expensive for the garbage collector.
     */
    public StagedPage(String feedId, StagedPage previous) {
        this(feedId, previous, "manual");
    }

    /** As above, settling conflicts with local edits by {@code conflictPolicy} (see {@link ConflictSql}). */
    public StagedPage(String feedId, StagedPage previous, String conflictPolicy) {
        this.feedId = feedId;
        this.conflictPolicy = conflictPolicy;
        this.stagedListings = new CopyBuffer(previous == null ? 0 : previous.stagedListings.length() * 9 / 8);
        this.newListings = new CopyBuffer(previous == null ? 0 : previous.newListings.length() * 9 / 8);
        this.media = new CopyBuffer(previous == null ? 0 : previous.media.length() * 9 / 8);
    }

    /** Where one listing's rows sit in the buffers ({@code newStart} is -1 for a deleted listing). */
    private record ListingSpan(String key, int stageStart, int stageEnd, int newStart, int newEnd, int mediaStart,
                               int mediaEnd, int mediaRows) {
        int[] stage() {
            return new int[] {stageStart, stageEnd};
        }

        int[] asNew() {
            return new int[] {newStart, newEnd};
        }

        int[] media() {
            return new int[] {mediaStart, mediaEnd};
        }
    }

    /** True when this page writes a row (listing, media or record key) that {@code other} also writes. */
    public boolean sharesKeysWith(StagedPage other) {
        Set<String> smaller = keys.size() <= other.keys.size() ? keys : other.keys;
        Set<String> larger = smaller == keys ? other.keys : keys;
        return smaller.stream().anyMatch(larger::contains);
    }

    /** Number of records staged (listings or other records). */
    public int size() {
        return stagedListings.rows() + records.rows();
    }

    /** Stages a listing version and, when {@code row.mediaPresent()}, its complete media list. */
    public void listing(ListingRow row, List<MediaRow> mediaRows) {
        keys.add("L" + row.listingKey());
        int stageStart = stagedListings.length();
        stagedListings.add(feedId).add(row.listingKey()).add(row.listingId()).add(row.standardStatus())
                .add(row.modificationTimestamp()).add(row.photosChangeTimestamp())
                .add(row.propertyType()).add(row.propertySubType()).add(row.listPrice()).add(row.closePrice())
                .add(row.streetNumber()).add(row.streetName()).add(row.streetSuffix()).add(row.unitNumber())
                .add(row.unparsedAddress()).add(row.city()).add(row.stateOrProvince()).add(row.postalCode())
                .add(row.countyOrParish()).add(row.latitude()).add(row.longitude()).add(row.bedroomsTotal())
                .add(row.bathroomsTotal()).add(row.livingArea()).add(row.lotSizeAcres())
                .add(row.lotSizeSquareFeet()).add(row.yearBuilt()).add(row.listAgentKey())
                .add(row.listOfficeKey()).add(row.listingContractDate()).add(row.closeDate())
                .add(row.photosCount()).addJson(row.rawJson());
        int newStart = -1;
        int newEnd = -1;
        if (!row.deleted()) {
            newStart = newListings.length();
            newListings.appendRow(stagedListings, stageStart);
            newEnd = newListings.length();
        }
        stagedListings.add(row.statusChangedAt()).add(row.deleted()).add(row.mediaPresent()).add(mediaRows.size());
        stagedListings.endRow();
        int mediaStart = media.length();
        if (!row.deleted()) {
            for (MediaRow m : mediaRows) {
                keys.add("M" + m.mediaKey());
                media.add(feedId).add(m.mediaKey()).add(row.listingKey()).add(m.position())
                        .add(m.mediaUrl()).add(m.mediaModificationTimestamp()).addJson(m.rawJson());
                media.endRow();
            }
        }
        spans.add(new ListingSpan(row.listingKey(), stageStart, stagedListings.length(), newStart, newEnd,
                mediaStart, media.length(), row.deleted() ? 0 : mediaRows.size()));
    }

    /** Stages a record of a resource other than Property. */
    public void record(ResourceRow row) {
        keys.add("R" + row.recordKey());
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
            if (!spans.isEmpty()) {
                counts = applyListings(handle, connection, now);
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
                    feed_id text COLLATE "C", listing_key text COLLATE "C", listing_id text, standard_status text,
                    modification_timestamp timestamptz, photos_change_timestamp timestamptz, property_type text,
                    property_sub_type text, list_price numeric, close_price numeric, street_number text,
                    street_name text, street_suffix text, unit_number text, unparsed_address text, city text,
                    state_or_province text, postal_code text, county_or_parish text, latitude double precision,
                    longitude double precision, bedrooms_total integer, bathrooms_total numeric,
                    living_area numeric, lot_size_acres numeric, lot_size_square_feet numeric, year_built integer,
                    list_agent_key text, list_office_key text, listing_contract_date date, close_date date,
                    photos_count integer, raw jsonb, status_changed_at timestamptz, deleted boolean,
                    media_present boolean, media_count integer);
                CREATE TEMP TABLE IF NOT EXISTS stage_media (
                    feed_id text COLLATE "C", media_key text COLLATE "C", listing_key text COLLATE "C",
                    position integer, media_url text, media_modification_timestamp timestamptz, raw jsonb);
                CREATE TEMP TABLE IF NOT EXISTS stage_record (
                    record_key text COLLATE "C", modification_timestamp timestamptz, raw jsonb, deleted boolean)""");
    }

    /**
     * Listings the replica does not hold yet (the whole of a full load) cannot conflict with stored rows,
     * so they and their media are copied straight into their tables; everything else goes through the
     * stage and the set-based rules. Should a straight copy still collide (a photo moved between
     * listings), it is undone and those listings take the staged path too.
     */
    private PageCounts applyListings(Handle handle, Connection connection, Instant now) throws SQLException {
        Set<String> listingKeys = new HashSet<>();
        Set<String> repeated = new HashSet<>();
        spans.forEach(span -> {
            if (!listingKeys.add(span.key())) {
                repeated.add(span.key());
            }
        });
        Set<String> stored = new HashSet<>(handle.createQuery(
                        "SELECT listing_key FROM listing WHERE feed_id = :feed AND listing_key = ANY(:keys)")
                .bind("feed", feedId).bindArray("keys", String.class, listingKeys.toArray(String[]::new))
                .mapTo(String.class).list());
        List<ListingSpan> fresh = new ArrayList<>();
        List<ListingSpan> staged = new ArrayList<>();
        for (ListingSpan span : spans) {
            boolean isNew = span.newStart() >= 0 && !stored.contains(span.key()) && !repeated.contains(span.key());
            (isNew ? fresh : staged).add(span);
        }
        int added = 0;
        int mediaStored = 0;
        if (!fresh.isEmpty() && copyNewListings(handle, connection, fresh)) {
            added = fresh.size();
            mediaStored = fresh.stream().mapToInt(ListingSpan::mediaRows).sum();
        } else {
            staged.addAll(fresh);
        }
        PageCounts counts = new PageCounts(added, 0, 0, 0, 0, mediaStored);
        if (!staged.isEmpty()) {
            counts = counts.plus(applyStaged(handle, connection, staged, now));
        }
        return counts;
    }

    private boolean copyNewListings(Handle handle, Connection connection, List<ListingSpan> fresh) {
        handle.savepoint("new_listings");
        try {
            newListings.copyInto(connection, "listing (" + LISTING_COLUMNS + ")",
                    fresh.stream().map(ListingSpan::asNew).toList());
            media.copyInto(connection, "listing_media (" + MEDIA_COLUMNS + ")",
                    fresh.stream().map(ListingSpan::media).toList());
            EventSql.createdListings(handle, feedId, fresh.stream().map(ListingSpan::key).toList());
            handle.release("new_listings");
            return true;
        } catch (SQLException e) {
            handle.rollbackToSavepoint("new_listings");
            return false;
        }
    }

    private PageCounts applyStaged(Handle handle, Connection connection, List<ListingSpan> staged, Instant now)
            throws SQLException {
        stagedListings.copyInto(connection, "stage_listing (" + LISTING_COLUMNS + ", " + STAGE_EXTRAS + ")",
                staged.stream().map(ListingSpan::stage).toList());
        media.copyInto(connection, "stage_media (" + MEDIA_COLUMNS + ")",
                staged.stream().map(ListingSpan::media).toList());
        int distinct = (int) staged.stream().map(ListingSpan::key).distinct().count();
        handle.createUpdate(ReplicaSql.STATUS_HISTORY).bind("feed", feedId).execute();
        EventSql.stagedListings(handle, feedId);
        handle.createUpdate(ReplicaSql.REMOVE_MEDIA).bind("feed", feedId).bind("now", now).execute();
        // Conflicts with local edits: before the upsert replaces the MLS values they compare against.
        ConflictSql.apply(handle, feedId, conflictPolicy, now);
        List<boolean[]> changed = handle.createQuery(ReplicaSql.UPSERT_LISTINGS)
                .bind("feed", feedId).bind("now", now)
                .map((rs, ctx) -> new boolean[] {rs.getBoolean(1), rs.getBoolean(2)}).list();
        int mediaStored = handle.createUpdate(ReplicaSql.UPSERT_MEDIA).bind("feed", feedId).bind("now", now).execute();
        return count(changed, distinct, mediaStored);
    }

    private static PageCounts applyRecords(Handle handle, String feedId, String resource, Instant now) {
        int staged = handle.createQuery("SELECT count(DISTINCT record_key) FROM stage_record")
                .mapTo(Integer.class).one();
        EventSql.stagedRecords(handle, feedId, resource);
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
        if (errors.isEmpty() || runId <= 0) {
            return; // a dry run (run id 0) writes nothing
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
