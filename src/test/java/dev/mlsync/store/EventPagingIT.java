package dev.mlsync.store;

import dev.mlsync.testing.TestPostgres;
import org.jdbi.v3.core.Handle;
import org.jdbi.v3.core.Jdbi;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

import java.util.ArrayList;
import java.util.List;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.ThreadLocalRandom;
import java.util.concurrent.atomic.AtomicBoolean;

import static org.assertj.core.api.Assertions.assertThat;

/** A consumer reading on from the last event it saw never misses one, whatever order writers commit in. */
class EventPagingIT {
    private static String url;
    private static Database database;
    private static Jdbi jdbi;

    @BeforeAll
    static void open() {
        url = TestPostgres.freshDatabaseUrl();
        database = Database.connect(url, "postgres", null);
        jdbi = Jdbi.create(url + "&user=postgres");
    }

    @AfterAll
    static void close() {
        database.close();
    }

    private static long append(Handle handle, String feed, String key) {
        return EventStore.append(handle, new NewEvent(feed, "Property", key, "updated", List.of("ListPrice"), null));
    }

    /** Reads everything visible after {@code from}, 3 at a time; returns the ids and the position reached. */
    private static EventPosition drain(String feed, EventPosition from, List<Long> into) {
        EventPosition at = from;
        while (true) {
            EventBatch batch = database.events().after(at, List.of(feed), null, 3);
            batch.events().forEach(e -> into.add(e.id()));
            if (batch.events().isEmpty()) {
                return at;
            }
            at = batch.events().getLast().position();
        }
    }

    @Test
    void an_event_committed_late_with_a_smaller_id_should_still_be_read() {
        try (Handle older = jdbi.open(); Handle younger = jdbi.open()) {
            older.begin();
            older.createQuery("SELECT pg_current_xact_id()").mapTo(String.class).one();
            younger.begin();
            younger.createQuery("SELECT pg_current_xact_id()").mapTo(String.class).one();
            long smallId = append(younger, "late", "A");
            long largeId = append(older, "late", "B");
            older.commit();

            List<Long> seen = new ArrayList<>();
            EventPosition at = drain("late", EventPosition.START, seen);
            assertThat(seen).containsExactly(largeId);
            younger.commit();
            drain("late", at, seen);
            assertThat(seen).containsExactly(largeId, smallId);
        }
    }

    @Test
    void an_event_of_an_open_transaction_should_hold_back_later_ones_until_it_ends() {
        try (Handle older = jdbi.open(); Handle younger = jdbi.open()) {
            older.begin();
            older.createQuery("SELECT pg_current_xact_id()").mapTo(String.class).one();
            younger.begin();
            long youngerId = append(younger, "held", "A");
            younger.commit();

            List<Long> seen = new ArrayList<>();
            EventPosition at = drain("held", EventPosition.START, seen);
            assertThat(seen).as("the younger commit waits: the older one may still write below it").isEmpty();
            long olderId = append(older, "held", "B");
            older.rollback();
            drain("held", at, seen);
            assertThat(seen).containsExactly(youngerId).doesNotContain(olderId);
        }
    }

    @Test
    void a_consumer_paging_across_concurrent_writers_should_miss_nothing_and_repeat_nothing() throws Exception {
        int writers = 4;
        int perWriter = 150;
        Set<Long> written = ConcurrentHashMap.newKeySet();
        AtomicBoolean writing = new AtomicBoolean(true);
        ExecutorService pool = Executors.newFixedThreadPool(writers);
        List<Future<?>> futures = new ArrayList<>();
        for (int w = 0; w < writers; w++) {
            int writer = w;
            futures.add(pool.submit(() -> {
                for (int n = 0; n < perWriter; ) {
                    int size = Math.min(perWriter - n, ThreadLocalRandom.current().nextInt(1, 6));
                    boolean commit = ThreadLocalRandom.current().nextInt(10) > 0;
                    List<Long> ids = new ArrayList<>();
                    try (Handle handle = jdbi.open()) {
                        handle.begin();
                        for (int i = 0; i < size; i++) {
                            ids.add(append(handle, "busy", writer + "-" + (n + i)));
                        }
                        if (commit) {
                            handle.commit();
                        } else {
                            handle.rollback();
                        }
                    }
                    if (commit) {
                        written.addAll(ids);
                        n += size;
                    }
                }
            }));
        }
        List<Long> seen = new ArrayList<>();
        EventPosition at = EventPosition.START;
        Future<?> done = pool.submit(() -> { });
        while (writing.get()) {
            at = drain("busy", at, seen);
            writing.set(futures.stream().anyMatch(f -> !f.isDone()));
        }
        for (Future<?> future : futures) {
            future.get();
        }
        done.get();
        pool.shutdown();
        drain("busy", at, seen);
        assertThat(seen).doesNotHaveDuplicates().containsExactlyInAnyOrderElementsOf(written);
        assertThat(seen).hasSize(writers * perWriter);
    }
}
