package dev.mlsync.media;

import dev.mlsync.jobs.MediaTasks;
import dev.mlsync.replicate.RunKind;
import dev.mlsync.sim.SimOptions;
import dev.mlsync.sim.TruthRecord;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.EnumSource;

import java.io.InputStream;
import java.net.URI;
import java.nio.file.Path;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Optional;
import java.util.Set;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;
import java.util.function.Predicate;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * No object without a row: a worker that dies right after writing an object (original or derivative), before its
 * row records it, leaves writes the next sweep resolves, on both object stores; and two workers holding identical
 * bytes at the same moment store them once.
 */
class OrphanObjectsIT {
    private static final String LIVE = "feed_id = 'f1' AND deleted_at IS NULL";

    /** What a SIGKILL does to a worker thread: it stops where it is, nothing after it runs. */
    static final class WorkerKilled extends Error {
        WorkerKilled(String key) {
            super("killed right after writing " + key);
        }
    }

    /** A real store that kills its caller right after the write of each key {@code dies} picks (once per key). */
    static final class DyingStore extends ForwardingObjectStore {
        private final Predicate<String> dies;
        private final Set<String> killed = java.util.concurrent.ConcurrentHashMap.newKeySet();
        final CountDownLatch deaths;

        DyingStore(ObjectStore store, Predicate<String> dies, int expectedDeaths) {
            super(store);
            this.dies = dies;
            this.deaths = new CountDownLatch(expectedDeaths);
        }

        @Override
        public void put(ObjectKey key, Path file, String contentType) {
            super.put(key, file, contentType);
            if (dies.test(key.value()) && killed.add(key.value())) {
                deaths.countDown();
                throw new WorkerKilled(key.value());
            }
        }
    }

    /** A real store whose writes of the picked keys wait (up to 3 s) until two of them are under way at once. */
    static final class MeetingStore extends ForwardingObjectStore {
        private final Predicate<String> meets;
        private final CountDownLatch both = new CountDownLatch(2);

        MeetingStore(ObjectStore store, Predicate<String> meets) {
            super(store);
            this.meets = meets;
        }

        @Override
        public void put(ObjectKey key, Path file, String contentType) {
            if (meets.test(key.value())) {
                both.countDown();
                try {
                    both.await(3, TimeUnit.SECONDS);
                } catch (InterruptedException e) {
                    Thread.currentThread().interrupt();
                }
            }
            super.put(key, file, contentType);
        }
    }

    @ParameterizedTest
    @EnumSource(MediaSetup.Stores.class)
    void a_worker_killed_right_after_writing_should_leave_no_object_without_a_row_once_swept(MediaSetup.Stores store)
            throws Exception {
        try (MediaSetup s = MediaSetup.of(store, SimOptions.of(6), MediaSetup.MEDIA)) {
            s.sync(RunKind.FULL);
            List<TruthRecord> listings = s.sim().truth("Property").stream()
                    .filter(t -> !t.deleted() && t.mediaKeys().size() >= 2).toList();
            String adopted = listings.get(0).mediaKeys().get(0);  // still wanted after the kill: adopted
            String dropped = listings.get(1).mediaKeys().get(0);  // leaves its listing meanwhile: deleted
            String derived = listings.get(2).mediaKeys().get(0);  // killed writing its first derivative, then gone
            DyingStore dying = new DyingStore(s.app().objectStore(), key -> isOriginalOf(key, adopted)
                    || isOriginalOf(key, dropped) || isDerivativeOf(key, derived), 3);
            try (MediaWork killed = work(s, dying)) {
                for (TruthRecord listing : listings.subList(0, 3)) {
                    try {
                        killed.fetchListing("f1", listing.key());
                    } catch (WorkerKilled expected) {
                        // the worker is gone; what it wrote stays in the store
                    }
                }
                assertThat(dying.deaths.await(120, TimeUnit.SECONDS)).as("three kills").isTrue();
                awaitDerivativesIdle(killed);
            }
            s.replica().count("WITH g AS (UPDATE listing_media SET state = 'gone', deleted_at = now() - interval "
                    + "'30 days' WHERE media_key IN ('" + dropped + "', '" + derived + "') RETURNING 1) "
                    + "SELECT count(*) FROM g");
            assertThat(unknownObjects(s)).as("objects the kills left without a row")
                    .anyMatch(key -> isOriginalOf(key, dropped)).anyMatch(key -> isDerivativeOf(key, derived));

            // a fresh process: its sweep, once the writes are older than media.abandonedWriteSeconds, then its workers
            s.app().media().purgeGone(Instant.now().plus(Duration.ofHours(1)));
            s.app().media().queueMissingDerivatives();
            s.drainMedia();

            assertThat(unknownObjects(s)).as("objects no row knows").isEmpty();
            assertThat(s.replica().count("SELECT count(*) FROM media_object_write")).isZero();
            assertThat(s.replica().strings("SELECT object_key FROM listing_media WHERE media_key IN ('" + dropped
                    + "', '" + derived + "') AND object_key IS NOT NULL")).isEmpty();
            List<String> live = s.replica().strings("SELECT media_key || ' ' || state || ' ' || object_key || ' ' "
                    + "|| sha256 || ' ' || (derivatives_at IS NOT NULL) FROM listing_media WHERE " + LIVE
                    + " AND state <> 'gone'");
            assertThat(live).hasSizeGreaterThan(10);
            for (String row : live) {
                String[] parts = row.split(" ");
                assertThat(parts[1]).as(row).isEqualTo("stored");
                assertThat(s.storedSha256(parts[2])).as(row).isEqualTo(s.sim().photoSha256(parts[0]).orElseThrow())
                        .isEqualTo(parts[3]);
                assertThat(parts[4]).as(row + " has its derivatives").isEqualTo("true");
            }
            // the adopted original was not downloaded again
            assertThat(s.photoRequests().stream().filter(path -> path.contains(adopted))).hasSize(1);
        }
    }

    @ParameterizedTest
    @EnumSource(MediaSetup.Stores.class)
    void two_workers_holding_identical_bytes_at_once_should_store_them_once(MediaSetup.Stores store) throws Exception {
        try (MediaSetup s = MediaSetup.of(store, SimOptions.of(4), MediaSetup.MEDIA)) {
            List<TruthRecord> listings = s.sim().truth("Property").stream()
                    .filter(t -> !t.deleted() && !t.mediaKeys().isEmpty()).toList();
            String first = listings.get(0).mediaKeys().get(0);
            String copy = listings.get(1).mediaKeys().get(0);
            s.sim().corrupt("Media", copy, "MediaURL", "\"" + s.sim().serviceRoot().resolve("/media/" + first
                    + ".jpg") + "\"");
            s.sync(RunKind.FULL);
            MeetingStore meeting = new MeetingStore(s.app().objectStore(),
                    key -> isOriginalOf(key, first) || isOriginalOf(key, copy));
            try (MediaWork one = work(s, meeting); MediaWork two = work(s, meeting)) {
                List<Throwable> failures = java.util.Collections.synchronizedList(new ArrayList<>());
                Thread a = fetch(one, listings.get(0).key(), failures);
                Thread b = fetch(two, listings.get(1).key(), failures);
                a.join(120_000);
                b.join(120_000);
                assertThat(failures).isEmpty();
                awaitDerivativesIdle(one);
                awaitDerivativesIdle(two);
            }

            List<String> rows = s.replica().strings("SELECT state || ' ' || sha256 || ' ' || object_key FROM "
                    + "listing_media WHERE media_key IN ('" + first + "', '" + copy + "')");
            assertThat(rows).hasSize(2).allSatisfy(row -> assertThat(row).startsWith("stored "));
            assertThat(rows.get(0)).isEqualTo(rows.get(1));
            assertThat(s.objectKeys().stream().filter(key -> isOriginalOf(key, first) || isOriginalOf(key, copy)))
                    .as("one object for the identical bytes").hasSize(1);
            assertThat(unknownObjects(s)).isEmpty();
        }
    }

    private static Thread fetch(MediaWork work, String listingKey, List<Throwable> failures) {
        Thread thread = new Thread(() -> {
            try {
                work.fetchListing("f1", listingKey);
            } catch (Throwable e) {
                failures.add(e);
            }
        }, "worker-" + listingKey);
        thread.start();
        return thread;
    }

    /** A worker of its own over {@code objects}, as another process would run. */
    private static MediaWork work(MediaSetup s, ObjectStore objects) {
        return new MediaWork(s.app().database().media(), objects, s.config().media(),
                id -> s.config().feed(id).map(s.app()::mediaFeed), Clock.systemUTC(), MediaTasks.LISTING_TASK);
    }

    private static void awaitDerivativesIdle(MediaWork work) throws InterruptedException {
        Instant deadline = Instant.now().plusSeconds(120);
        while (!work.derivativesIdle() && Instant.now().isBefore(deadline)) {
            Thread.sleep(50);
        }
        assertThat(work.derivativesIdle()).as("derivatives settled").isTrue();
    }

    /** Objects in the store that no photo or derivative row records. */
    private static List<String> unknownObjects(MediaSetup s) throws Exception {
        Set<String> known = new HashSet<>(s.replica().strings("SELECT object_key FROM listing_media WHERE "
                + "object_key IS NOT NULL UNION SELECT object_key FROM media_derivative"));
        return s.objectKeys().stream().filter(key -> !known.contains(key)).toList();
    }

    /**
     * Originals are {@code .../{position}-{mediaKey}-{sha12}.{ext}}, derivatives
     * {@code ...-{mediaKey}-{sha12}.{variant}-{tag}.{ext}}.
     */
    private static boolean isOriginalOf(String key, String mediaKey) {
        String name = key.substring(key.lastIndexOf('/') + 1);
        return name.contains("-" + mediaKey + "-") && name.indexOf('.') == name.lastIndexOf('.');
    }

    private static boolean isDerivativeOf(String key, String mediaKey) {
        String name = key.substring(key.lastIndexOf('/') + 1);
        return name.contains("-" + mediaKey + "-") && name.indexOf('.') != name.lastIndexOf('.');
    }
}
