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

/** Replication keeps the download state right: only a changed file is downloaded again. */
class MediaStateIT {
    private static final Instant T1 = Instant.parse("2026-01-01T00:00:00Z");
    private static final Instant T2 = Instant.parse("2026-01-02T00:00:00Z");
    private static final Instant T3 = Instant.parse("2026-01-03T00:00:00Z");
    private static final Instant T4 = Instant.parse("2026-01-04T00:00:00Z");
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

    private static ListingRow listing(String key, Instant modified, Instant photosChanged) {
        return new ListingRow(key, "id-" + key, "Active", modified, photosChanged, null, "Residential", null, null,
                null, null, null, null, null, null, "Austin", "TX", null, null, null, null, 3, null, null, null, null,
                null, null, null, null, null, null, json("{\"ListingKey\":\"" + key + "\",\"v\":\"" + modified + "\"}"),
                false, true);
    }

    private static MediaRow media(String key, String listingKey, String url, Instant fileModified) {
        return new MediaRow(key, listingKey, 0, url, fileModified,
                json("{\"MediaKey\":\"" + key + "\",\"MediaURL\":\"" + url + "\",\"t\":\"" + fileModified + "\"}"));
    }

    private static byte[] json(String text) {
        return text.getBytes(java.nio.charset.StandardCharsets.UTF_8);
    }

    private static void commit(ListingRow row, List<MediaRow> media) {
        StagedPage page = new StagedPage("f");
        page.listing(row, media);
        database.replica().commitPage("f", "Property", page, Cursor.at(row.modificationTimestamp(), row.listingKey()),
                runId, 1, 100, row.modificationTimestamp());
    }

    private static void markStored(String mediaKey) {
        MediaWorkItem item = database.media().pending("f", "L1", T4.plusSeconds(3600)).stream()
                .filter(i -> i.mediaKey().equals(mediaKey)).findFirst().orElseThrow();
        assertThat(database.media().markStored(item, item.mediaUrl(), new StoredOriginal("image/jpeg", 10, 1, 1,
                "sha-" + mediaKey, "f/L1/0-" + mediaKey + ".jpg", "https://cdn/" + mediaKey), T2, null)).isTrue();
    }

    private static List<String> states() throws SQLException {
        try (Connection c = DriverManager.getConnection(url, "postgres", null);
             ResultSet rs = c.createStatement().executeQuery(
                     "SELECT media_key || '=' || state FROM listing_media WHERE feed_id = 'f' ORDER BY media_key")) {
            List<String> values = new ArrayList<>();
            while (rs.next()) {
                values.add(rs.getString(1));
            }
            return values;
        }
    }

    @Test
    void only_a_new_key_or_a_changed_file_should_make_a_photo_pending_and_removal_should_make_it_gone()
            throws SQLException {
        commit(listing("L1", T1, T1), List.of(media("M1", "L1", "http://x/1?sig=a", T1),
                media("M2", "L1", "http://x/2?sig=a", T1), media("M3", "L1", "http://x/3?sig=a", null)));
        assertThat(states()).containsExactly("M1=pending", "M2=pending", "M3=pending");
        markStored("M1");
        markStored("M2");
        markStored("M3");

        // New signed URLs everywhere; only M2's file changed; M3 has no timestamp, so its URL decides.
        commit(listing("L1", T2, T2), List.of(media("M1", "L1", "http://x/1?sig=b", T1),
                media("M2", "L1", "http://x/2?sig=b", T2), media("M3", "L1", "http://x/3?sig=a", null)));
        assertThat(states()).containsExactly("M1=stored", "M2=pending", "M3=stored");

        commit(listing("L1", T3, T3), List.of(media("M1", "L1", "http://x/1?sig=c", T1),
                media("M2", "L1", "http://x/2?sig=b", T2), media("M3", "L1", "http://x/3?sig=z", null)));
        assertThat(states()).containsExactly("M1=stored", "M2=pending", "M3=pending");

        // An empty list with an unchanged PhotosChangeTimestamp removes nothing; a changed one removes all.
        commit(listing("L1", T4, T3), List.of());
        assertThat(states()).containsExactly("M1=stored", "M2=pending", "M3=pending");
        commit(listing("L1", T4.plusSeconds(1), T4), List.of());
        assertThat(states()).containsExactly("M1=gone", "M2=gone", "M3=gone");
    }
}
