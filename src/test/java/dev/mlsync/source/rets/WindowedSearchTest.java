package dev.mlsync.source.rets;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import com.fasterxml.jackson.databind.node.JsonNodeFactory;
import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.mlsync.source.Cursor;
import dev.mlsync.testing.SettableClock;
import java.time.Duration;
import java.time.Instant;
import java.time.temporal.ChronoUnit;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Random;
import java.util.function.Consumer;
import org.junit.jupiter.api.Test;

class WindowedSearchTest {
    private static final Instant START = Instant.parse("2024-01-01T00:00:00Z");
    private final SettableClock clock = new SettableClock(Instant.parse("2025-01-01T00:00:00Z"));

    /**
     * A server the way RETS allows one to be: no order (records come back in hash order), a cap per
     * answer with MAXROWS, Offset counted over the current matches, timestamps compared by the second.
     */
    static final class UnorderedServer implements WindowedSearch.Searcher {
        final Map<String, Instant> records = new HashMap<>();
        int searches;
        Consumer<Integer> beforeSearch = n -> { };
        boolean honestMaxRows = true;
        boolean honourOffset = true;
        boolean honourQuery = true;
        /** Compare timestamps to the millisecond (DMQL bounds are whole seconds; a single second ends at .999). */
        boolean exactMillis;
        /** Answer in timestamp order, like a server that sorts (and the simulator). */
        boolean sorted;

        @Override
        public WindowedSearch.Answer search(WindowedSearch.Query query) {
            beforeSearch.accept(++searches);
            List<Map.Entry<String, Instant>> matching = records.entrySet().stream()
                    .filter(e -> !honourQuery || (exactMillis ? inExactWindow(e.getValue(), query)
                            : inWindow(e.getValue(), query)))
                    .sorted(sorted ? Map.Entry.<String, Instant>comparingByValue()
                            : Comparator.comparing(e -> Integer.toHexString(e.getKey().hashCode() * 31 + 7)))
                    .toList();
            int from = honourOffset && query.offset() > 0 ? query.offset() - 1 : 0;
            List<WindowedSearch.Candidate> page = new ArrayList<>();
            for (int i = from; i < matching.size() && page.size() < query.limit(); i++) {
                page.add(candidate(matching.get(i).getKey(), matching.get(i).getValue()));
            }
            boolean more = from + page.size() < matching.size();
            return new WindowedSearch.Answer(page, more && honestMaxRows, matching.size());
        }

        private static boolean inExactWindow(Instant t, WindowedSearch.Query query) {
            Instant high = query.high() == null ? null
                    : query.high().equals(query.low()) ? query.high().plusMillis(999) : query.high();
            return !t.isBefore(query.low()) && (high == null || !t.isAfter(high));
        }

        private static boolean inWindow(Instant t, WindowedSearch.Query query) {
            Instant second = t.truncatedTo(ChronoUnit.SECONDS);
            return !second.isBefore(query.low()) && (query.high() == null || !second.isAfter(query.high()));
        }
    }

    static WindowedSearch.Candidate candidate(String key, Instant timestamp) {
        ObjectNode json = JsonNodeFactory.instance.objectNode().put("ListingKey", key).put("ModificationTimestamp",
                timestamp.toString());
        return new WindowedSearch.Candidate(json, timestamp, key);
    }

    /** Pages like the replicator: the cursor reaches the greatest (timestamp, key) of each page. */
    private static List<WindowedSearch.Candidate> readAll(WindowedSearch search, int limit) {
        List<WindowedSearch.Candidate> read = new ArrayList<>();
        Cursor cursor = Cursor.EMPTY;
        for (int pages = 0; pages < 10_000; pages++) {
            WindowedSearch.Page page = search.next(cursor, limit);
            for (WindowedSearch.Candidate record : page.records()) {
                read.add(record);
                if (cursor.isBefore(record.timestamp(), record.key())) {
                    cursor = Cursor.at(record.timestamp(), record.key());
                }
            }
            if (!page.hasMore()) {
                return read;
            }
        }
        throw new AssertionError("paging did not end");
    }

    private UnorderedServer serverWith(int count, long seed) {
        UnorderedServer server = new UnorderedServer();
        Random random = new Random(seed);
        for (int i = 0; i < count; i++) {
            // Many records share a second, some share an instant: the cursor must keep them apart by key.
            server.records.put("L" + i, START.plusSeconds(random.nextInt(count * 20)).plusMillis(random.nextInt(2) * 500));
        }
        return server;
    }

    @Test
    void every_record_of_an_unordered_server_is_read_exactly_once() {
        UnorderedServer server = serverWith(2_000, 1);

        List<WindowedSearch.Candidate> read = readAll(new WindowedSearch(server, clock, "test"), 100);

        assertThat(read).extracting(WindowedSearch.Candidate::key).doesNotHaveDuplicates()
                .containsExactlyInAnyOrderElementsOf(server.records.keySet());
        assertThat(server.searches).as("searches for 20 pages of records").isLessThan(80);
    }

    @Test
    void several_classes_share_one_cursor_whatever_their_servers_compare_and_order() {
        for (boolean exact : new boolean[] {false, true}) {
            for (boolean sorted : new boolean[] {false, true}) {
                List<UnorderedServer> classes = List.of(serverWith(700, 11), serverWith(300, 12), serverWith(50, 13));
                Map<String, Instant> all = new HashMap<>();
                for (int c = 0; c < classes.size(); c++) {
                    UnorderedServer server = classes.get(c);
                    server.exactMillis = exact;
                    server.sorted = sorted;
                    Map<String, Instant> renamed = new HashMap<>();
                    int prefix = c;
                    server.records.forEach((key, t) -> renamed.put("C" + prefix + key, t.plusMillis(prefix * 7)));
                    server.records.clear();
                    server.records.putAll(renamed);
                    all.putAll(renamed);
                }

                List<WindowedSearch.Candidate> read = readAll(new WindowedSearch(List.copyOf(classes), clock, "test"), 100);

                assertThat(read).as("exact=%s sorted=%s", exact, sorted).extracting(WindowedSearch.Candidate::key)
                        .doesNotHaveDuplicates().containsExactlyInAnyOrderElementsOf(all.keySet());
                int searches = classes.stream().mapToInt(server -> server.searches).sum();
                assertThat(searches).as("searches, exact=%s sorted=%s", exact, sorted).isLessThan(120);
            }
        }
    }

    @Test
    void the_first_page_knows_the_total() {
        UnorderedServer server = serverWith(300, 2);

        WindowedSearch.Page first = new WindowedSearch(server, clock, "test").next(Cursor.EMPTY, 100);

        assertThat(first.total()).isEqualTo(300);
        assertThat(first.hasMore()).isTrue();
    }

    @Test
    void records_modified_while_paging_are_neither_lost_nor_read_twice_in_one_version() {
        UnorderedServer server = serverWith(1_000, 3);
        Map<String, Instant> expected = new HashMap<>();
        server.beforeSearch = n -> {
            if (n % 4 == 0) {
                // A record already read and one not yet read both move to "now": the end of the ordering.
                String moved = "L" + (n * 37 % 1_000);
                Instant now = clock.instant().minus(Duration.ofDays(30)).plusSeconds(n);
                server.records.put(moved, now);
            }
        };

        List<WindowedSearch.Candidate> read = readAll(new WindowedSearch(server, clock, "test"), 50);

        expected.putAll(server.records);
        Map<String, Instant> latestRead = new HashMap<>();
        read.forEach(c -> latestRead.merge(c.key(), c.timestamp(), (a, b) -> a.isAfter(b) ? a : b));
        assertThat(latestRead).isEqualTo(expected);
        assertThat(read.stream().map(c -> c.key() + "@" + c.timestamp()).toList()).doesNotHaveDuplicates();
    }

    @Test
    void more_records_in_one_second_than_a_page_are_read_by_offset_in_key_order() {
        UnorderedServer server = new UnorderedServer();
        for (int i = 0; i < 230; i++) {
            server.records.put(String.format("K%03d", i), START);
        }
        server.records.put("after", START.plusSeconds(5));

        List<WindowedSearch.Candidate> read = readAll(new WindowedSearch(server, clock, "test"), 50);

        assertThat(read).extracting(WindowedSearch.Candidate::key).doesNotHaveDuplicates()
                .containsExactlyInAnyOrderElementsOf(server.records.keySet());
    }

    @Test
    void an_empty_answer_is_the_last_page() {
        WindowedSearch.Page page = new WindowedSearch(new UnorderedServer(), clock, "test").next(Cursor.EMPTY, 50);

        assertThat(page.records()).isEmpty();
        assertThat(page.hasMore()).isFalse();
    }

    @Test
    void records_at_or_before_the_cursor_are_skipped() {
        UnorderedServer server = new UnorderedServer();
        server.records.put("A", START);
        server.records.put("B", START);
        server.records.put("C", START.plusSeconds(1));

        WindowedSearch.Page page = new WindowedSearch(server, clock, "test").next(Cursor.at(START, "A"), 50);

        assertThat(page.records()).extracting(WindowedSearch.Candidate::key).containsExactly("B", "C");
    }

    @Test
    void a_server_that_truncates_without_maxrows_is_reported() {
        UnorderedServer server = serverWith(300, 4);
        server.honestMaxRows = false;

        assertThatThrownBy(() -> new WindowedSearch(server, clock, "feed f").next(Cursor.EMPTY, 100))
                .isInstanceOf(RetsPagingException.class)
                .hasMessageContaining("feed f").hasMessageContaining("100 of 300").hasMessageContaining("truncates silently");
    }

    @Test
    void a_server_that_ignores_the_query_is_reported() {
        UnorderedServer server = serverWith(300, 5);
        server.honourQuery = false;

        assertThatThrownBy(() -> readAll(new WindowedSearch(server, clock, "feed f"), 50))
                .isInstanceOf(RetsPagingException.class).hasMessageContaining("does not filter by the timestamp field");
    }

    @Test
    void a_server_that_ignores_offset_is_reported() {
        UnorderedServer server = new UnorderedServer();
        for (int i = 0; i < 120; i++) {
            server.records.put("K" + i, START);
        }
        server.honourOffset = false;

        assertThatThrownBy(() -> readAll(new WindowedSearch(server, clock, "feed f"), 50))
                .isInstanceOf(RetsPagingException.class).hasMessageContaining("ignores Offset");
    }
}
