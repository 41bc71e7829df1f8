package dev.mlsync.store;

import dev.mlsync.source.Cursor;
import dev.mlsync.testing.TestPostgres;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

import java.nio.charset.StandardCharsets;
import java.time.Instant;
import java.util.List;
import java.util.concurrent.atomic.AtomicInteger;

import static org.assertj.core.api.Assertions.assertThat;

/** Each change a page makes writes exactly one change event in the page's transaction; no change writes none. */
class ChangeEventIT {
    private static final Instant T1 = Instant.parse("2026-01-01T00:00:00Z");
    private static final Instant T2 = Instant.parse("2026-01-02T00:00:00Z");
    private static final Instant T3 = Instant.parse("2026-01-03T00:00:00Z");
    private static final AtomicInteger KEYS = new AtomicInteger();
    private static Database database;
    private static long runId;

    @BeforeAll
    static void open() {
        database = TestPostgres.freshDatabase();
        runId = database.runs().start("f", "Property", "full", "test", null, T1);
    }

    @AfterAll
    static void close() {
        database.close();
    }

    /** A listing version whose raw record is {@code extraJson} plus its key, status and timestamp. */
    private static ListingRow listing(String key, Instant modified, String status, boolean deleted, String extraJson) {
        String raw = "{\"ListingKey\":\"" + key + "\",\"StandardStatus\":\"" + status + "\",\"ModificationTimestamp\":\""
                + modified + "\"" + (extraJson.isEmpty() ? "" : "," + extraJson) + "}";
        return new ListingRow(key, "id-" + key, status, modified, T1, null, "Residential", null, null, null, null,
                null, null, null, null, "Austin", "TX", null, null, null, null, 3, null, null, null, null, null, null,
                null, null, null, null, raw.getBytes(StandardCharsets.UTF_8), deleted, true);
    }

    private static MediaRow media(String key, String listingKey, String caption) {
        return new MediaRow(key, listingKey, 0, "http://x/" + key, T1,
                ("{\"MediaKey\":\"" + key + "\",\"ShortDescription\":\"" + caption + "\"}").getBytes(StandardCharsets.UTF_8));
    }

    private static void commit(ListingRow row, List<MediaRow> media) {
        StagedPage page = new StagedPage("f");
        page.listing(row, media);
        database.replica().commitPage("f", "Property", page, Cursor.at(row.modificationTimestamp(), row.listingKey()),
                runId, 1, 100, T3);
    }

    private static List<ChangeEvent> eventsOf(String key) {
        return database.events().after(EventPosition.START, List.of("f"), null, 1000).events().stream()
                .filter(e -> e.recordKey().equals(key)).toList();
    }

    private static String newKey() {
        return "K" + KEYS.incrementAndGet();
    }

    @Test
    void a_new_listing_should_write_one_created_event_and_its_replay_none() {
        String key = newKey();
        ListingRow row = listing(key, T1, "Active", false, "\"ListPrice\":100");
        commit(row, List.of(media(key + "-1", key, "front")));
        commit(row, List.of(media(key + "-1", key, "front")));
        assertThat(eventsOf(key)).singleElement().satisfies(e -> {
            assertThat(e.kind()).isEqualTo("created");
            assertThat(e.resource()).isEqualTo("Property");
            assertThat(e.fields()).isNull();
        });
    }

    @Test
    void an_update_should_name_exactly_the_changed_fields_and_an_older_version_write_nothing() {
        String key = newKey();
        commit(listing(key, T1, "Active", false, "\"ListPrice\":100,\"Remarks\":\"x\",\"Gone\":1"), List.of());
        commit(listing(key, T2, "Active", false, "\"ListPrice\":90,\"Remarks\":\"x\",\"New\":true"), List.of());
        commit(listing(key, T2, "Active", false, "\"ListPrice\":90,\"Remarks\":\"x\",\"New\":true"), List.of());
        commit(listing(key, T1, "Pending", false, "\"ListPrice\":100"), List.of());
        assertThat(eventsOf(key)).extracting(ChangeEvent::kind).containsExactly("created", "updated");
        assertThat(eventsOf(key).getLast().fields())
                .containsExactly("Gone", "ListPrice", "ModificationTimestamp", "New");
    }

    @Test
    void a_status_change_should_write_one_status_changed_event_with_from_and_to() {
        String key = newKey();
        commit(listing(key, T1, "Active", false, ""), List.of());
        commit(listing(key, T2, "Closed", false, ""), List.of());
        ChangeEvent event = eventsOf(key).getLast();
        assertThat(eventsOf(key)).hasSize(2);
        assertThat(event.kind()).isEqualTo("status_changed");
        assertThat(event.data()).isEqualTo("{\"to\": \"Closed\", \"from\": \"Active\"}");
        assertThat(event.fields()).containsExactly("ModificationTimestamp", "StandardStatus");
    }

    @Test
    void delete_then_restore_should_write_deleted_then_restored_once_each() {
        String key = newKey();
        commit(listing(key, T1, "Active", false, ""), List.of(media(key + "-1", key, "a")));
        commit(listing(key, T2, "Active", true, ""), List.of());
        commit(listing(key, T2, "Active", true, ""), List.of());
        commit(listing(key, T3, "Active", false, ""), List.of(media(key + "-1", key, "a")));
        commit(listing(key, T3, "Active", false, ""), List.of(media(key + "-1", key, "a")));
        assertThat(eventsOf(key)).extracting(ChangeEvent::kind).containsExactly("created", "deleted", "restored");
    }

    @Test
    void a_media_change_should_write_one_media_changed_event_with_counts() {
        String key = newKey();
        commit(listing(key, T1, "Active", false, ""),
                List.of(media(key + "-1", key, "a"), media(key + "-2", key, "b"), media(key + "-3", key, "c")));
        List<MediaRow> next = List.of(media(key + "-2", key, "b"), media(key + "-3", key, "c changed"),
                media(key + "-4", key, "d"));
        commit(listing(key, T1, "Active", false, ""), next);
        commit(listing(key, T1, "Active", false, ""), next);
        assertThat(eventsOf(key)).extracting(ChangeEvent::kind).containsExactly("created", "media_changed");
        assertThat(eventsOf(key).getLast().data()).isEqualTo("{\"added\": 1, \"changed\": 1, \"removed\": 1}");
    }

    @Test
    void other_resources_should_write_created_updated_and_deleted() {
        String key = newKey();
        for (ResourceRow row : List.of(member(key, T1, "Ann", false), member(key, T1, "Ann", false),
                member(key, T2, "Anne", false), member(key, T3, "Anne", true), member(key, T3, "Anne", true))) {
            StagedPage page = new StagedPage("f");
            page.record(row);
            database.replica().commitPage("f", "Member", page, Cursor.at(row.modificationTimestamp(), key), runId,
                    1, 100, T3);
        }
        assertThat(eventsOf(key)).extracting(ChangeEvent::kind).containsExactly("created", "updated", "deleted");
        assertThat(eventsOf(key)).allSatisfy(e -> assertThat(e.resource()).isEqualTo("Member"));
        assertThat(eventsOf(key).get(1).fields()).containsExactly("MemberFirstName", "ModificationTimestamp");
    }

    @Test
    void a_listing_twice_in_one_page_should_write_one_event() {
        String key = newKey();
        commit(listing(key, T1, "Active", false, "\"ListPrice\":1"), List.of());
        StagedPage page = new StagedPage("f");
        page.listing(listing(key, T2, "Active", false, "\"ListPrice\":2"), List.of());
        page.listing(listing(key, T3, "Active", false, "\"ListPrice\":3"), List.of());
        database.replica().commitPage("f", "Property", page, Cursor.at(T3, key), runId, 1, 100, T3);
        assertThat(eventsOf(key)).extracting(ChangeEvent::kind).containsExactly("created", "updated");
    }

    @Test
    void a_dry_run_should_write_no_event() {
        String key = newKey();
        StagedPage page = new StagedPage("f");
        page.listing(listing(key, T1, "Active", false, ""), List.of());
        database.replica().dryRunPage("f", "Property", page, T3, () -> { });
        assertThat(eventsOf(key)).isEmpty();
    }

    private static ResourceRow member(String key, Instant modified, String name, boolean deleted) {
        String raw = "{\"MemberKey\":\"" + key + "\",\"MemberFirstName\":\"" + name + "\",\"ModificationTimestamp\":\""
                + modified + "\"}";
        return new ResourceRow(key, modified, raw.getBytes(StandardCharsets.UTF_8), deleted);
    }
}
