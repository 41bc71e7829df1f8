package dev.mlsync.media;

import com.sun.net.httpserver.HttpServer;
import dev.mlsync.config.FeedMediaConfig;
import dev.mlsync.jobs.MediaWorkers;
import dev.mlsync.replicate.RunKind;
import dev.mlsync.sim.RequestLogEntry;
import dev.mlsync.sim.SimFaults;
import dev.mlsync.sim.SimOptions;
import dev.mlsync.sim.SimProfile;
import dev.mlsync.store.MediaStore;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.EnumSource;

import java.net.InetSocketAddress;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.function.Function;
import java.util.stream.Collectors;

import static org.assertj.core.api.Assertions.assertThat;

/** The media queue's rules: priorities, missing photos, per-host backoff, byte dedupe and MLS Grid's media rules. */
class MediaRulesIT {
    private static final String LIVE = "feed_id = 'f1' AND deleted_at IS NULL";

    @Test
    void manual_requests_should_run_before_new_listings_and_new_listings_before_backfill() throws Exception {
        try (MediaSetup s = MediaSetup.of(SimOptions.of(12), MediaSetup.MEDIA)) {
            s.sync(RunKind.FULL); // schedules every listing as backfill
            Set<String> initial = new HashSet<>(s.replica().strings("SELECT DISTINCT listing_key FROM listing_media"));
            s.sim().advance(Duration.ofHours(12));
            s.sync(RunKind.INCREMENTAL); // listings new since then are scheduled as new
            Map<Integer, Set<String>> byPriority = queuedByPriority(s);
            Set<String> fresh = byPriority.getOrDefault(MediaStore.PRIORITY_NEW, Set.of());
            List<String> backfill = new ArrayList<>(byPriority.getOrDefault(MediaStore.PRIORITY_BACKFILL, Set.of()));
            assertThat(fresh).isNotEmpty().anySatisfy(key -> assertThat(initial).doesNotContain(key));
            assertThat(backfill).hasSizeGreaterThan(2);
            String manual = backfill.getLast();
            s.app().media().request("f1", manual, false);
            assertThat(queuedByPriority(s).get(MediaStore.PRIORITY_MANUAL)).containsExactly(manual);

            try (MediaWorkers one = MediaWorkers.start(s.app().database().dataSource(), s.app().media(), 1,
                    Duration.ofSeconds(30), null)) {
                assertThat(one.awaitIdle(Instant.now().plusSeconds(60), () -> false, () -> { })).isTrue();
            }
            List<String> order = listingsInFetchOrder(s);
            assertThat(order.getFirst()).isEqualTo(manual);
            assertThat(order).containsAll(fresh);
            // each listing's class, in the order their photos were fetched: never a lower class before a higher one
            List<Integer> classes = order.stream().map(key -> key.equals(manual) ? MediaStore.PRIORITY_MANUAL
                    : fresh.contains(key) ? MediaStore.PRIORITY_NEW : MediaStore.PRIORITY_BACKFILL).toList();
            assertThat(classes).isSortedAccordingTo(java.util.Comparator.reverseOrder());
            assertThat(classes).contains(MediaStore.PRIORITY_BACKFILL);
        }
    }

    @Test
    void a_photo_the_provider_answers_404_for_should_fail_once_with_its_reason_while_the_rest_are_stored()
            throws Exception {
        SimOptions options = SimOptions.of(10).withFaults(SimFaults.none().with(SimFaults.Kind.MISSING_MEDIA, 0.08));
        try (MediaSetup s = MediaSetup.of(options, MediaSetup.MEDIA)) {
            s.sync(RunKind.FULL);
            s.drainMedia();

            long missing = s.sim().faultCounts().get(SimFaults.Kind.MISSING_MEDIA);
            assertThat(missing).isPositive();
            List<String> failed = s.replica().strings("SELECT media_key || ' ' || attempts || ' ' || last_error "
                    + "FROM listing_media WHERE " + LIVE + " AND state = 'failed'");
            assertThat(failed).hasSize((int) missing).allSatisfy(row -> assertThat(row)
                    .contains(" 1 HTTP 404 from 127.0.0.1: the provider has no file at this media URL"));
            Map<String, Long> requestsPerPhoto = s.sim().requests().stream()
                    .filter(r -> r.pathAndQuery().startsWith("/media/"))
                    .collect(Collectors.groupingBy(r -> MediaIT.mediaKeyOf(r.pathAndQuery()), Collectors.counting()));
            failed.forEach(row -> assertThat(requestsPerPhoto.get(row.split(" ")[0])).as(row).isEqualTo(1));
            assertThat(s.replica().count("SELECT count(*) FROM listing_media WHERE state = 'failed' "
                    + "AND (object_key IS NOT NULL OR sha256 IS NOT NULL)")).isZero();
            assertThat(s.replica().count("SELECT count(*) FROM listing_media WHERE " + LIVE
                    + " AND state NOT IN ('stored', 'failed')")).isZero();
        }
    }

    @Test
    void a_failing_photo_host_should_back_off_and_delay_only_its_own_photos() throws Exception {
        AtomicInteger deadRequests = new AtomicInteger();
        HttpServer dead = HttpServer.create(new InetSocketAddress("127.0.0.1", 0), 0);
        dead.createContext("/", exchange -> {
            deadRequests.incrementAndGet();
            exchange.sendResponseHeaders(503, -1);
            exchange.close();
        });
        dead.start();
        // localhost is not the feed's own host (127.0.0.1): a loopback photo host the feed must allow
        try (MediaSetup s = MediaSetup.of(SimOptions.of(8), MediaSetup.MEDIA.withRetryDelay(Duration.ofSeconds(1)),
                new FeedMediaConfig(true))) {
            List<String> listings = s.sim().truth("Property").stream().filter(t -> t.mediaKeys().size() > 8)
                    .limit(2).flatMap(t -> t.mediaKeys().stream()).toList();
            // the same machine under another name: a host of its own for the backoff
            listings.forEach(key -> s.sim().corrupt("Media", key, "MediaURL",
                    "\"http://localhost:" + dead.getAddress().getPort() + "/photos/" + key + ".jpg\""));
            s.sync(RunKind.FULL);
            String deadPhotos = "media_key IN ('" + String.join("', '", listings) + "')";

            try (MediaWorkers workers = MediaWorkers.start(s.app().database().dataSource(), s.app().media(), 3,
                    Duration.ofSeconds(1), null)) {
                Instant deadline = Instant.now().plusSeconds(60);
                while (s.replica().count("SELECT count(*) FROM listing_media WHERE " + LIVE + " AND NOT "
                        + deadPhotos + " AND state <> 'stored'") > 0 && Instant.now().isBefore(deadline)) {
                    Thread.sleep(100);
                }
            }
            assertThat(s.replica().count("SELECT count(*) FROM listing_media WHERE " + LIVE + " AND NOT "
                    + deadPhotos + " AND state <> 'stored'")).as("photos on the healthy host still not stored").isZero();
            assertThat(deadRequests.get()).isPositive().isLessThan(listings.size() / 2);
            assertThat(s.replica().strings("SELECT coalesce(last_error, '') FROM listing_media WHERE " + deadPhotos))
                    .anySatisfy(error -> assertThat(error).startsWith(
                            "host localhost is backing off after HTTP 503 from localhost: server error until "));
        } finally {
            dead.stop(0);
        }
    }

    @ParameterizedTest
    @EnumSource(MediaSetup.Stores.class)
    void byte_identical_photos_should_be_stored_once_and_the_shared_object_kept_while_one_uses_it(
            MediaSetup.Stores store) throws Exception {
        try (MediaSetup s = MediaSetup.of(store, SimOptions.of(4), MediaSetup.MEDIA)) {
            List<String> photos = s.sim().truth("Property").stream().filter(t -> t.mediaKeys().size() > 2)
                    .findFirst().orElseThrow().mediaKeys();
            String first = photos.get(0);
            String copy = photos.get(1);
            s.sim().corrupt("Media", copy, "MediaURL", "\"" + s.sim().serviceRoot().resolve("/media/" + first
                    + ".jpg") + "\"");
            s.sync(RunKind.FULL);
            s.drainMedia();

            Function<String, String> row = key -> strings(s, "SELECT state || ' ' || sha256 || ' ' || object_key "
                    + "FROM listing_media WHERE media_key = '" + key + "'").getFirst();
            assertThat(row.apply(copy)).isEqualTo(row.apply(first)).startsWith("stored ");
            String derivatives = "SELECT string_agg(variant || '=' || object_key, ' ' ORDER BY variant) "
                    + "FROM media_derivative WHERE media_key = '%s'";
            assertThat(strings(s, derivatives.formatted(copy))).isEqualTo(strings(s, derivatives.formatted(first)))
                    .singleElement().isNotNull();
            List<String> objects = s.objectKeys();
            String owner = objects.stream().anyMatch(key -> key.contains(first)) ? first : copy; // stored first
            String other = owner.equals(first) ? copy : first;
            assertThat(objects).noneMatch(key -> key.contains(other)).anyMatch(key -> key.contains(owner));
            // every object is one the database knows, and each is stored once
            Set<String> known = new HashSet<>(s.replica().strings("SELECT object_key FROM listing_media WHERE "
                    + "object_key IS NOT NULL UNION SELECT object_key FROM media_derivative"));
            assertThat(new HashSet<>(objects)).isEqualTo(known);

            // the owner leaves its listing: its objects stay, since the other photo still uses them
            s.replica().count("WITH g AS (UPDATE listing_media SET state = 'gone', deleted_at = now() - interval "
                    + "'30 days' WHERE media_key = '" + owner + "' RETURNING 1) SELECT count(*) FROM g");
            s.app().media().purgeGone(Instant.now());
            assertThat(s.objectKeys()).isEqualTo(objects);
            for (String key : s.replica().strings("SELECT object_key FROM media_derivative WHERE media_key = '"
                    + other + "' UNION SELECT object_key FROM listing_media WHERE media_key = '" + other + "'")) {
                assertThat(s.storedSha256(key)).as(key).isNotNull();
            }
        }
    }

    @Test
    void mls_grid_photos_should_carry_the_token_as_user_agent_and_never_refetch_a_url_within_the_hour()
            throws Exception {
        SimOptions options = SimOptions.of(8).withProfile(SimProfile.MLSGRID)
                .withFaults(SimFaults.none().with(SimFaults.Kind.TRUNCATED, 0.08));
        try (MediaSetup s = MediaSetup.of(options, MediaSetup.MEDIA)) {
            s.sync(RunKind.FULL);
            s.drainMedia();

            List<RequestLogEntry> media = s.sim().requests().stream()
                    .filter(r -> r.pathAndQuery().startsWith("/media/")).toList();
            assertThat(media).isNotEmpty().allSatisfy(r -> assertThat(r.status()).as(r.pathAndQuery()).isEqualTo(200));
            assertThat(media.stream().map(RequestLogEntry::pathAndQuery)).doesNotHaveDuplicates();
            long truncated = s.sim().faultCounts().get(SimFaults.Kind.TRUNCATED);
            assertThat(truncated).isPositive();
            // a broken transfer used the URL's one fetch: it waits out the hour instead of asking again
            List<String> waiting = s.replica().strings("SELECT last_error FROM listing_media WHERE " + LIVE
                    + " AND state = 'pending' AND next_attempt_at >= fetched_at + interval '1 hour'");
            assertThat(waiting).hasSize((int) truncated).allSatisfy(error -> assertThat(error)
                    .contains("the provider allows one fetch per URL per 60 min"));
            assertThat(s.replica().count("SELECT count(*) FROM listing_media WHERE " + LIVE
                    + " AND state <> 'stored'")).isEqualTo(truncated);
        }
    }

    /** Queued media tasks' listing keys by priority. */
    private static Map<Integer, Set<String>> queuedByPriority(MediaSetup s) throws Exception {
        return s.replica().strings("SELECT priority || ' ' || task_instance FROM scheduled_tasks "
                        + "WHERE task_name = 'media-listing' AND task_instance LIKE 'f1/%' ORDER BY execution_time")
                .stream().map(row -> row.split(" ", 2))
                .collect(Collectors.groupingBy(parts -> Integer.parseInt(parts[0]),
                        Collectors.mapping(parts -> parts[1].substring("f1/".length()),
                                Collectors.toCollection(LinkedHashSet::new))));
    }

    /** Listings in the order their first photo was fetched. */
    private static List<String> listingsInFetchOrder(MediaSetup s) throws Exception {
        Map<String, String> listingOf = s.replica().strings("SELECT media_key || ' ' || listing_key FROM "
                + "listing_media").stream().map(row -> row.split(" ")).collect(Collectors.toMap(p -> p[0], p -> p[1]));
        return s.sim().requests().stream().filter(r -> r.pathAndQuery().startsWith("/media/"))
                .map(r -> listingOf.get(MediaIT.mediaKeyOf(r.pathAndQuery()))).distinct().toList();
    }

    private static List<String> strings(MediaSetup s, String sql) {
        try {
            return s.replica().strings(sql);
        } catch (Exception e) {
            throw new IllegalStateException(e);
        }
    }
}
