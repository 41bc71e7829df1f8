package dev.mlsync.quota;

import static org.assertj.core.api.Assertions.assertThat;

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
import dev.mlsync.replicate.RunResult;
import dev.mlsync.sim.RequestLogEntry;
import dev.mlsync.sim.SimOptions;
import dev.mlsync.sim.SimProfile;
import dev.mlsync.sim.Simulator;
import dev.mlsync.store.Database;
import dev.mlsync.testing.TestPostgres;
import java.time.Clock;
import java.time.Duration;
import java.util.List;
import org.junit.jupiter.api.Test;

/**
 * Every request App's sources send passes the feed's quota: replication against the simulator
 * over loopback HTTP, checked in the simulator's own request log.
 */
class QuotaWiringIT {
    private static final String TOKEN = "quota-wiring-token";

    private static FeedConfig feed(Simulator sim, Provider provider, RateLimits limits) {
        AuthConfig auth = provider == Provider.TRESTLE
                ? AuthConfig.oauth2(sim.tokenUrl().toString(), "client", TOKEN, "api")
                : AuthConfig.bearer(TOKEN);
        return new FeedConfig("wired", provider, sim.serviceRoot(), auth, sim.originatingSystem(),
                List.of("Property"), 5, ProfileOverrides.none(), limits, null);
    }

    private static List<RunResult> sync(Simulator sim, FeedConfig feed, Database database) {
        App app = App.over(new MlsyncConfig(DatabaseConfig.ofDefaults(), List.of(feed)), database, Clock.systemUTC());
        List<RunResult> results = app.sync().sync(feed, null, RunKind.FULL, "test", RunListener.NONE);
        assertThat(results).allMatch(RunResult::succeeded);
        return results;
    }

    /**
     * The largest number of requests that arrived at the simulator within any one second (what a provider counts;
     * when their answers finished depends on how loaded the machine is).
     */
    private static long busiestSecond(List<RequestLogEntry> log) {
        long busiest = 0;
        for (RequestLogEntry first : log) {
            busiest = Math.max(busiest, log.stream().filter(e -> !e.received().isBefore(first.received())
                    && e.received().isBefore(first.received().plus(Duration.ofSeconds(1)))).count());
        }
        return busiest;
    }

    @Test
    void a_burst_of_page_requests_should_never_exceed_the_per_second_limit() {
        try (Simulator sim = Simulator.start(SimOptions.of(40).withProfile(SimProfile.RESO).withToken(TOKEN));
             Database database = TestPostgres.freshDatabase()) {
            FeedConfig feed = feed(sim, Provider.RESO, new RateLimits(3, null, null, null));

            sync(sim, feed, database);

            List<RequestLogEntry> log = sim.requests();
            assertThat(log).hasSizeGreaterThan(6);
            assertThat(busiestSecond(log)).isLessThanOrEqualTo(3);
        }
    }

    @Test
    void token_data_and_media_requests_should_all_count_against_the_feeds_quota() {
        try (Simulator sim = Simulator.start(SimOptions.of(12).withProfile(SimProfile.TRESTLE).withToken(TOKEN));
             Database database = TestPostgres.freshDatabase()) {
            FeedConfig feed = feed(sim, Provider.TRESTLE, RateLimits.none());

            sync(sim, feed, database);

            QuotaView view = Quota.view(feed, database.quota(), Clock.systemUTC());
            assertThat(sim.requests()).anyMatch(e -> e.method().equals("POST"));
            assertThat(view.usedThisHour()).isEqualTo(sim.requests().size());
            assertThat(view.limits().perMinute()).isEqualTo(180);
        }
    }
}
