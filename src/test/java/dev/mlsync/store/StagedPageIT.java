package dev.mlsync.store;

import dev.mlsync.source.Cursor;
import dev.mlsync.testing.TestPostgres;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;

import static org.assertj.core.api.Assertions.assertThat;

class StagedPageIT {
    private static final Instant T1 = Instant.parse("2026-01-01T00:00:00Z");
    private static final Instant T2 = Instant.parse("2026-01-02T00:00:00Z");
    private static String url;
    private static Database database;
    private static long runId;

    @BeforeAll
    static void open() {
        url = TestPostgres.freshDatabaseUrl();
        database = Database.connect(url, "postgres", null);
        runId = database.runs().start("f", "Property", "full", "test", null, T1);
    }

    @AfterAll
    static void close() {
        database.close();
    }

    private static ListingRow listing(String key, Instant modified, String status, Instant photosChanged,
                                      boolean deleted, boolean mediaPresent) {
        return new ListingRow(key, "id-" + key, status, modified, photosChanged, null, "Residential", null, null,
                null, null, null, null, null, null, "Austin", "TX", null, null, null, null, 3, null, null, null, null,
                null, null, null, null, null, null, json("{\"ListingKey\":\"" + key + "\",\"v\":\"" + modified + "\"}"), deleted, mediaPresent);
    }

    private static byte[] json(String text) {
        return text.getBytes(java.nio.charset.StandardCharsets.UTF_8);
    }

    private static MediaRow media(String key, String listingKey) {
        return new MediaRow(key, listingKey, 0, "http://x/" + key, T1, json("{\"MediaKey\":\"" + key + "\"}"));
    }

    private static PageCounts commit(ListingRow row, List<MediaRow> media) {
        StagedPage page = new StagedPage("f");
        page.listing(row, media);
        return database.replica().commitPage("f", "Property", page,
                Cursor.at(row.modificationTimestamp(), row.listingKey()), runId, 1, 100, T2);
    }

    private static List<String> liveMedia(String listingKey) throws SQLException {
        return strings("SELECT media_key FROM listing_media WHERE feed_id = 'f' AND listing_key = '" + listingKey
                + "' AND deleted_at IS NULL ORDER BY media_key");
    }

    private static List<String> strings(String sql) throws SQLException {
        try (Connection c = DriverManager.getConnection(url, "postgres", null);
             ResultSet rs = c.createStatement().executeQuery(sql)) {
            List<String> values = new ArrayList<>();
            while (rs.next()) {
                values.add(rs.getString(1));
            }
            return values;
        }
    }

    @Test
    void older_version_should_never_replace_a_newer_one() throws SQLException {
        assertThat(commit(listing("A1", T2, "Active", T1, false, false), List.of()).added()).isEqualTo(1);
        PageCounts stale = commit(listing("A1", T1, "Pending", T1, false, false), List.of());
        assertThat(stale.unchanged()).isEqualTo(1);
        assertThat(strings("SELECT standard_status FROM listing WHERE listing_key = 'A1'")).containsExactly("Active");
    }

    @Test
    void replaying_the_same_version_should_change_nothing() {
        commit(listing("A2", T1, "Active", T1, false, true), List.of(media("A2-1", "A2")));
        PageCounts replay = commit(listing("A2", T1, "Active", T1, false, true), List.of(media("A2-1", "A2")));
        assertThat(replay).isEqualTo(new PageCounts(0, 0, 0, 1, 0, 0));
    }

    @Test
    void status_change_should_write_history_in_the_same_commit() throws SQLException {
        commit(listing("A3", T1, "Active", T1, false, false), List.of());
        PageCounts counts = commit(listing("A3", T2, "Closed", T1, false, false), List.of());
        assertThat(counts.updated()).isEqualTo(1);
        assertThat(strings("SELECT from_status || '>' || to_status FROM listing_status_history WHERE listing_key = 'A3'"))
                .containsExactly("Active>Closed");
    }

    @Test
    void empty_media_list_with_unchanged_photos_timestamp_should_remove_nothing() throws SQLException {
        commit(listing("A4", T1, "Active", T1, false, true), List.of(media("A4-1", "A4"), media("A4-2", "A4")));
        commit(listing("A4", T2, "Active", T1, false, true), List.of());
        assertThat(liveMedia("A4")).containsExactly("A4-1", "A4-2");
    }

    @Test
    void empty_media_list_with_new_photos_timestamp_should_remove_all() throws SQLException {
        commit(listing("A5", T1, "Active", T1, false, true), List.of(media("A5-1", "A5")));
        commit(listing("A5", T2, "Active", T2, false, true), List.of());
        assertThat(liveMedia("A5")).isEmpty();
    }

    @Test
    void media_missing_from_a_new_list_should_be_marked_removed_and_new_ones_added() throws SQLException {
        commit(listing("A6", T1, "Active", T1, false, true), List.of(media("A6-1", "A6"), media("A6-2", "A6")));
        commit(listing("A6", T2, "Active", T2, false, true), List.of(media("A6-2", "A6"), media("A6-3", "A6")));
        assertThat(liveMedia("A6")).containsExactly("A6-2", "A6-3");
    }

    @Test
    void record_without_media_list_should_leave_media_alone() throws SQLException {
        commit(listing("A7", T1, "Active", T1, false, true), List.of(media("A7-1", "A7")));
        commit(listing("A7", T2, "Active", T2, false, false), List.of());
        assertThat(liveMedia("A7")).containsExactly("A7-1");
    }

    @Test
    void deleted_listing_should_be_soft_deleted_with_its_media() throws SQLException {
        commit(listing("A8", T1, "Active", T1, false, true), List.of(media("A8-1", "A8")));
        PageCounts counts = commit(listing("A8", T2, "Active", T1, true, false), List.of());
        assertThat(counts.deleted()).isEqualTo(1);
        assertThat(strings("SELECT deleted_at IS NOT NULL FROM listing WHERE listing_key = 'A8'")).containsExactly("t");
        assertThat(liveMedia("A8")).isEmpty();
    }

    @Test
    void text_with_tabs_newlines_backslashes_and_nul_should_survive_copy() throws SQLException {
        ListingRow row = listing("A9", T1, "Active\t\n\\x\0", T1, false, false);
        commit(row, List.of());
        assertThat(strings("SELECT standard_status FROM listing WHERE listing_key = 'A9'"))
                .containsExactly("Active\t\n\\x\uFFFD");
    }

    @Test
    void new_listing_whose_photo_key_belongs_to_another_listing_should_take_the_photo_over() throws SQLException {
        commit(listing("B1", T1, "Active", T1, false, true), List.of(media("B-shared", "B1")));
        PageCounts counts = commit(listing("B2", T2, "Active", T2, false, true),
                List.of(media("B-shared", "B2"), media("B2-own", "B2")));
        assertThat(counts.added()).isEqualTo(1);
        assertThat(liveMedia("B2")).containsExactly("B-shared", "B2-own");
        assertThat(liveMedia("B1")).isEmpty();
    }

    @Test
    void unicode_text_and_json_escapes_should_survive_copy() throws SQLException {
        ListingRow plain = listing("C1", T1, "Café 🏠 Ω", T1, false, false);
        ListingRow row = new ListingRow(plain.listingKey(), plain.listingId(), plain.standardStatus(),
                plain.modificationTimestamp(), plain.photosChangeTimestamp(), null, null, null, null, null, null,
                null, null, null, null, "Zürich", null, null, null, null, null, null, null, null, null, null, null,
                null, null, null, null, null,
                json("{\"a\":\"x\\u0000y\",\"b\":\"back\\\\u0000slash\",\"c\":\"\\\"q\\\" é\"}"), false, false);
        commit(row, List.of());
        assertThat(strings("SELECT standard_status || '|' || city FROM listing WHERE listing_key = 'C1'"))
                .containsExactly("Café 🏠 Ω|Zürich");
        assertThat(strings("SELECT (raw->>'a') || '|' || (raw->>'b') || '|' || (raw->>'c') FROM listing WHERE listing_key = 'C1'"))
                .containsExactly("x\uFFFDy|back\\u0000slash|\"q\" é");
    }

    @Test
    void lease_should_be_exclusive_per_feed_and_resource() {
        try (var lease = database.replica().tryLease("f", "Property").orElseThrow()) {
            assertThat(database.replica().tryLease("f", "Property")).isEmpty();
            assertThat(database.replica().tryLease("f", "Member")).isPresent().get()
                    .satisfies(ReplicaStore.Lease::close);
        }
        assertThat(database.replica().tryLease("f", "Property")).isPresent().get().satisfies(ReplicaStore.Lease::close);
    }
}
