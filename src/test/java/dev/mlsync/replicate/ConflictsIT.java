package dev.mlsync.replicate;

import com.fasterxml.jackson.databind.node.IntNode;
import com.fasterxml.jackson.databind.node.TextNode;
import dev.mlsync.App;
import dev.mlsync.config.AuthConfig;
import dev.mlsync.config.ConflictPolicy;
import dev.mlsync.config.DatabaseConfig;
import dev.mlsync.config.FeedConfig;
import dev.mlsync.config.LifecycleConfig;
import dev.mlsync.config.MlsyncConfig;
import dev.mlsync.config.ProfileOverrides;
import dev.mlsync.config.Provider;
import dev.mlsync.config.RateLimits;
import dev.mlsync.sim.SimOptions;
import dev.mlsync.sim.SimProfile;
import dev.mlsync.sim.Simulator;
import dev.mlsync.sim.TruthRecord;
import dev.mlsync.store.ConflictRow;
import dev.mlsync.store.Database;
import dev.mlsync.testing.Replica;
import dev.mlsync.testing.TestPostgres;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.EnumSource;

import java.time.Clock;
import java.util.List;
import java.util.Map;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * Local edits meeting MLS changes, against the simulator over HTTP into embedded PostgreSQL. The MLS changes one
 * chosen listing: {@code corrupt} makes the simulator serve a new value for a field and {@code touch} gives the
 * listing a new ModificationTimestamp, so the next incremental run brings exactly that change.
 */
class ConflictsIT {
    private record Setup(Simulator sim, App app, FeedConfig feed, Replica replica, ListingEdits edits)
            implements AutoCloseable {
        static Setup of(ConflictPolicy policy) {
            Simulator sim = Simulator.start(SimOptions.of(40).withProfile(SimProfile.RESO).withToken("edits"));
            String url = TestPostgres.freshDatabaseUrl();
            Database database = Database.connect(url, "postgres", null);
            FeedConfig feed = new FeedConfig("ed", Provider.RESO, sim.serviceRoot(), AuthConfig.bearer("edits"),
                    sim.originatingSystem(), List.of("Property"), 100, ProfileOverrides.none(),
                    new RateLimits(10_000, null, null, null), null)
                    .withLifecycle(new LifecycleConfig(policy, 0.1, java.time.Duration.ofDays(30)));
            App app = App.over(new MlsyncConfig(DatabaseConfig.ofDefaults(), List.of(feed)), database, Clock.systemUTC());
            Setup setup = new Setup(sim, app, feed, new Replica(url, "ed"), app.listingEdits());
            setup.sync(RunKind.FULL);
            return setup;
        }

        void sync(RunKind kind) {
            assertThat(app.sync().sync(feed, null, kind, "test", RunListener.NONE))
                    .allSatisfy(r -> assertThat(r.succeeded()).as(r.error()).isTrue());
        }

        /** The MLS changes one field of one listing; the next incremental run brings it. */
        void mlsChanges(String key, String field, String json) {
            sim.corrupt("Property", key, field, json);
            sim.touch(key);
        }

        String key(int index) {
            return sim.truth("Property").stream().filter(t -> !t.deleted()).map(TruthRecord::key).sorted()
                    .toList().get(index);
        }

        String sql(String query) throws Exception {
            List<String> values = replica.strings(query);
            return values.isEmpty() ? null : values.getFirst();
        }

        long count(String query) throws Exception {
            return replica.count(query);
        }

        @Override
        public void close() {
            app.close();
            sim.close();
        }
    }

    @Test
    void an_override_should_survive_mls_updates_to_other_fields() throws Exception {
        try (Setup s = Setup.of(ConflictPolicy.MANUAL)) {
            String key = s.key(0);
            String mlsPrice = s.sql("SELECT list_price::text FROM listing WHERE listing_key = '" + key + "'");
            String mlsJson = s.sql("SELECT raw ->> 'ListPrice' FROM listing WHERE listing_key = '" + key + "'");
            s.edits().set("ed", key, Map.of("ListPrice", IntNode.valueOf(123_456),
                    "PublicRemarks", TextNode.valueOf("Freshly painted")), "agent-ann");

            s.mlsChanges(key, "City", "\"Elsewhere\"");
            s.sync(RunKind.INCREMENTAL);
            s.sim().touch(key); // a second MLS update that changes nothing of ours
            s.sync(RunKind.INCREMENTAL);

            String where = " WHERE feed_id = 'ed' AND listing_key = '" + key + "'";
            assertThat(s.sql("SELECT list_price::text || ' ' || city FROM listing" + where))
                    .as("the listing table keeps the pure MLS copy").isEqualTo(mlsPrice + " Elsewhere");
            assertThat(s.sql("SELECT list_price::text || ' ' || city || ' ' || (raw ->> 'PublicRemarks') || ' '"
                    + " || array_to_string(overridden_fields, ',') FROM listing_effective" + where))
                    .isEqualTo("123456.00 Elsewhere Freshly painted ListPrice,PublicRemarks");
            assertThat(s.sql("SELECT set_by || ' ' || mls_value::text FROM listing_override" + where
                    + " AND field = 'ListPrice'")).isEqualTo("agent-ann " + mlsJson);
            assertThat(s.count("SELECT count(*) FROM listing_conflict")).isZero();
            assertThat(s.count("SELECT count(*) FROM change_event WHERE kind LIKE 'conflict%'")).isZero();
        }
    }

    @ParameterizedTest
    @EnumSource(ConflictPolicy.class)
    void an_mls_change_to_an_overridden_field_should_open_a_conflict_that_the_policy_settles(ConflictPolicy policy)
            throws Exception {
        try (Setup s = Setup.of(policy)) {
            String key = s.key(1);
            String where = " WHERE feed_id = 'ed' AND listing_key = '" + key + "'";
            String before = s.sql("SELECT raw ->> 'ListPrice' FROM listing" + where);
            s.edits().set("ed", key, Map.of("ListPrice", IntNode.valueOf(100_000)), "agent-bo");

            s.mlsChanges(key, "ListPrice", "777000");
            s.sync(RunKind.INCREMENTAL);

            List<ConflictRow> conflicts = s.edits().conflicts("ed", "all", 10);
            assertThat(conflicts).hasSize(1);
            ConflictRow conflict = conflicts.getFirst();
            assertThat(conflict.listingKey()).isEqualTo(key);
            assertThat(conflict.field()).isEqualTo("ListPrice");
            assertThat(conflict.kind()).isEqualTo("field_changed");
            assertThat(conflict.localValueJson()).isEqualTo("100000");
            assertThat(conflict.mlsBeforeJson()).isEqualTo(before);
            assertThat(conflict.mlsValueJson()).isEqualTo("777000");
            assertThat(conflict.policy()).isEqualTo(policy.configName());
            String effective = s.sql("SELECT list_price::text FROM listing_effective" + where);
            String events = String.join(",", s.replica().strings(
                    "SELECT kind || ':' || (data ->> 'conflictId') FROM change_event WHERE record_key = '" + key
                            + "' AND kind LIKE 'conflict%' ORDER BY id"));
            switch (policy) {
                case MLS_WINS -> {
                    assertThat(conflict.status() + " " + conflict.resolution() + " " + conflict.resolvedBy())
                            .isEqualTo("resolved mls policy");
                    assertThat(s.edits().overrides("ed", key)).isEmpty();
                    assertThat(effective).isEqualTo("777000.00");
                    assertThat(events).isEqualTo("conflict_opened:" + conflict.id() + ",conflict_resolved:" + conflict.id());
                }
                case LOCAL_WINS -> {
                    assertThat(conflict.status() + " " + conflict.resolution() + " " + conflict.resolvedBy())
                            .isEqualTo("resolved local policy");
                    assertThat(s.edits().overrides("ed", key)).singleElement()
                            .satisfies(o -> assertThat(o.mlsValueJson()).isEqualTo("777000"));
                    assertThat(effective).isEqualTo("100000.00");
                    assertThat(events).isEqualTo("conflict_opened:" + conflict.id() + ",conflict_resolved:" + conflict.id());
                }
                case MANUAL -> {
                    assertThat(conflict.status()).isEqualTo("open");
                    assertThat(conflict.resolution()).isNull();
                    assertThat(s.edits().overrides("ed", key)).singleElement()
                            .satisfies(o -> assertThat(o.mlsValueJson()).isEqualTo(before));
                    assertThat(effective).isEqualTo("100000.00");
                    assertThat(events).isEqualTo("conflict_opened:" + conflict.id());

                    // A later MLS change updates the open conflict instead of opening a second one.
                    s.mlsChanges(key, "ListPrice", "888000");
                    s.sync(RunKind.INCREMENTAL);
                    assertThat(s.edits().conflicts("ed", "all", 10)).singleElement()
                            .satisfies(c -> assertThat(c.mlsValueJson()).isEqualTo("888000"));

                    ConflictRow resolved = s.edits().resolve(conflict.id(), "local", "agent-bo");
                    assertThat(resolved.status() + " " + resolved.resolution() + " " + resolved.resolvedBy())
                            .isEqualTo("resolved local agent-bo");
                    assertThat(s.edits().overrides("ed", key)).singleElement()
                            .satisfies(o -> assertThat(o.mlsValueJson()).isEqualTo("888000"));
                }
            }
            // The same MLS value again (another update of the listing) opens nothing new.
            s.sim().touch(key);
            s.sync(RunKind.INCREMENTAL);
            assertThat(s.edits().conflicts("ed", "all", 10)).hasSize(1);
        }
    }

    @Test
    void a_deleted_listing_with_overrides_should_get_a_listing_deleted_conflict_and_keep_its_edits() throws Exception {
        try (Setup s = Setup.of(ConflictPolicy.MANUAL)) {
            String deleted = s.key(2);
            String withdrawn = s.key(3);
            s.edits().set("ed", deleted, Map.of("PublicRemarks", TextNode.valueOf("Our own words")), "agent-cy");
            s.edits().set("ed", withdrawn, Map.of("ListPrice", IntNode.valueOf(1)), "agent-cy");

            s.mlsChanges(deleted, "StandardStatus", "\"Delete\"");
            s.mlsChanges(withdrawn, "StandardStatus", "\"Withdrawn\"");
            s.sync(RunKind.INCREMENTAL);

            List<ConflictRow> open = s.edits().conflicts("ed", "open", 10);
            assertThat(open).extracting(c -> c.listingKey() + " " + c.field() + " " + c.kind() + " " + c.mlsValueJson())
                    .containsExactlyInAnyOrder(deleted + " null listing_deleted \"Delete\"",
                            withdrawn + " null listing_withdrawn \"Withdrawn\"");
            assertThat(open).filteredOn(c -> c.listingKey().equals(deleted)).singleElement()
                    .satisfies(c -> assertThat(c.localValueJson()).isEqualTo("{\"PublicRemarks\": \"Our own words\"}"));
            assertThat(s.sql("SELECT (deleted_at IS NOT NULL) || ' ' || (raw ->> 'PublicRemarks') FROM listing_effective"
                    + " WHERE listing_key = '" + deleted + "'")).isEqualTo("true Our own words");
            assertThat(s.edits().overrides("ed", deleted)).hasSize(1);
            assertThat(s.count("SELECT count(*) FROM change_event WHERE kind = 'conflict_opened'")).isEqualTo(2);

            ConflictRow dropped = s.edits().resolve(open.stream().filter(c -> c.listingKey().equals(deleted))
                    .findFirst().orElseThrow().id(), "mls", "agent-cy");
            assertThat(dropped.resolution()).isEqualTo("mls");
            assertThat(s.edits().overrides("ed", deleted)).isEmpty();
            assertThat(s.count("SELECT count(*) FROM change_event WHERE kind = 'conflict_resolved'")).isEqualTo(1);
        }
    }

    @Test
    void a_feed_without_overrides_should_open_no_conflicts() throws Exception {
        try (Setup s = Setup.of(ConflictPolicy.MANUAL)) {
            s.sim().advance(java.time.Duration.ofHours(3));
            s.sync(RunKind.INCREMENTAL);
            assertThat(s.count("SELECT count(*) FROM listing_conflict")).isZero();
        }
    }
}
