package dev.mlsync.quota;

import dev.mlsync.App;
import dev.mlsync.config.AuthConfig;
import dev.mlsync.config.DatabaseConfig;
import dev.mlsync.config.FeedConfig;
import dev.mlsync.config.MlsyncConfig;
import dev.mlsync.config.ProfileOverrides;
import dev.mlsync.config.Provider;
import dev.mlsync.config.RateLimits;
import dev.mlsync.replicate.RunKind;
import dev.mlsync.replicate.RunListener;
import dev.mlsync.sim.SimLimits;
import dev.mlsync.sim.SimOptions;
import dev.mlsync.sim.SimProfile;
import dev.mlsync.sim.Simulator;
import dev.mlsync.store.Database;
import dev.mlsync.testing.Replica;
import dev.mlsync.testing.TestPostgres;
import org.junit.jupiter.api.Test;

import java.time.Clock;
import java.time.Duration;
import java.util.List;

import static org.assertj.core.api.Assertions.assertThat;

/** Replication against a simulator that enforces MLS Grid's limits (a 429 suspends the token). */
class ProviderLimitsIT {
    private static final String TOKEN = "limits-test-token";

    @Test
    void full_and_incremental_replication_under_mls_grid_limits_should_never_be_throttled() throws Exception {
        SimLimits enforced = SimLimits.ofProfile(SimProfile.MLSGRID).overriddenBy("perSecond=4");
        try (Simulator sim = Simulator.start(SimOptions.of(1200).withProfile(SimProfile.MLSGRID).withToken(TOKEN)
                .withLimits(enforced))) {
            String url = TestPostgres.freshDatabaseUrl();
            FeedConfig feed = new FeedConfig("grid", Provider.MLSGRID, sim.serviceRoot(), AuthConfig.bearer(TOKEN),
                    sim.originatingSystem(), List.of("Property", "Member", "Office", "OpenHouse"), 100,
                    ProfileOverrides.none(), new RateLimits(4, null, null, null), null);
            try (App app = App.over(new MlsyncConfig(DatabaseConfig.ofDefaults(), List.of(feed)),
                    Database.connect(url, "postgres", null), Clock.systemUTC())) {
                assertThat(app.sync().sync(feed, null, RunKind.FULL, "test", RunListener.NONE))
                        .allSatisfy(r -> assertThat(r.succeeded()).as(r.error()).isTrue());
                sim.advance(Duration.ofHours(2));
                assertThat(app.sync().sync(feed, null, RunKind.INCREMENTAL, "test", RunListener.NONE))
                        .allSatisfy(r -> assertThat(r.succeeded()).as(r.error()).isTrue());
            }
            assertThat(sim.requests()).hasSizeGreaterThan(20).noneMatch(r -> r.status() == 429);
            assertThat(sim.windowsExceeded(enforced)).isEmpty();
            assertThat(sim.suspensions()).isEmpty();
            assertThat(new Replica(url, "grid").differencesFrom(sim)).isEmpty();
        }
    }
}
