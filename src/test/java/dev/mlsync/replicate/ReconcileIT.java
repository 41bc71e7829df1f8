package dev.mlsync.replicate;

import dev.mlsync.App;
import dev.mlsync.config.AuthConfig;
import dev.mlsync.config.DatabaseConfig;
import dev.mlsync.config.FeedConfig;
import dev.mlsync.config.MlsyncConfig;
import dev.mlsync.config.ProfileOverrides;
import dev.mlsync.config.Provider;
import dev.mlsync.config.RateLimits;
import dev.mlsync.config.RetsConfig;
import dev.mlsync.config.StorageConfig;
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
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.EnumSource;

import java.net.URI;
import java.nio.file.Files;
import java.nio.file.Path;
import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.SQLException;
import java.sql.Statement;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.stream.Stream;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

/** Key reconciliation and purge against the simulator over loopback HTTP and embedded PostgreSQL. */
class ReconcileIT {
    private static final RateLimits SIMULATOR_LIMITS = new RateLimits(10_000, 600_000, 36_000_000, 864_000_000);
    private static final String TOKEN = "secret-for-reconcile-tests";
    private static final int LISTINGS = 200;

    /** A simulator, a database and an App over them; {@code other} points the same feed at another simulator. */
    record Setup(Simulator sim, String url, FeedConfig feed, App app, Replica replica, Path storage)
            implements AutoCloseable {
        static Setup of(SimProfile profile, List<String> resources) throws Exception {
            Simulator sim = Simulator.start(SimOptions.of(LISTINGS).withProfile(profile).withToken(TOKEN));
            String url = TestPostgres.freshDatabaseUrl();
            FeedConfig feed = feed(sim, profile, resources);
            Path storage = Files.createTempDirectory("mlsync-reconcile-it");
            return new Setup(sim, url, feed, app(feed, url, storage), new Replica(url, feed.id()), storage);
        }

        static FeedConfig feed(Simulator sim, SimProfile profile, List<String> resources) {
            if (profile == SimProfile.RETS) {
                RetsOptions rets = RetsOptions.defaults();
                return new FeedConfig("rets1", Provider.RETS, sim.retsLoginUrl(),
                        AuthConfig.password(rets.username(), rets.password(), null, null), null, List.of("Property"),
                        1000, ProfileOverrides.none(), SIMULATOR_LIMITS, null)
                        .withRets(new RetsConfig(null, List.of("A", "B", "C", "D", "E"), null, null, null, null, null,
                                null, null));
            }
            AuthConfig auth = profile == SimProfile.TRESTLE
                    ? AuthConfig.oauth2(sim.tokenUrl().toString(), "client", TOKEN, "api") : AuthConfig.bearer(TOKEN);
            return new FeedConfig("f1", Provider.valueOf(profile.name()), sim.serviceRoot(), auth,
                    sim.originatingSystem(), resources, 1000, ProfileOverrides.none(), SIMULATOR_LIMITS, null);
        }

        static App app(FeedConfig feed, String url, Path storage) {
            MlsyncConfig config = new MlsyncConfig(DatabaseConfig.ofDefaults(), List.of(feed))
                    .withStorage(StorageConfig.filesystem(storage, URI.create("https://cdn.example.test/photos/")));
            // Retries wait for nothing: a failing provider fails in milliseconds.
            return App.over(config, Database.connect(url, "postgres", null), Clock.systemUTC(), duration -> { });
        }

        void syncFull() {
            for (RunResult run : app.sync().sync(feed, null, RunKind.FULL, "test", RunListener.NONE)) {
                assertThat(run.succeeded()).as(run.error()).isTrue();
            }
        }

        List<ReconcileResult> reconcile(ReconcileOptions options) {
            return app.reconciler().reconcileAll(feed, null, options, "test", RunListener.NONE);
        }

        ReconcileResult reconcileProperty(ReconcileOptions options) {
            return app.reconciler().reconcile(feed, "Property", options, "test", RunListener.NONE);
        }

        List<String> liveKeys(int count) {
            return sim.truth("Property").stream().filter(t -> !t.deleted()).map(TruthRecord::key).limit(count).toList();
        }

        void sql(String... statements) throws SQLException {
            try (Connection c = DriverManager.getConnection(url, "postgres", null); Statement s = c.createStatement()) {
                for (String statement : statements) {
                    s.execute(statement);
                }
            }
        }

        long live() throws SQLException {
            return replica.count("SELECT count(*) FROM listing WHERE deleted_at IS NULL");
        }

        @Override
        public void close() {
            app.close();
            sim.close();
        }
    }

    @Test
    void reconcile_should_restore_records_removed_from_the_replica_and_delete_records_dropped_without_a_signal()
            throws Exception {
        try (Setup s = Setup.of(SimProfile.RESO, List.of("Property", "Member"))) {
            s.syncFull();
            List<String> keys = s.liveKeys(6);
            String stale = keys.get(5);
            s.sql("DELETE FROM listing_media WHERE listing_key IN ('" + keys.get(0) + "', '" + keys.get(1) + "')",
                    "DELETE FROM listing WHERE listing_key IN ('" + keys.get(0) + "', '" + keys.get(1) + "')",
                    "UPDATE listing SET modification_timestamp = modification_timestamp - interval '1 day', "
                            + "list_price = 1 WHERE listing_key = '" + stale + "'",
                    "DELETE FROM resource_record WHERE resource = 'Member' AND record_key = "
                            + "(SELECT min(record_key) FROM resource_record WHERE resource = 'Member')");
            s.sim().drop(keys.get(2));
            s.sim().drop(keys.get(3));
            assertThat(s.replica().differencesFrom(s.sim())).hasSize(5);

            List<ReconcileResult> results = s.reconcile(ReconcileOptions.DEFAULT);

            ReconcileResult property = results.getFirst();
            assertThat(property.resource()).isEqualTo("Property");
            assertThat(property.deleted()).containsExactlyInAnyOrder(keys.get(2), keys.get(3));
            assertThat(property.toFetch()).containsExactlyInAnyOrder(keys.get(0), keys.get(1), stale);
            assertThat(property.refetched().added()).isEqualTo(2);
            assertThat(property.refetched().updated()).isEqualTo(1);
            assertThat(results.get(1).resource()).isEqualTo("Member");
            assertThat(results.get(1).toFetch()).hasSize(1);
            assertThat(s.replica().differencesFrom(s.sim())).isEmpty();
            assertThat(s.replica().recordDifferencesFrom(s.sim(), "Member")).isEmpty();
            assertThat(s.replica().strings("SELECT record_key || ' ' || (data->>'reason') FROM change_event "
                    + "WHERE kind = 'deleted' ORDER BY record_key"))
                    .containsExactly(keys.get(2) + " reconcile", keys.get(3) + " reconcile");
            assertThat(s.replica().count("SELECT count(*) FROM listing_media WHERE listing_key IN ('" + keys.get(2)
                    + "', '" + keys.get(3) + "') AND (state <> 'gone' OR deleted_at IS NULL)")).isZero();
            assertThat(s.replica().count("SELECT count(*) FROM listing_media WHERE listing_key = '" + keys.get(0)
                    + "' AND deleted_at IS NULL")).isPositive();

            ReconcileResult again = s.reconcileProperty(ReconcileOptions.DEFAULT);
            assertThat(again.deleted()).isEmpty();
            assertThat(again.toFetch()).isEmpty();
        }
    }

    @ParameterizedTest
    @EnumSource(value = SimProfile.class, mode = EnumSource.Mode.EXCLUDE, names = "RETS")
    void every_profile_lists_keys_and_versions_that_match_a_fresh_replica(SimProfile profile) throws Exception {
        try (Setup s = Setup.of(profile, List.of("Property", "OpenHouse"))) {
            s.syncFull();
            String dropped = s.liveKeys(1).getFirst();
            s.sim().drop(dropped);

            List<ReconcileResult> results = s.reconcile(ReconcileOptions.DEFAULT);

            assertThat(results.get(0).deleted()).containsExactly(dropped);
            assertThat(results.get(0).toFetch()).as("versions compare equal on " + profile).isEmpty();
            assertThat(results.get(1).deleted()).isEmpty();
            assertThat(results.get(1).toFetch()).isEmpty();
            assertThat(results.get(1).providerKeys()).isEqualTo(results.get(1).live()).isPositive();
            assertThat(s.replica().differencesFrom(s.sim())).isEmpty();
        }
    }

    @Test
    void a_dry_run_reports_what_it_would_do_and_changes_nothing() throws Exception {
        try (Setup s = Setup.of(SimProfile.RESO, List.of("Property"))) {
            s.syncFull();
            List<String> keys = s.liveKeys(2);
            s.sql("DELETE FROM listing_media WHERE listing_key = '" + keys.get(0) + "'",
                    "DELETE FROM listing WHERE listing_key = '" + keys.get(0) + "'");
            s.sim().drop(keys.get(1));
            long live = s.live();

            ReconcileResult result = s.reconcileProperty(new ReconcileOptions(true, false));

            assertThat(result.deleted()).containsExactly(keys.get(1));
            assertThat(result.toFetch()).containsExactly(keys.get(0));
            assertThat(s.live()).isEqualTo(live);
            assertThat(s.replica().count("SELECT count(*) FROM listing WHERE listing_key = '" + keys.get(0) + "'")).isZero();
            assertThat(s.replica().count("SELECT count(*) FROM change_event WHERE kind <> 'created'"))
                    .as("no event beside the full load's").isZero();
        }
    }

    @Test
    void an_empty_key_listing_deletes_nothing_and_says_why() throws Exception {
        try (Setup s = Setup.of(SimProfile.RESO, List.of("Property"))) {
            s.syncFull();
            long live = s.live();
            try (Simulator outage = Simulator.start(SimOptions.of(LISTINGS).withToken(TOKEN)
                    .withFaults(SimFaults.parse("empty=1")));
                 App app = Setup.app(Setup.feed(outage, SimProfile.RESO, List.of("Property")), s.url(), s.storage())) {
                assertThatThrownBy(() -> app.reconciler().reconcile(app.config().feeds().getFirst(), "Property",
                        new ReconcileOptions(false, true), "test", RunListener.NONE))
                        .isInstanceOf(ReconcileRefusedException.class)
                        .hasMessageContaining("deleted nothing")
                        .hasMessageContaining("came back empty")
                        .hasMessageContaining("holds " + live + " live records");
            }
            assertThat(s.live()).isEqualTo(live);
            assertThat(s.replica().count("SELECT count(*) FROM change_event WHERE kind <> 'created'"))
                    .as("no event beside the full load's").isZero();
        }
    }

    @Test
    void a_failing_key_listing_deletes_nothing_and_says_why() throws Exception {
        try (Setup s = Setup.of(SimProfile.RESO, List.of("Property"))) {
            s.syncFull();
            long live = s.live();
            try (Simulator outage = Simulator.start(SimOptions.of(LISTINGS).withToken(TOKEN)
                    .withFaults(SimFaults.parse("http503=1")));
                 App app = Setup.app(Setup.feed(outage, SimProfile.RESO, List.of("Property")), s.url(), s.storage())) {
                assertThatThrownBy(() -> app.reconciler().reconcile(app.config().feeds().getFirst(), "Property",
                        ReconcileOptions.DEFAULT, "test", RunListener.NONE))
                        .isInstanceOf(ReconcileRefusedException.class)
                        .hasMessageContaining("deleted nothing")
                        .hasMessageContaining("key listing failed after 0 keys")
                        .hasMessageContaining("503");
                assertThat(outage.requests()).hasSizeGreaterThan(1); // retried before giving up
            }
            assertThat(s.live()).isEqualTo(live);
        }
    }

    @Test
    void more_than_the_share_cap_is_refused_with_the_numbers_unless_forced() throws Exception {
        try (Setup s = Setup.of(SimProfile.RESO, List.of("Property"))) {
            s.syncFull();
            long live = s.live();
            List<String> dropped = s.liveKeys(25);
            dropped.forEach(s.sim()::drop);

            assertThatThrownBy(() -> s.reconcileProperty(ReconcileOptions.DEFAULT))
                    .isInstanceOf(ReconcileRefusedException.class)
                    .hasMessageContaining("it would delete 25 of " + live + " live records")
                    .hasMessageContaining("more than lifecycle.maxDeleteShare 10.0 %")
                    .hasMessageContaining("--force");
            assertThat(s.live()).isEqualTo(live);

            ReconcileResult forced = s.reconcileProperty(new ReconcileOptions(false, true));
            assertThat(forced.deleted()).containsExactlyInAnyOrderElementsOf(dropped);
            assertThat(s.live()).isEqualTo(live - 25);
            assertThat(s.replica().differencesFrom(s.sim())).isEmpty();
        }
    }

    @Test
    void mls_grid_key_index_counts_only_viewable_records_and_deletes_a_dropped_one() throws Exception {
        try (Setup s = Setup.of(SimProfile.MLSGRID, List.of("Property"))) {
            s.syncFull();
            String dropped = s.liveKeys(1).getFirst();
            s.sim().drop(dropped);
            int before = s.sim().requests().size();

            ReconcileResult result = s.reconcileProperty(ReconcileOptions.DEFAULT);

            assertThat(result.deleted()).containsExactly(dropped);
            assertThat(result.providerKeys()).isEqualTo(s.sim().truth("Property").stream().filter(t -> !t.deleted()).count());
            List<String> asked = s.sim().requests().subList(before, s.sim().requests().size()).stream()
                    .map(r -> java.net.URLDecoder.decode(r.pathAndQuery(), java.nio.charset.StandardCharsets.UTF_8))
                    .toList();
            assertThat(asked).allSatisfy(q -> assertThat(q).contains("MlgCanView eq true")
                    .contains("OriginatingSystemName eq 'simmls'")
                    .contains("$select=ListingKey,ModificationTimestamp,MlgCanView").doesNotContain("$expand"));
            assertThat(s.replica().differencesFrom(s.sim())).isEmpty();
        }
    }

    @Test
    void a_rets_listing_dropped_by_the_server_is_deleted_by_reconcile() throws Exception {
        try (Setup s = Setup.of(SimProfile.RETS, List.of("Property"))) {
            s.syncFull();
            List<String> keys = s.liveKeys(2);
            s.sim().drop(keys.get(0));
            s.sql("DELETE FROM listing_media WHERE listing_key = '" + keys.get(1) + "'",
                    "DELETE FROM listing WHERE listing_key = '" + keys.get(1) + "'");
            RunResult incremental = s.app().sync().sync(s.feed(), null, RunKind.INCREMENTAL, "test", RunListener.NONE)
                    .getFirst();
            assertThat(incremental.counts().deleted()).isZero();
            assertThat(s.replica().count("SELECT count(*) FROM listing WHERE deleted_at IS NULL AND listing_key = '"
                    + keys.get(0) + "'")).as("RETS sends no deletion signal").isOne();

            ReconcileResult result = s.reconcileProperty(ReconcileOptions.DEFAULT);

            assertThat(result.deleted()).containsExactly(keys.get(0));
            assertThat(result.toFetch()).containsExactly(keys.get(1));
            assertThat(result.refetched().added()).isOne();
            assertThat(s.replica().strings("SELECT listing_key FROM listing WHERE deleted_at IS NOT NULL"))
                    .contains(keys.get(0));
            assertThat(s.replica().differencesFrom(s.sim()).stream().filter(d -> !d.contains(": media ")))
                    .as("RETS photos are Media records of their own keys").isEmpty();
            assertThat(s.sim().requests().stream().map(r -> r.pathAndQuery())
                    .filter(q -> q.contains("Select=LIST_1%2CLIST_87") || q.contains("Select=LIST_1,LIST_87")))
                    .isNotEmpty();
        }
    }

    @Test
    void purge_removes_old_deleted_listings_with_their_photos_but_keeps_an_edited_one_and_opens_one_conflict()
            throws Exception {
        try (Setup s = Setup.of(SimProfile.RESO, List.of("Property"))) {
            s.syncFull();
            List<String> keys = s.liveKeys(3);
            String plain = keys.get(0);
            String edited = keys.get(1);
            for (String key : List.of(plain, edited)) {
                s.app().media().fetchListing(s.feed().id(), key);
            }
            awaitDerivatives(s.app());
            List<Path> plainFiles = objectFiles(s, plain);
            List<Path> editedFiles = objectFiles(s, edited);
            assertThat(plainFiles).isNotEmpty().allMatch(Files::exists);
            s.sim().drop(plain);
            s.sim().drop(edited);
            s.sql("INSERT INTO listing_override (feed_id, listing_key, field, value, mls_value, set_by, set_at) "
                    + "VALUES ('f1', '" + edited + "', 'ListPrice', '123456', '1', 'agent@example.test', now())");
            assertThat(s.reconcileProperty(ReconcileOptions.DEFAULT).deleted()).containsExactlyInAnyOrder(plain, edited);

            Purger now = new Purger(s.app().database().purge(), s.app().objectStore(), Clock.systemUTC());
            assertThat(now.purge(s.feed())).isEqualTo(new Purger.Result(0, 0, 0));

            Purger later = new Purger(s.app().database().purge(), s.app().objectStore(),
                    Clock.offset(Clock.systemUTC(), Duration.ofDays(31)));
            Purger.Result result = later.purge(s.feed());

            assertThat(result.purged()).isOne();
            assertThat(result.held()).isOne();
            assertThat(result.objects()).isEqualTo(plainFiles.size());
            assertThat(plainFiles).noneMatch(Files::exists);
            assertThat(editedFiles).allMatch(Files::exists);
            assertThat(s.replica().count("SELECT count(*) FROM listing WHERE listing_key = '" + plain + "'")).isZero();
            assertThat(s.replica().count("SELECT count(*) FROM listing_media WHERE listing_key = '" + plain + "'")).isZero();
            assertThat(s.replica().count("SELECT count(*) FROM listing WHERE listing_key = '" + edited
                    + "' AND purge_held_at IS NOT NULL AND deleted_at IS NOT NULL")).isOne();
            assertThat(s.replica().strings("SELECT kind || ' ' || status || ' ' || (local_value->>'ListPrice') "
                    + "FROM listing_conflict WHERE listing_key = '" + edited + "'"))
                    .containsExactly("listing_purged open 123456");
            assertThat(s.replica().strings("SELECT kind || ' ' || record_key FROM change_event "
                    + "WHERE kind IN ('purged', 'conflict_opened') ORDER BY id"))
                    .containsExactlyInAnyOrder("purged " + plain, "conflict_opened " + edited);

            assertThat(later.purge(s.feed())).isEqualTo(new Purger.Result(0, 0, 0));
            assertThat(s.replica().count("SELECT count(*) FROM listing_conflict")).isOne();
        }
    }

    @Test
    void diff_shows_exactly_the_fields_the_provider_changed_since_the_last_sync() throws Exception {
        try (Setup s = Setup.of(SimProfile.RESO, List.of("Property"))) {
            s.syncFull();
            java.util.Map<String, Instant> synced = new java.util.HashMap<>();
            s.sim().truth("Property").forEach(t -> synced.put(t.key(), t.modificationTimestamp()));
            s.sim().advance(Duration.ofHours(3));
            ListingDiff diff = s.app().listingDiff();
            java.util.Set<String> changeFields = java.util.Set.of("ModificationTimestamp", "ListPrice", "StandardStatus",
                    "MlsStatus", "StatusChangeTimestamp", "ClosePrice", "CloseDate", "PhotosChangeTimestamp", "PhotosCount");
            List<String> changed = new java.util.ArrayList<>();
            for (TruthRecord t : s.sim().truth("Property")) {
                Instant before = synced.get(t.key());
                if (t.deleted() || before == null) {
                    continue;
                }
                ListingDiff.Result result = diff.diff(s.feed(), "Property", t.key());
                List<String> fields = result.fields().stream().map(ListingDiff.FieldDifference::field).toList();
                if (before.equals(t.modificationTimestamp())) {
                    assertThat(fields).as(t.key() + " did not change").isEmpty();
                } else {
                    changed.add(t.key());
                    assertThat(fields).as(t.key()).contains("ModificationTimestamp");
                    assertThat(changeFields).as(t.key() + " changed " + fields).containsAll(fields);
                }
            }
            assertThat(changed).isNotEmpty();
            s.app().sync().sync(s.feed(), null, RunKind.INCREMENTAL, "test", RunListener.NONE);
            for (String key : changed) {
                assertThat(diff.diff(s.feed(), "Property", key).fields()).as(key + " after the sync").isEmpty();
            }
        }
    }

    @Test
    void diff_of_a_rets_listing_shows_the_touched_timestamp_and_a_dropped_listing_as_gone() throws Exception {
        try (Setup s = Setup.of(SimProfile.RETS, List.of("Property"))) {
            s.syncFull();
            List<String> keys = s.liveKeys(2);
            s.sim().touch(keys.get(0));
            s.sim().drop(keys.get(1));

            ListingDiff.Result touched = s.app().listingDiff().diff(s.feed(), "Property", keys.get(0));
            ListingDiff.Result dropped = s.app().listingDiff().diff(s.feed(), "Property", keys.get(1));

            assertThat(touched.fields()).extracting(ListingDiff.FieldDifference::field)
                    .containsExactly("ModificationTimestamp");
            assertThat(dropped.inReplica()).isTrue();
            assertThat(dropped.atProvider()).isFalse();
        }
    }

    private static void awaitDerivatives(App app) throws InterruptedException {
        Instant deadline = Instant.now().plusSeconds(30);
        while (!app.media().derivativesIdle() && Instant.now().isBefore(deadline)) {
            Thread.sleep(50);
        }
    }

    private static List<Path> objectFiles(Setup s, String listingKey) throws SQLException {
        return Stream.concat(
                s.replica().strings("SELECT object_key FROM listing_media WHERE listing_key = '" + listingKey
                        + "' AND object_key IS NOT NULL").stream(),
                s.replica().strings("SELECT d.object_key FROM media_derivative d JOIN listing_media m USING (feed_id, media_key) "
                        + "WHERE m.listing_key = '" + listingKey + "'").stream())
                .map(key -> s.storage().resolve(key)).toList();
    }
}
