package dev.mlsync.media;

import dev.mlsync.App;
import dev.mlsync.config.AuthConfig;
import dev.mlsync.config.DatabaseConfig;
import dev.mlsync.config.FeedConfig;
import dev.mlsync.config.MediaConfig;
import dev.mlsync.config.MlsyncConfig;
import dev.mlsync.config.ProfileOverrides;
import dev.mlsync.config.Provider;
import dev.mlsync.config.RetsConfig;
import dev.mlsync.replicate.RunKind;
import dev.mlsync.replicate.RunListener;
import dev.mlsync.replicate.RunResult;
import dev.mlsync.sim.RetsOptions;
import dev.mlsync.sim.SimFaults;
import dev.mlsync.sim.SimOptions;
import dev.mlsync.sim.SimProfile;
import dev.mlsync.sim.Simulator;
import dev.mlsync.sim.TruthRecord;
import dev.mlsync.store.Database;
import dev.mlsync.testing.Replica;
import dev.mlsync.testing.TestPostgres;
import org.junit.jupiter.api.Test;

import java.net.URLDecoder;
import java.nio.charset.StandardCharsets;
import java.time.Clock;
import java.time.Duration;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeSet;
import java.util.stream.Collectors;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * A RETS feed with {@code photos: objects} against the simulator's RETS profile: its {@code rets-object:} photos go
 * through the media pipeline by GetObject (one per listing, through the feed's quota and session) into the object
 * store, checked, hashed and with derivatives like HTTP photos.
 */
class RetsPhotosIT {
    private static final String LIVE = "feed_id = 'rets1' AND deleted_at IS NULL";
    private static final MediaConfig MEDIA = MediaSetup.MEDIA.withDerivatives(List.of(160), false);

    private record Setup(Simulator sim, App app, FeedConfig feed, Replica replica) implements AutoCloseable {
        static Setup of(int listings, RetsOptions rets, SimFaults faults) throws Exception {
            Simulator sim = Simulator.start(SimOptions.of(listings).withProfile(SimProfile.RETS).withRets(rets)
                    .withFaults(faults));
            String url = TestPostgres.freshDatabaseUrl();
            RetsConfig objects = new RetsConfig(null, List.of("A", "B", "C", "D", "E"), null, null, null, null,
                    RetsConfig.Photos.OBJECTS, null, null);
            FeedConfig feed = new FeedConfig("rets1", Provider.RETS, sim.retsLoginUrl(),
                    AuthConfig.password(rets.username(), rets.password(), null, null), null, List.of("Property"), 100,
                    ProfileOverrides.none(), MediaSetup.LIMITS, null).withRets(objects);
            MlsyncConfig config = new MlsyncConfig(DatabaseConfig.ofDefaults(), List.of(feed))
                    .withStorage(MediaSetup.Stores.FILESYSTEM.open()).withMedia(MEDIA);
            App app = App.over(config, Database.connect(url, "postgres", null), Clock.systemUTC());
            return new Setup(sim, app, feed, new Replica(url, feed.id()));
        }

        void syncAndDrain(RunKind kind) throws InterruptedException {
            List<RunResult> results = app.sync().sync(feed, null, kind, "test", RunListener.NONE);
            assertThat(results).allSatisfy(result -> assertThat(result.succeeded()).as(result.error()).isTrue());
            MediaSetup.drainMedia(app);
        }

        /** The objects (ListingKey:ObjectId) each GetObject asked for, in the order sent. */
        List<List<String>> getObjects() {
            return sim.requests().stream().filter(r -> r.pathAndQuery().contains("/GetObject?") && r.status() == 200)
                    .map(r -> {
                        assertThat(r.pathAndQuery()).doesNotContain("Location=1");
                        String id = URLDecoder.decode(r.pathAndQuery().replaceAll(".*[?&]ID=([^&]*).*", "$1"),
                                StandardCharsets.UTF_8);
                        String[] parts = id.split(":");
                        return java.util.stream.IntStream.range(1, parts.length).mapToObj(i -> parts[0] + ":" + parts[i])
                                .toList();
                    }).toList();
        }

        /** MediaKey (ListingKey:n) → SHA-256 of the n-th photo the simulator serves for the listing now. */
        Map<String, String> truthSha256() {
            Map<String, String> expected = new HashMap<>();
            for (TruthRecord listing : sim.truth("Property")) {
                for (int i = 0; !listing.deleted() && i < listing.mediaKeys().size(); i++) {
                    expected.put(listing.key() + ":" + (i + 1), sim.photoSha256(listing.mediaKeys().get(i)).orElseThrow());
                }
            }
            return expected;
        }

        Map<String, String> storedSha256() throws Exception {
            return replica.strings("SELECT media_key || ' ' || coalesce(sha256, '-') FROM listing_media WHERE " + LIVE)
                    .stream().collect(Collectors.toMap(row -> row.split(" ")[0], row -> row.split(" ")[1]));
        }

        @Override
        public void close() {
            app.close();
            sim.close();
        }
    }

    @Test
    void every_photo_is_stored_with_the_simulators_bytes_and_an_incremental_fetches_only_changed_photos()
            throws Exception {
        try (Setup s = Setup.of(15, RetsOptions.defaults(), SimFaults.none())) {
            s.syncAndDrain(RunKind.FULL);

            Map<String, String> expected = s.truthSha256();
            assertThat(expected).hasSizeGreaterThan(50);
            assertThat(s.storedSha256()).isEqualTo(expected);
            assertThat(s.replica().count("SELECT count(*) FROM listing_media WHERE " + LIVE + " AND state <> 'stored'"))
                    .isZero();
            assertThat(s.replica().count("SELECT count(*) FROM listing_media WHERE " + LIVE + " AND derivatives_at IS NULL"))
                    .as("every original got its derivatives").isZero();
            assertThat(s.replica().count("SELECT count(*) FROM media_derivative")).isPositive();
            List<List<String>> fullRequests = s.getObjects();
            assertThat(fullRequests.stream().flatMap(List::stream)).doesNotHaveDuplicates()
                    .containsExactlyInAnyOrderElementsOf(expected.keySet());
            assertThat(fullRequests).as("one GetObject per listing with photos")
                    .hasSize((int) s.sim().truth("Property").stream().filter(t -> !t.deleted() && !t.mediaKeys().isEmpty()).count());
            assertThat(s.sim().requests()).noneMatch(r -> r.pathAndQuery().startsWith("/media/"));

            s.sim().advance(Duration.ofHours(6));
            List<RunResult> incremental = s.app().sync().sync(s.feed(), null, RunKind.INCREMENTAL, "test",
                    RunListener.NONE);
            assertThat(incremental).allSatisfy(result -> assertThat(result.succeeded()).isTrue());
            Set<String> pending = new TreeSet<>(s.replica().strings("SELECT media_key FROM listing_media WHERE " + LIVE
                    + " AND state = 'pending'"));
            MediaSetup.drainMedia(s.app());

            Map<String, String> after = s.truthSha256();
            Set<String> changed = after.entrySet().stream().filter(e -> !e.getValue().equals(expected.get(e.getKey())))
                    .map(Map.Entry::getKey).collect(Collectors.toCollection(TreeSet::new));
            assertThat(changed).as("the simulator changed some photos").isNotEmpty();
            Set<String> fetched = s.getObjects().subList(fullRequests.size(), s.getObjects().size()).stream()
                    .flatMap(List::stream).collect(Collectors.toCollection(TreeSet::new));
            assertThat(fetched).as("fetched after the incremental").isEqualTo(pending).containsAll(changed)
                    .hasSizeLessThan(after.size() / 2);
            assertThat(s.storedSha256()).isEqualTo(after);
        }
    }

    @Test
    void a_rets_error_part_fails_only_its_photo_with_the_servers_reason() throws Exception {
        try (Setup s = Setup.of(8, RetsOptions.defaults(), SimFaults.none().with(SimFaults.Kind.MISSING_MEDIA, 1.0))) {
            s.syncAndDrain(RunKind.FULL);

            Map<String, String> expected = s.truthSha256();
            Map<String, String> stored = s.storedSha256();
            List<String> failed = s.replica().strings("SELECT media_key || ' ' || last_error FROM listing_media WHERE "
                    + LIVE + " AND state = 'failed'");
            long multiPhotoListings = s.sim().truth("Property").stream().filter(t -> !t.deleted() && t.mediaKeys().size() > 1).count();
            assertThat(multiPhotoListings).isPositive();
            assertThat(failed).as("one missing part per GetObject of several photos").hasSize((int) multiPhotoListings)
                    .allSatisfy(row -> assertThat(row).contains("20403").contains("temporarily unavailable"));
            Set<String> failedKeys = failed.stream().map(row -> row.split(" ")[0]).collect(Collectors.toSet());
            expected.forEach((key, sha) -> {
                if (!failedKeys.contains(key)) {
                    assertThat(stored.get(key)).as(key).isEqualTo(sha);
                }
            });
            assertThat(s.getObjects()).as("a failed part is not asked for again").hasSize(
                    (int) s.sim().truth("Property").stream().filter(t -> !t.deleted() && !t.mediaKeys().isEmpty()).count());
        }
    }

    @Test
    void photos_are_stored_though_the_session_expires_every_few_requests() throws Exception {
        try (Setup s = Setup.of(6, RetsOptions.defaults().withSessionRequests(3), SimFaults.none())) {
            List<RunResult> results = s.app().sync().sync(s.feed(), null, RunKind.FULL, "test", RunListener.NONE);
            assertThat(results).allSatisfy(result -> assertThat(result.succeeded()).isTrue());
            long loginsBefore = logins(s);
            MediaSetup.drainMedia(s.app());

            assertThat(s.storedSha256()).isEqualTo(s.truthSha256());
            assertThat(logins(s) - loginsBefore).as("logins during the media work").isGreaterThan(1);
        }
    }

    private static long logins(Setup s) {
        return s.sim().requests().stream().filter(r -> r.pathAndQuery().contains("/Login") && r.status() == 200).count();
    }
}
