package dev.mlsync.replicate;

import dev.mlsync.App;
import dev.mlsync.config.AuthConfig;
import dev.mlsync.config.DatabaseConfig;
import dev.mlsync.config.FeedConfig;
import dev.mlsync.config.MlsyncConfig;
import dev.mlsync.config.ProfileOverrides;
import dev.mlsync.config.Provider;
import dev.mlsync.config.RateLimits;
import dev.mlsync.sim.SimFaults;
import dev.mlsync.sim.SimOptions;
import dev.mlsync.sim.SimProfile;
import dev.mlsync.sim.Simulator;
import dev.mlsync.source.PageReader;
import dev.mlsync.source.PageRequest;
import dev.mlsync.source.RawRecord;
import dev.mlsync.source.RecordShape;
import dev.mlsync.source.Source;
import dev.mlsync.store.Database;
import dev.mlsync.testing.Replica;
import dev.mlsync.testing.TestPostgres;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.EnumSource;

import java.time.Clock;
import java.time.Duration;
import java.util.List;
import java.util.concurrent.atomic.AtomicInteger;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

/** Replication against the simulator over loopback HTTP into embedded PostgreSQL. */
class ReplicationIT {
    private static final List<String> ALL = List.of("Property", "Member", "Office", "OpenHouse");
    /** The simulator enforces no limits; a preset's 2 requests/s would only slow these tests down. */
    private static final RateLimits SIMULATOR_LIMITS = new RateLimits(10_000, 600_000, 36_000_000, 864_000_000);

    private static FeedConfig feedFor(Simulator sim, SimProfile profile, ProfileOverrides overrides) {
        Provider provider = Provider.valueOf(profile.name());
        AuthConfig auth = profile == SimProfile.TRESTLE
                ? AuthConfig.oauth2(sim.tokenUrl().toString(), "client", "secret-for-tests", "api")
                : AuthConfig.bearer("secret-for-tests");
        return new FeedConfig("f1", provider, sim.serviceRoot(), auth, sim.originatingSystem(), ALL, 1000, overrides,
                SIMULATOR_LIMITS, null);
    }

    private record Setup(Simulator sim, App app, FeedConfig feed, Replica replica) implements AutoCloseable {
        static Setup of(int listings, SimProfile profile, ProfileOverrides overrides) {
            return of(listings, profile, overrides, SimFaults.none());
        }

        static Setup of(int listings, SimProfile profile, ProfileOverrides overrides, SimFaults faults) {
            Simulator sim = Simulator.start(SimOptions.of(listings).withProfile(profile).withToken("secret-for-tests")
                    .withFaults(faults));
            String url = TestPostgres.freshDatabaseUrl();
            Database database = Database.connect(url, "postgres", null);
            FeedConfig feed = feedFor(sim, profile, overrides);
            App app = App.over(new MlsyncConfig(DatabaseConfig.ofDefaults(), List.of(feed)), database,
                    Clock.systemUTC());
            return new Setup(sim, app, feed, new Replica(url, feed.id()));
        }

        List<RunResult> sync(RunKind kind) {
            return app.sync().sync(feed, null, kind, "test", RunListener.NONE);
        }

        @Override
        public void close() {
            app.close();
            sim.close();
        }
    }

    @ParameterizedTest
    @EnumSource(value = SimProfile.class, mode = EnumSource.Mode.EXCLUDE, names = "RETS")
    void full_then_incremental_should_equal_the_truth_for_every_profile(SimProfile profile) throws Exception {
        try (Setup s = Setup.of(3200, profile, ProfileOverrides.none())) {
            assertThat(s.sync(RunKind.FULL)).allSatisfy(r -> assertThat(r.succeeded()).as(r.error()).isTrue());
            assertThat(s.replica().differencesFrom(s.sim())).isEmpty();
            for (String resource : List.of("Member", "Office", "OpenHouse")) {
                assertThat(s.replica().recordDifferencesFrom(s.sim(), resource)).isEmpty();
            }

            var changes = s.sim().advance(Duration.ofHours(3));
            assertThat(changes.deleted()).isPositive();
            assertThat(changes.statusChanges()).isPositive();
            List<RunResult> incremental = s.sync(RunKind.INCREMENTAL);
            assertThat(incremental).allSatisfy(r -> assertThat(r.succeeded()).as(r.error()).isTrue());
            assertThat(incremental.getFirst().kind()).isEqualTo(RunKind.INCREMENTAL);
            assertThat(s.replica().differencesFrom(s.sim())).isEmpty();
            assertThat(s.replica().recordDifferencesFrom(s.sim(), "Member")).isEmpty();
            assertThat(s.replica().count("SELECT count(*) FROM listing WHERE deleted_at IS NOT NULL"))
                    .isGreaterThanOrEqualTo(changes.deleted());
            assertThat(s.replica().count("SELECT count(*) FROM listing_status_history"))
                    .isGreaterThanOrEqualTo(changes.statusChanges());
        }
    }

    @Test
    void replica_should_equal_the_truth_despite_server_errors_resets_and_broken_pages() throws Exception {
        SimFaults faults = SimFaults.parse("http5xx=0.15,reset=0.03,truncated=0.05,malformed=0.05");
        try (Setup s = Setup.of(3000, SimProfile.RESO, ProfileOverrides.none(), faults)) {
            assertThat(s.sync(RunKind.FULL)).allSatisfy(r -> assertThat(r.succeeded()).as(r.error()).isTrue());
            s.sim().advance(Duration.ofHours(3));
            assertThat(s.sync(RunKind.INCREMENTAL)).allSatisfy(r -> assertThat(r.succeeded()).as(r.error()).isTrue());
            assertThat(s.replica().differencesFrom(s.sim())).isEmpty();
            assertThat(s.replica().recordDifferencesFrom(s.sim(), "Member")).isEmpty();
            assertThat(s.sim().faultCounts().values().stream().mapToLong(Long::longValue).sum())
                    .as("faults injected: %s", s.sim().faultCounts()).isGreaterThanOrEqualTo(3);
        }
    }

    @Test
    void media_fetched_by_separate_batched_queries_should_equal_the_truth() throws Exception {
        ProfileOverrides separateMedia = new ProfileOverrides(null, false, 50, null, null, null);
        try (Setup s = Setup.of(600, SimProfile.RESO, separateMedia)) {
            assertThat(s.sync(RunKind.FULL)).allSatisfy(r -> assertThat(r.succeeded()).isTrue());
            s.sim().advance(Duration.ofHours(2));
            assertThat(s.sync(RunKind.INCREMENTAL)).allSatisfy(r -> assertThat(r.succeeded()).isTrue());
            assertThat(s.replica().differencesFrom(s.sim())).isEmpty();
            assertThat(s.sim().requests()).anyMatch(r -> r.pathAndQuery().contains("/Media"));
        }
    }

    @Test
    void progress_should_know_how_many_records_the_run_will_read() {
        try (Setup s = Setup.of(2500, SimProfile.RESO, ProfileOverrides.none())) {
            List<PageProgress> progress = new java.util.ArrayList<>();
            RunListener record = new RunListener() {
                @Override
                public void pageCommitted(PageProgress page) {
                    progress.add(page);
                }
            };
            s.app().sync().sync(s.feed(), "Property", RunKind.FULL, "test", record);
            assertThat(progress).hasSize(3).allSatisfy(p -> assertThat(p.expectedRecords()).isEqualTo(2500));
            assertThat(progress.getLast().records()).isEqualTo(2500);
        }
    }

    @Test
    void status_change_should_be_recorded_with_from_and_to() throws Exception {
        try (Setup s = Setup.of(800, SimProfile.MLSGRID, ProfileOverrides.none())) {
            s.sync(RunKind.FULL);
            s.sim().advance(Duration.ofHours(4));
            s.sync(RunKind.INCREMENTAL);
            List<String> transitions = s.replica().strings(
                    "SELECT from_status || ' > ' || to_status FROM listing_status_history");
            assertThat(transitions).isNotEmpty().allSatisfy(t -> assertThat(t).matches("[A-Za-z ]+ > [A-Za-z ]+"));
            assertThat(s.replica().count("""
                    SELECT count(*) FROM listing_status_history h JOIN listing l USING (feed_id, listing_key)
                    WHERE h.to_status IS DISTINCT FROM l.standard_status AND h.id = (SELECT max(id)
                      FROM listing_status_history x WHERE x.listing_key = h.listing_key)""")).isZero();
        }
    }

    @Test
    void interrupted_run_should_resume_after_the_last_committed_page_and_converge() throws Exception {
        try (Setup s = Setup.of(5000, SimProfile.RESO, ProfileOverrides.none())) {
            Replicator replicator = new Replicator(s.app().database().replica(), s.app().database().runs(),
                    Clock.systemUTC());
            RunRequest request = new RunRequest("f1", "Property", RunKind.FULL, "test", 1000);
            RunResult crashed;
            try (Source source = new CrashingSource(s.app().source(s.feed()), 3, 400)) {
                crashed = replicator.run(request, source, RunListener.NONE);
            }
            assertThat(crashed.status()).isEqualTo("failed");
            assertThat(crashed.pages()).isEqualTo(2);
            assertThat(s.replica().count("SELECT count(*) FROM listing")).isEqualTo(2000);

            int before = s.sim().requests().size();
            RunResult resumed = replicator.run(new RunRequest("f1", "Property", RunKind.INCREMENTAL, "test", 1000),
                    s.app().source(s.feed()), RunListener.NONE);
            assertThat(resumed.succeeded()).isTrue();
            long pagesAfterResume = s.sim().requests().stream().skip(before)
                    .filter(r -> r.pathAndQuery().contains("/Property")).count();
            assertThat(pagesAfterResume).as("pages fetched after resuming").isLessThanOrEqualTo(4);
            assertThat(s.replica().differencesFrom(s.sim())).isEmpty();
        }
    }

    @Test
    void cancelled_run_should_keep_committed_pages_and_stop_at_a_page_boundary() throws Exception {
        try (Setup s = Setup.of(3000, SimProfile.RESO, ProfileOverrides.none())) {
            AtomicInteger pages = new AtomicInteger();
            RunListener cancelAfterOnePage = new RunListener() {
                @Override
                public void pageCommitted(PageProgress progress) {
                    pages.set(progress.pages());
                }

                @Override
                public boolean cancelled() {
                    return pages.get() >= 1;
                }
            };
            List<RunResult> results = s.app().sync().sync(s.feed(), "Property", RunKind.FULL, "test",
                    cancelAfterOnePage);
            RunResult cancelled = results.getFirst();
            assertThat(cancelled.status()).isEqualTo("cancelled");
            // Pages already handed to the committer (at most the commit depth) still commit; nothing partial.
            long stored = s.replica().count("SELECT count(*) FROM listing");
            assertThat(stored).isEqualTo(cancelled.pages() * 1000L).isBetween(1000L, 2000L);
            assertThat(s.replica().count("SELECT pages FROM sync_run WHERE id = " + cancelled.runId()))
                    .isEqualTo(cancelled.pages());
            assertThat(s.sync(RunKind.INCREMENTAL)).allSatisfy(r -> assertThat(r.succeeded()).isTrue());
            assertThat(s.replica().differencesFrom(s.sim())).isEmpty();
        }
    }

    @Test
    void malformed_record_should_land_in_sync_error_while_every_other_record_is_stored() throws Exception {
        try (Setup s = Setup.of(1500, SimProfile.RESO, ProfileOverrides.none())) {
            String bad = s.sim().truth("Property").get(700).key();
            s.sim().corrupt("Property", bad, "ListPrice", "\"not-a-number\"");
            List<RunResult> results = s.sync(RunKind.FULL);
            assertThat(results.getFirst().succeeded()).isTrue();
            assertThat(results.getFirst().counts().failed()).isEqualTo(1);
            assertThat(s.replica().differencesFrom(s.sim())).containsExactly(bad + ": missing");
            assertThat(s.replica().strings("SELECT record_key || ' ' || category || ' ' || message FROM sync_error"))
                    .singleElement().asString().startsWith(bad + " wrong_type").contains("ListPrice")
                    .contains("not-a-number");
        }
    }

    /** Keyset paging (RESO) and nextLink paging by $skip (MLS Grid); one record mid-page, one at a page's end. */
    @ParameterizedTest
    @EnumSource(value = SimProfile.class, names = {"RESO", "MLSGRID"})
    void a_record_that_is_never_valid_json_should_be_quarantined_and_every_other_record_stored(SimProfile profile)
            throws Exception {
        try (Setup s = Setup.of(1500, profile, ProfileOverrides.none())) {
            List<String> keys = s.sim().truth("Property").stream().map(r -> r.key()).toList();
            String middle = keys.get(700);
            String last = keys.get(999);
            s.sim().breakRecord("Property", middle);
            s.sim().breakRecord("Property", last);

            RunResult run = s.app().sync().sync(s.feed(), "Property", RunKind.FULL, "test", RunListener.NONE).getFirst();

            assertThat(run.succeeded()).as(run.error()).isTrue();
            assertThat(s.replica().differencesFrom(s.sim())).containsExactlyInAnyOrder(middle + ": missing",
                    last + ": missing");
            assertThat(s.replica().strings("SELECT record_key || ' ' || category || ' ' || payload_excerpt "
                    + "FROM sync_error ORDER BY record_key")).satisfiesExactlyInAnyOrder(
                    row -> assertThat(row).startsWith(middle + " malformed_json {\"ListingKey\":\"" + middle + "\""),
                    row -> assertThat(row).startsWith(last + " malformed_json {\"ListingKey\":\"" + last + "\""));
            assertThat(s.app().deadLetters().open("f1")).hasSize(2);
            long propertyRequests = s.sim().requests().stream().filter(r -> r.pathAndQuery().contains("Property"))
                    .count();
            assertThat(propertyRequests).as("two pages, each broken record isolated by halving").isLessThan(60);

            assertThat(s.app().sync().sync(s.feed(), "Property", RunKind.INCREMENTAL, "test", RunListener.NONE))
                    .allSatisfy(r -> assertThat(r.succeeded()).isTrue());
            assertThat(s.replica().count("SELECT count(*) FROM sync_error")).as("not quarantined twice").isEqualTo(2);
        }
    }

    @Test
    void record_without_a_key_should_be_reported_and_the_run_should_continue() throws Exception {
        try (Setup s = Setup.of(500, SimProfile.RESO, ProfileOverrides.none())) {
            String bad = s.sim().truth("Property").get(10).key();
            s.sim().corrupt("Property", bad, "ListingKey", "null");
            RunResult result = s.sync(RunKind.FULL).getFirst();
            assertThat(result.succeeded()).isTrue();
            assertThat(s.replica().strings("SELECT category || ': ' || message FROM sync_error"))
                    .singleElement().asString().contains("missing_key").contains("ListingKey is missing");
            assertThat(s.replica().count("SELECT count(*) FROM listing")).isEqualTo(499);
        }
    }

    @Test
    void empty_cursor_on_a_feed_with_data_should_refuse_without_full() throws Exception {
        try (Setup s = Setup.of(300, SimProfile.RESO, ProfileOverrides.none())) {
            s.sync(RunKind.FULL);
            int requests = s.sim().requests().size();
            s.replica().count("WITH d AS (DELETE FROM resource_cursor WHERE resource = 'Property' RETURNING 1) "
                    + "SELECT count(*) FROM d");
            assertThatThrownBy(() -> s.app().sync().sync(s.feed(), "Property", RunKind.INCREMENTAL, "test",
                    RunListener.NONE))
                    .isInstanceOf(CursorMissingException.class).hasMessageContaining("--full");
            assertThat(s.sim().requests()).hasSize(requests);
            assertThat(s.app().sync().sync(s.feed(), "Property", RunKind.FULL, "test", RunListener.NONE))
                    .allSatisfy(r -> assertThat(r.succeeded()).isTrue());
        }
    }

    @Test
    void second_process_should_not_replicate_a_feed_that_is_already_running() {
        try (Setup s = Setup.of(200, SimProfile.RESO, ProfileOverrides.none());
             var lease = s.app().database().replica().tryLease("f1", "Property").orElseThrow()) {
            assertThatThrownBy(() -> s.app().sync().sync(s.feed(), "Property", RunKind.FULL, "test",
                    RunListener.NONE)).isInstanceOf(FeedBusyException.class)
                    .hasMessageContaining("mlsync@").hasMessageContaining("pid " + ProcessHandle.current().pid())
                    .hasMessageContaining(" since ");
        }
    }

    /** Our own port, wrapped to fail in the middle of one page, as a crash would. */
    private static final class CrashingSource implements Source {
        private final Source delegate;
        private final int crashPage;
        private final int crashAfterRecords;
        private int pages;

        CrashingSource(Source delegate, int crashPage, int crashAfterRecords) {
            this.delegate = delegate;
            this.crashPage = crashPage;
            this.crashAfterRecords = crashAfterRecords;
        }

        @Override
        public PageReader openPage(PageRequest request) {
            PageReader reader = delegate.openPage(request);
            if (++pages < crashPage) {
                return reader;
            }
            return new PageReader() {
                private int read;

                @Override
                public String nextLink() {
                    return reader.nextLink();
                }

                @Override
                public boolean hasMore() {
                    return reader.hasMore();
                }

                @Override
                public long bytesRead() {
                    return reader.bytesRead();
                }

                @Override
                public void close() {
                    reader.close();
                }

                @Override
                public boolean hasNext() {
                    return reader.hasNext();
                }

                @Override
                public RawRecord next() {
                    if (++read > crashAfterRecords) {
                        throw new IllegalStateException("simulated crash in the middle of page " + pages);
                    }
                    return reader.next();
                }
            };
        }

        @Override
        public RecordShape shape(String resource) {
            return delegate.shape(resource);
        }

        @Override
        public long requestCount() {
            return delegate.requestCount();
        }
    }
}
