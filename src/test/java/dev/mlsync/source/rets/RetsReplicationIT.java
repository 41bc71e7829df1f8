package dev.mlsync.source.rets;

import static org.assertj.core.api.Assertions.assertThat;

import dev.mlsync.App;
import dev.mlsync.config.AuthConfig;
import dev.mlsync.config.DatabaseConfig;
import dev.mlsync.config.FeedConfig;
import dev.mlsync.config.MlsyncConfig;
import dev.mlsync.config.ProfileOverrides;
import dev.mlsync.config.Provider;
import dev.mlsync.config.RateLimits;
import dev.mlsync.config.RetsConfig;
import dev.mlsync.replicate.PageProgress;
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
import java.sql.SQLException;
import java.time.Clock;
import java.time.Duration;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.TreeSet;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.stream.Collectors;
import java.util.stream.IntStream;
import org.junit.jupiter.api.Test;

/** A rets feed replicated from the simulator's RETS profile over loopback HTTP into embedded PostgreSQL. */
class RetsReplicationIT {
    private static final RateLimits SIMULATOR_LIMITS = new RateLimits(10_000, 600_000, 36_000_000, 864_000_000);
    private static final List<String> CLASSES = List.of("A", "B", "C", "D", "E");

    private record Setup(Simulator sim, App app, FeedConfig feed, Replica replica) implements AutoCloseable {
        static Setup of(int listings, int pageSize, RetsOptions rets, SimFaults faults) {
            return of(listings, pageSize, rets, faults, new RetsConfig(null, CLASSES, null, null, null, null, null, null,
                    null));
        }

        static Setup of(int listings, int pageSize, RetsOptions rets, SimFaults faults, RetsConfig config) {
            Simulator sim = Simulator.start(SimOptions.of(listings).withProfile(SimProfile.RETS).withRets(rets)
                    .withFaults(faults));
            String url = TestPostgres.freshDatabaseUrl();
            Database database = Database.connect(url, "postgres", null);
            FeedConfig feed = new FeedConfig("rets1", Provider.RETS, sim.retsLoginUrl(),
                    AuthConfig.password(rets.username(), rets.password(), rets.uaPassword() == null ? null : "mlsync-test/1.0",
                            rets.uaPassword()), null, List.of("Property"),
                    pageSize, ProfileOverrides.none(), SIMULATOR_LIMITS, null).withRets(config);
            App app = App.over(new MlsyncConfig(DatabaseConfig.ofDefaults(), List.of(feed)), database, Clock.systemUTC());
            return new Setup(sim, app, feed, new Replica(url, feed.id()));
        }

        static Setup of(int listings, int pageSize) {
            return of(listings, pageSize, RetsOptions.defaults(), SimFaults.none());
        }

        RunResult sync(RunKind kind, RunListener listener) {
            List<RunResult> results = app.sync().sync(feed, null, kind, "test", listener);
            assertThat(results).hasSize(1);
            return results.getFirst();
        }

        RunResult sync(RunKind kind) {
            return sync(kind, RunListener.NONE);
        }

        /**
         * Differences from the truth for every listing the provider still has (RETS has no deletion signal:
         * deletions need a key reconciliation): timestamps, and photos as Media records whose MediaKey is
         * key:n and whose Location URL is the n-th photo of the truth.
         */
        List<String> differences() throws SQLException {
            Map<String, String> modified = new HashMap<>();
            Map<String, List<String>> media = new HashMap<>();
            for (String row : replica.strings("SELECT listing_key || ' ' || modification_timestamp AT TIME ZONE 'UTC' "
                    + "FROM listing WHERE deleted_at IS NULL")) {
                modified.put(row.substring(0, row.indexOf(' ')), row.substring(row.indexOf(' ') + 1));
            }
            for (String row : replica.strings("SELECT listing_key || ' ' || media_key || ' ' || media_url FROM listing_media "
                    + "WHERE deleted_at IS NULL ORDER BY listing_key, position")) {
                String[] parts = row.split(" ");
                media.computeIfAbsent(parts[0], k -> new ArrayList<>()).add(parts[1] + " " + parts[2]);
            }
            List<String> problems = new ArrayList<>();
            for (TruthRecord truth : sim.truth("Property")) {
                String stored = modified.remove(truth.key());
                if (truth.deleted()) {
                    continue;
                }
                String expected = truth.modificationTimestamp().toString().replace("T", " ").replace("Z", "");
                if (stored == null) {
                    problems.add(truth.key() + ": missing");
                } else if (!java.time.LocalDateTime.parse(stored.replace(" ", "T")).equals(
                        java.time.LocalDateTime.parse(expected.replace(" ", "T")))) {
                    problems.add(truth.key() + ": " + stored + " instead of " + expected);
                }
                List<String> photos = IntStream.range(0, truth.mediaKeys().size()).mapToObj(i -> truth.key() + ":" + (i + 1)
                        + " " + sim.retsLoginUrl().resolve("/media/" + truth.mediaKeys().get(i) + ".jpg")).toList();
                if (stored != null && !new TreeSet<>(media.getOrDefault(truth.key(), List.of())).equals(new TreeSet<>(photos))) {
                    problems.add(truth.key() + ": media " + media.get(truth.key()) + " instead of " + photos);
                }
            }
            modified.keySet().stream().filter(key -> sim.truth("Property").stream().noneMatch(t -> t.key().equals(key)))
                    .forEach(key -> problems.add(key + ": not at the provider"));
            return problems;
        }

        @Override
        public void close() {
            app.close();
            sim.close();
        }
    }

    @Test
    void full_and_incremental_replication_equal_the_truth_photos_included() throws Exception {
        try (Setup s = Setup.of(1_200, 250)) {
            RunResult full = s.sync(RunKind.FULL);
            assertThat(full.succeeded()).as(full.error()).isTrue();
            assertThat(s.differences()).isEmpty();
            assertThat(s.replica().count("SELECT count(*) FROM listing_media")).isPositive();
            assertThat(s.replica().count("SELECT count(*) FROM listing WHERE list_price IS NOT NULL AND city IS NOT NULL "
                    + "AND standard_status IS NOT NULL AND bedrooms_total IS NOT NULL"))
                    .as("RETS fields land in the typed columns").isGreaterThan(1_000);

            var changes = s.sim().advance(Duration.ofHours(3));
            assertThat(changes.priceChanges() + changes.photoChanges()).isPositive();
            RunResult incremental = s.sync(RunKind.INCREMENTAL);
            assertThat(incremental.succeeded()).as(incremental.error()).isTrue();
            assertThat(incremental.kind()).isEqualTo(RunKind.INCREMENTAL);
            assertThat(s.differences()).isEmpty();
            assertThat(s.replica().count("SELECT count(*) FROM sync_error")).isZero();
        }
    }

    @Test
    void an_expired_session_mid_run_logs_in_again_and_the_run_goes_on() throws Exception {
        try (Setup s = Setup.of(400, 100, RetsOptions.defaults().withSessionRequests(6), SimFaults.none())) {
            RunResult full = s.sync(RunKind.FULL);

            assertThat(full.succeeded()).as(full.error()).isTrue();
            assertThat(full.pages()).isGreaterThan(3);
            assertThat(s.differences()).isEmpty();
            long logins = s.sim().requests().stream().filter(r -> r.pathAndQuery().contains("/Login")).count();
            assertThat(logins).as("Login requests").isGreaterThan(2);
        }
    }

    @Test
    void a_listing_that_moves_behind_the_pages_while_they_are_read_is_neither_lost_nor_duplicated() throws Exception {
        try (Setup s = Setup.of(500, 100)) {
            List<String> keys = s.sim().truth("Property").stream().filter(t -> !t.deleted())
                    .sorted(java.util.Comparator.comparing(TruthRecord::modificationTimestamp)).map(TruthRecord::key)
                    .toList();
            AtomicInteger pages = new AtomicInteger();
            List<String> touched = new ArrayList<>();
            RunListener touching = new RunListener() {
                @Override
                public void pageCommitted(PageProgress progress) {
                    int page = pages.incrementAndGet();
                    if (page > 2) {
                        return; // later touches could come after the last page was fetched: the next run's work
                    }
                    // One listing already read and one not yet read move behind every page.
                    String read = keys.get(page * 10);
                    String ahead = keys.get(keys.size() - 100 * page);
                    s.sim().touch(read);
                    s.sim().touch(ahead);
                    touched.add(read);
                    touched.add(ahead);
                }
            };
            RunResult full = s.sync(RunKind.FULL, touching);

            assertThat(full.succeeded()).as(full.error()).isTrue();
            assertThat(full.pages()).isGreaterThan(4);
            assertThat(touched).hasSize(4);
            assertThat(s.differences()).isEmpty();
            assertThat(s.replica().count("SELECT count(*) FROM listing"))
                    .isEqualTo(s.sim().truth("Property").stream().filter(t -> !t.deleted()).count());
        }
    }

    @Test
    void malformed_search_rows_land_in_sync_error_and_the_run_goes_on() throws Exception {
        try (Setup s = Setup.of(300, 100)) {
            List<String> keys = s.sim().truth("Property").stream().filter(t -> !t.deleted()).map(TruthRecord::key)
                    .limit(2).toList();
            s.sim().corrupt("Property", keys.get(0), "ModificationTimestamp", "\"yesterday\"");
            s.sim().corrupt("Property", keys.get(1), "ListPrice", "\"cheap\"");

            RunResult full = s.sync(RunKind.FULL);

            assertThat(full.succeeded()).as(full.error()).isTrue();
            assertThat(s.replica().strings("SELECT record_key || ' ' || category || ' ' || message FROM sync_error"))
                    .anySatisfy(e -> assertThat(e).startsWith(keys.get(0) + " ").contains("ModificationTimestamp"));
            assertThat(s.replica().count("SELECT count(*) FROM listing")).isGreaterThan(250);
        }
    }

    @Test
    void a_row_the_server_cut_short_lands_in_sync_error() throws Exception {
        try (Setup s = Setup.of(300, 100, RetsOptions.defaults(), SimFaults.parse("malformed=1"))) {
            RunResult full = s.sync(RunKind.FULL);

            assertThat(full.succeeded()).as(full.error()).isTrue();
            List<String> errors = s.replica().strings("SELECT category || ' ' || payload_excerpt FROM sync_error");
            assertThat(errors).isNotEmpty().allSatisfy(e -> assertThat(e).contains("RetsRowProblem", "fields, COLUMNS has"));
        }
    }

    @Test
    void a_server_that_orders_by_key_still_gives_the_exact_replica_with_basic_and_ua_authorization() throws Exception {
        RetsOptions rets = RetsOptions.defaults().withPaging(RetsOptions.Paging.BY_KEY).withAuth(RetsOptions.Auth.BASIC)
                .withUaPassword("ua-secret-1");
        try (Setup s = Setup.of(400, 100, rets, SimFaults.none())) {
            RunResult full = s.sync(RunKind.FULL);

            assertThat(full.succeeded()).as(full.error()).isTrue();
            assertThat(full.pages()).isGreaterThan(2);
            assertThat(s.differences()).isEmpty();
        }
    }

    @Test
    void a_server_that_ignores_offset_is_detected_before_anything_wrong_is_stored() throws Exception {
        // The simulator's bulk-update seconds hold more listings than a page: only Offset can read them.
        try (Setup s = Setup.of(400, 100, RetsOptions.defaults().withPaging(RetsOptions.Paging.IGNORES_OFFSET),
                SimFaults.none())) {
            RunResult full = s.sync(RunKind.FULL);

            assertThat(full.succeeded()).isFalse();
            assertThat(full.error()).contains("the server ignores Offset", "feed rets1");
            assertThat(s.differences()).isNotEmpty().allSatisfy(problem -> assertThat(problem).endsWith(": missing"));
        }
    }

    @Test
    void compact_answers_with_a_custom_delimiter_are_decoded_from_the_metadata() throws Exception {
        RetsConfig compact = new RetsConfig(null, CLASSES, null, null, null, RetsConfig.Format.COMPACT,
                RetsConfig.Photos.NONE, null, null);
        try (Setup s = Setup.of(300, 100, RetsOptions.defaults().withDelimiter('|'), SimFaults.none(), compact)) {
            RunResult full = s.sync(RunKind.FULL);

            assertThat(full.succeeded()).as(full.error()).isTrue();
            assertThat(s.sim().requests()).anyMatch(r -> r.pathAndQuery().contains("Format=COMPACT&"));
            List<String> statuses = s.replica().strings("SELECT DISTINCT standard_status FROM listing");
            assertThat(statuses).contains("Active").allSatisfy(status -> assertThat(status).hasSizeGreaterThan(2));
            assertThat(s.replica().strings("SELECT DISTINCT city FROM listing")).allSatisfy(city ->
                    assertThat(city).matches("[A-Z][a-z]+( [A-Z][a-z]+)*"));
            assertThat(s.replica().count("SELECT count(*) FROM listing_media")).isZero();
        }
    }

    @Test
    void photos_by_reference_are_downloaded_through_the_feeds_session() throws Exception {
        RetsConfig objects = new RetsConfig(null, CLASSES, null, null, null, null, RetsConfig.Photos.OBJECTS, null, null);
        try (Setup s = Setup.of(200, 100, RetsOptions.defaults(), SimFaults.none(), objects)) {
            RunResult full = s.sync(RunKind.FULL);
            assertThat(full.succeeded()).as(full.error()).isTrue();
            TruthRecord listing = s.sim().truth("Property").stream().filter(t -> !t.deleted() && t.mediaKeys().size() > 2)
                    .findFirst().orElseThrow();
            String url = s.replica().strings("SELECT media_url FROM listing_media WHERE media_key = '" + listing.key()
                    + ":3'").getFirst();
            assertThat(url).isEqualTo("rets-object:Photo/" + listing.key() + "/3");
            assertThat(s.replica().count("SELECT count(*) FROM listing_media WHERE listing_key = '" + listing.key() + "'"))
                    .isEqualTo(listing.mediaKeys().size());

            byte[] expected = java.net.http.HttpClient.newHttpClient().send(java.net.http.HttpRequest.newBuilder(
                    s.sim().retsLoginUrl().resolve("/media/" + listing.mediaKeys().get(2) + ".jpg")).build(),
                    java.net.http.HttpResponse.BodyHandlers.ofByteArray()).body();
            try (RetsSource source = s.app().retsSource(s.feed()); RetsObject photo = source.fetchObject(url)) {
                assertThat(photo.contentType()).isEqualTo("image/jpeg");
                assertThat(photo.contentId()).isEqualTo(listing.key());
                assertThat(photo.objectId()).isEqualTo("3");
                assertThat(photo.body().readAllBytes()).isEqualTo(expected);
            }
        }
    }

    static Map<String, Long> countBy(List<String> values) {
        return values.stream().collect(Collectors.groupingBy(v -> v, Collectors.counting()));
    }
}
