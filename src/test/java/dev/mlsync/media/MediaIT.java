package dev.mlsync.media;

import dev.mlsync.App;
import dev.mlsync.jobs.MediaWorkers;
import dev.mlsync.replicate.RunKind;
import dev.mlsync.sim.SimFaults;
import dev.mlsync.sim.SimOptions;
import dev.mlsync.sim.TruthRecord;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.EnumSource;

import java.time.Duration;
import java.time.Instant;
import java.util.HashSet;
import java.util.List;
import java.util.Set;
import java.util.stream.Collectors;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * Photos from the simulator over HTTP into an object store, state in embedded PostgreSQL. What depends on the store
 * (bytes, derivatives, purge) runs against both adapters (filesystem, S3 via S3Proxy in this JVM).
 */
class MediaIT {
    private static final String LIVE = "feed_id = 'f1' AND deleted_at IS NULL";

    @ParameterizedTest
    @EnumSource(MediaSetup.Stores.class)
    void every_photo_should_be_stored_once_with_the_simulators_bytes_and_a_second_run_should_fetch_nothing(MediaSetup.Stores store)
            throws Exception {
        try (MediaSetup s = MediaSetup.of(store, SimOptions.of(10), MediaSetup.MEDIA)) {
            s.sync(RunKind.FULL);
            s.drainMedia();

            long photos = s.replica().count("SELECT count(*) FROM listing_media WHERE " + LIVE);
            assertThat(photos).isGreaterThan(50);
            assertThat(s.replica().count("SELECT count(*) FROM listing_media WHERE " + LIVE + " AND state = 'stored'"))
                    .isEqualTo(photos);
            List<String> requests = s.photoRequests();
            assertThat(requests).hasSize((int) photos).doesNotHaveDuplicates();
            int requestsBeforeChecks = s.sim().requests().size();
            for (String row : s.replica().strings("SELECT media_url || ' ' || sha256 || ' ' || object_key || ' ' "
                    + "|| local_url FROM listing_media WHERE " + LIVE + " ORDER BY media_key LIMIT 40")) {
                String[] parts = row.split(" ");
                String expected = MediaSetup.sha256Of(parts[0]);
                assertThat(parts[1]).isEqualTo(expected);
                assertThat(s.storedSha256(parts[2])).isEqualTo(expected);
                assertThat(parts[3]).isEqualTo(s.cdnUrl(parts[2]));
            }
            // 320×240 originals get w320 and w160 JPEGs, 240×320 (portrait) ones only w160 (never upscaled),
            // and each a WebP of its largest (when WebP works here)
            long webp = Derivatives.webpWorks() ? 1 : 0;
            long landscape = s.replica().count("SELECT count(*) FROM listing_media WHERE " + LIVE + " AND width = 320");
            assertThat(s.replica().count("SELECT count(*) FROM media_derivative"))
                    .isEqualTo(landscape * (2 + webp) + (photos - landscape) * (1 + webp));
            assertThat(s.replica().count("SELECT count(*) FROM listing_media WHERE derivatives_at IS NULL")).isZero();
            for (String key : s.replica().strings("SELECT object_key FROM media_derivative LIMIT 20")) {
                assertThat(s.hasObject(key)).as(key).isTrue();
            }

            int checkRequests = s.sim().requests().size() - requestsBeforeChecks; // the test's own fetches
            s.sync(RunKind.INCREMENTAL);
            s.drainMedia();
            assertThat(s.photoRequests()).hasSize(requests.size() + checkRequests);
        }
    }

    @ParameterizedTest
    @EnumSource(MediaSetup.Stores.class)
    void after_advance_exactly_the_changed_photos_should_be_fetched_and_removed_ones_purged_after_the_grace(MediaSetup.Stores store)
            throws Exception {
        try (MediaSetup s = MediaSetup.of(store, SimOptions.of(30), MediaSetup.MEDIA.withGoneGrace(Duration.ofHours(1)))) {
            s.sync(RunKind.FULL);
            s.drainMedia();
            Set<String> before = new HashSet<>(s.replica().strings(
                    "SELECT media_key FROM listing_media WHERE " + LIVE));
            int fetchedBefore = s.photoRequests().size();

            s.sim().advance(Duration.ofHours(6));
            s.sync(RunKind.INCREMENTAL);
            s.drainMedia();

            Set<String> now = s.sim().truth("Media").stream().filter(t -> !t.deleted()).map(TruthRecord::key)
                    .collect(Collectors.toSet());
            Set<String> added = new HashSet<>(now);
            added.removeAll(before);
            Set<String> removed = new HashSet<>(before);
            removed.removeAll(now);
            assertThat(added).isNotEmpty();
            assertThat(removed).isNotEmpty();
            List<String> newRequests = s.photoRequests().subList(fetchedBefore, s.photoRequests().size());
            assertThat(newRequests.stream().map(MediaIT::mediaKeyOf).collect(Collectors.toSet()))
                    .isEqualTo(added);
            assertThat(newRequests).doesNotHaveDuplicates();
            assertThat(s.replica().count("SELECT count(*) FROM listing_media WHERE " + LIVE + " AND state <> 'stored'"))
                    .isZero();

            List<String> goneObjects = s.replica().strings("SELECT object_key FROM listing_media WHERE feed_id = 'f1' "
                    + "AND state = 'gone' AND object_key IS NOT NULL");
            assertThat(goneObjects).hasSize(removed.size());
            assertThat(s.app().media().purgeGone(Instant.now())).isZero(); // within the grace period
            goneObjects.forEach(key -> assertThat(s.hasObject(key)).as(key).isTrue());

            assertThat(s.app().media().purgeGone(Instant.now().plus(Duration.ofHours(2)))).isEqualTo(removed.size());
            goneObjects.forEach(key -> assertThat(s.hasObject(key)).as(key).isFalse());
            assertThat(s.replica().count("SELECT count(*) FROM media_derivative d JOIN listing_media m USING "
                    + "(feed_id, media_key) WHERE m.state = 'gone'")).isZero();
            for (String key : s.replica().strings("SELECT object_key FROM listing_media WHERE " + LIVE)) {
                assertThat(s.hasObject(key)).as(key).isTrue();
            }
        }
    }

    @Test
    void expired_urls_should_be_renewed_from_the_provider_and_succeed() throws Exception {
        SimOptions options = SimOptions.of(8).withFaults(SimFaults.none().with(SimFaults.Kind.EXPIRED_MEDIA, 0.15));
        try (MediaSetup s = MediaSetup.of(options, MediaSetup.MEDIA)) {
            s.sync(RunKind.FULL);
            s.drainMedia();

            assertThat(s.sim().faultCounts().get(SimFaults.Kind.EXPIRED_MEDIA)).isPositive();
            assertThat(s.sim().requests().stream().filter(r -> r.pathAndQuery().contains("ResourceRecordKey")))
                    .isNotEmpty();
            assertThat(s.replica().count("SELECT count(*) FROM listing_media WHERE " + LIVE + " AND state <> 'stored'"))
                    .isZero();
            assertThat(s.photoRequests()).doesNotHaveDuplicates();
        }
    }

    @Test
    void corrupt_jpegs_should_fail_with_their_reason_while_the_rest_are_stored() throws Exception {
        SimOptions options = SimOptions.of(10).withFaults(SimFaults.none().with(SimFaults.Kind.CORRUPT_JPEG, 0.05));
        try (MediaSetup s = MediaSetup.of(options, MediaSetup.MEDIA)) {
            s.sync(RunKind.FULL);
            s.drainMedia();

            long corrupt = s.sim().faultCounts().get(SimFaults.Kind.CORRUPT_JPEG);
            assertThat(corrupt).isPositive();
            assertThat(s.replica().strings("SELECT last_error FROM listing_media WHERE state = 'failed'"))
                    .hasSize((int) corrupt)
                    .allSatisfy(error -> assertThat(error).contains("truncated or corrupt JPEG"));
            assertThat(s.replica().count("SELECT count(*) FROM listing_media WHERE state = 'failed' "
                    + "AND (object_key IS NOT NULL OR sha256 IS NOT NULL)")).isZero();
            assertThat(s.replica().count("SELECT count(*) FROM listing_media WHERE " + LIVE
                    + " AND state NOT IN ('stored', 'failed')")).isZero();
        }
    }

    @Test
    void a_crash_between_commit_and_scheduling_should_still_end_with_every_photo_stored() throws Exception {
        try (MediaSetup s = MediaSetup.of(SimOptions.of(8), MediaSetup.MEDIA)) {
            s.sync(RunKind.FULL);
            // The process died after the pages committed and before (or while) it scheduled their media tasks.
            s.replica().count("WITH d AS (DELETE FROM scheduled_tasks RETURNING 1) SELECT count(*) FROM d");
            assertThat(s.replica().count("SELECT count(*) FROM scheduled_tasks")).isZero();

            try (App restarted = MediaSetup.open(s.config(), s.url())) {
                MediaSetup.drainMedia(restarted);
            }
            assertThat(s.replica().count("SELECT count(*) FROM listing_media WHERE " + LIVE + " AND state <> 'stored'"))
                    .isZero();
            assertThat(s.photoRequests()).doesNotHaveDuplicates();
        }
    }

    @Test
    void two_worker_processes_should_share_the_queue_without_fetching_any_photo_twice() throws Exception {
        try (MediaSetup s = MediaSetup.of(SimOptions.of(16), MediaSetup.MEDIA);
             App second = MediaSetup.open(s.config(), s.url())) {
            s.sync(RunKind.FULL);
            try (MediaWorkers a = MediaWorkers.start(s.app().database().dataSource(), s.app().media(), 2,
                    Duration.ofSeconds(1), "worker-a");
                 MediaWorkers b = MediaWorkers.start(second.database().dataSource(), second.media(), 2,
                         Duration.ofSeconds(1), "worker-b")) {
                assertThat(a.awaitIdle(Instant.now().plusSeconds(60), () -> false, () -> { })).isTrue();
                assertThat(b.awaitIdle(Instant.now().plusSeconds(60), () -> false, () -> { })).isTrue();
            }
            long photos = s.replica().count("SELECT count(*) FROM listing_media WHERE " + LIVE);
            assertThat(s.replica().count("SELECT count(*) FROM listing_media WHERE " + LIVE + " AND state = 'stored'"))
                    .isEqualTo(photos);
            assertThat(s.photoRequests()).hasSize((int) photos).doesNotHaveDuplicates();
            assertThat(s.app().media().fetched()).isPositive();
            assertThat(second.media().fetched()).isPositive();
        }
    }

    static String mediaKeyOf(String path) {
        String name = path.substring(path.lastIndexOf('/') + 1);
        return name.substring(0, name.length() - ".jpg".length());
    }

}
