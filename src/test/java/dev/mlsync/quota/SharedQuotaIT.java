package dev.mlsync.quota;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.catchThrowableOfType;

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
import dev.mlsync.sim.RequestLogCheck;
import dev.mlsync.sim.RequestLogEntry;
import dev.mlsync.sim.SimLimits;
import dev.mlsync.sim.SimOptions;
import dev.mlsync.sim.SimProfile;
import dev.mlsync.sim.Simulator;
import dev.mlsync.store.Database;
import dev.mlsync.testing.Replica;
import dev.mlsync.testing.TestPostgres;
import java.net.URI;
import java.net.URLEncoder;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.time.temporal.ChronoUnit;
import java.util.List;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import org.junit.jupiter.api.Test;

/**
 * The quota against a simulator that enforces limits, checked in the simulator's own request log: several
 * processes (App instances on one database) together, a hidden limit, the breaker and the provider's
 * quota headers.
 */
class SharedQuotaIT {
    private static final String TOKEN = "shared-quota-token";
    private static final List<String> RESOURCES = List.of("Property", "Member", "Office", "OpenHouse");

    private static FeedConfig feed(String id, Simulator sim, Provider provider, RateLimits limits) {
        return feed(id, sim, provider, limits, 50);
    }

    private static FeedConfig feed(String id, Simulator sim, Provider provider, RateLimits limits, int pageSize) {
        return new FeedConfig(id, provider, sim.serviceRoot(), AuthConfig.bearer(TOKEN), sim.originatingSystem(),
                RESOURCES, pageSize, ProfileOverrides.none(), limits, null);
    }

    private static App app(String url, List<FeedConfig> feeds, Clock clock, Sleeper sleeper) {
        return App.over(new MlsyncConfig(DatabaseConfig.ofDefaults(), feeds), Database.connect(url, "postgres", null),
                clock, sleeper);
    }

    private static List<RunResult> fullSync(App app, FeedConfig feed) {
        return app.sync().sync(feed, null, RunKind.FULL, "test", RunListener.NONE);
    }

    @Test
    void two_processes_on_one_database_should_together_never_exceed_a_window() throws Exception {
        SimLimits enforced = SimLimits.ofProfile(SimProfile.MLSGRID).overriddenBy("perSecond=4,perMinute=100");
        try (Simulator sim = Simulator.start(SimOptions.of(300).withProfile(SimProfile.MLSGRID).withToken(TOKEN)
                .withLimits(enforced))) {
            String url = TestPostgres.freshDatabaseUrl();
            RateLimits limits = new RateLimits(4, 100, null, null);
            FeedConfig production = feed("production", sim, Provider.MLSGRID, limits);
            FeedConfig staging = feed("staging", sim, Provider.MLSGRID, limits);
            try (App first = app(url, List.of(production), Clock.systemUTC(), Sleeper.system());
                 App second = app(url, List.of(staging), Clock.systemUTC(), Sleeper.system());
                 ExecutorService processes = Executors.newFixedThreadPool(2)) {
                Future<List<RunResult>> a = processes.submit(() -> fullSync(first, production));
                Future<List<RunResult>> b = processes.submit(() -> fullSync(second, staging));
                assertThat(a.get()).allSatisfy(r -> assertThat(r.succeeded()).as(r.error()).isTrue());
                assertThat(b.get()).allSatisfy(r -> assertThat(r.succeeded()).as(r.error()).isTrue());
            }
            assertThat(sim.requests()).hasSizeGreaterThan(15).noneMatch(r -> r.status() == 429);
            assertThat(sim.windowsExceeded(enforced)).isEmpty();
            assertThat(sim.suspensions()).isEmpty();
            assertThat(new Replica(url, "production").differencesFrom(sim)).isEmpty();
            assertThat(new Replica(url, "staging").differencesFrom(sim)).isEmpty();
        }
    }

    /**
     * Client and simulator share a clock that moves only when the client waits, so the outcome depends on what the
     * client decides, never on how fast a loaded machine answers: every request not separated by a wait lands in
     * the simulator's same second, as the quickest possible answers would.
     */
    @Test
    void a_hidden_limit_at_half_the_published_rate_should_be_found_and_never_suspend_the_token() throws Exception {
        SteppingClock clock = SteppingClock.at("2026-05-01T10:00:00.200Z");
        SimLimits enforced = SimLimits.ofProfile(SimProfile.MLSGRID)
                .overriddenBy("perSecond=6,hiddenPerSecond=3,suspendAfter=4");
        try (Simulator sim = Simulator.start(SimOptions.of(240).withProfile(SimProfile.MLSGRID).withToken(TOKEN)
                .withLimits(enforced).withClock(clock))) {
            String url = TestPostgres.freshDatabaseUrl();
            FeedConfig grid = feed("grid", sim, Provider.MLSGRID, new RateLimits(6, null, null, null), 10);
            try (App app = app(url, List.of(grid), clock, clock)) {
                assertThat(fullSync(app, grid)).allSatisfy(r -> assertThat(r.succeeded()).as(r.error()).isTrue());
                assertThat(app.quota(grid).view().adaptiveRate()).isLessThanOrEqualTo(3.0);
                assertThat(app.quota(grid).view().breakerOpen()).isFalse();
            }
            List<RequestLogEntry> log = sim.requests();
            long throttled = log.stream().filter(r -> r.status() == 429).count();
            assertThat(throttled).as("the first 429 finds the limit").isEqualTo(1);
            int lastThrottled = log.stream().map(RequestLogEntry::status).toList().lastIndexOf(429);
            assertThat(lastThrottled).as("then the rate settles below it").isLessThan(log.size() / 4);
            Instant resent = log.get(lastThrottled + 1).received();
            assertThat(resent).as("the next request waits out the 429's second")
                    .isAfterOrEqualTo(log.get(lastThrottled).at().plusSeconds(1));
            Instant throttledSecond = log.get(lastThrottled).received().truncatedTo(ChronoUnit.SECONDS);
            assertThat(sim.windowsExceeded(enforced.overriddenBy("perSecond=3")))
                    .as("only the second of the 429 held more requests than the hidden limit")
                    .extracting(RequestLogCheck.Breach::windowStart).containsOnly(throttledSecond);
            assertThat(sim.suspensions()).isEmpty();
            assertThat(new Replica(url, "grid").differencesFrom(sim)).isEmpty();
        }
    }

    @Test
    void consecutive_429s_should_open_the_breaker_send_nothing_during_the_cool_down_then_probe_once()
            throws Exception {
        SteppingClock clock = SteppingClock.at("2026-05-01T10:00:00.200Z");
        SimLimits enforced = SimLimits.ofProfile(SimProfile.MLSGRID).overriddenBy("perSecond=1");
        try (Simulator sim = Simulator.start(SimOptions.of(5).withProfile(SimProfile.MLSGRID).withToken(TOKEN)
                .withLimits(enforced).withSuspension(Duration.ofMinutes(45)).withClock(clock));
             Database database = TestPostgres.freshDatabase()) {
            FeedConfig feed = feed("grid", sim, Provider.MLSGRID, new RateLimits(5, null, null, null));
            Quota quota = Quota.of(feed, database.quota(), clock, clock);
            HttpClient client = QuotaHttpClient.of(HttpClient.newHttpClient(), quota);
            assertThat(get(client, sim)).isEqualTo(200);
            for (int i = 0; i < 3; i++) {
                assertThat(get(client, sim)).as("the simulator suspended the token for 45 minutes").isEqualTo(429);
            }
            Instant opened = clock.instant();
            assertThat(quota.view().suspendedUntil()).isEqualTo(opened.plus(QuotaPolicy.MLSGRID_COOL_DOWN));

            clock.advance(QuotaPolicy.MLSGRID_COOL_DOWN.minusSeconds(1));
            assertThat(catchThrowableOfType(QuotaSuspendedException.class, () -> get(client, sim)).until())
                    .isEqualTo(opened.plus(QuotaPolicy.MLSGRID_COOL_DOWN));
            clock.advance(Duration.ofSeconds(1));
            assertThat(get(client, sim)).as("the half-open probe, still suspended").isEqualTo(429);
            Instant reopened = clock.instant();
            assertThat(quota.view().suspendedUntil()).isEqualTo(reopened.plus(QuotaPolicy.MLSGRID_COOL_DOWN));
            clock.advance(QuotaPolicy.MLSGRID_COOL_DOWN);
            assertThat(get(client, sim)).as("the second probe, after the simulator's suspension").isEqualTo(200);
            assertThat(quota.view().breakerOpen()).isFalse();
            assertThat(quota.view().halfOpen()).isFalse();
            assertThat(get(client, sim)).isEqualTo(200);

            List<Instant> sent = sim.requests().stream().map(RequestLogEntry::received).toList();
            assertThat(sent).hasSize(7);
            assertThat(sent.subList(4, 7)).as("nothing between opening and each probe")
                    .containsExactly(opened.plus(QuotaPolicy.MLSGRID_COOL_DOWN), reopened.plus(QuotaPolicy.MLSGRID_COOL_DOWN),
                            sent.get(6));
            assertThat(sent.get(3)).isEqualTo(opened);
            assertThat(sim.suspensions()).hasSize(1);
        }
    }

    @Test
    void an_exhausted_provider_quota_header_should_hold_requests_until_its_reset() throws Exception {
        SteppingClock clock = SteppingClock.at("2026-05-01T10:00:10Z");
        SimLimits enforced = SimLimits.ofProfile(SimProfile.BRIDGE).overriddenBy("perMinute=4");
        try (Simulator sim = Simulator.start(SimOptions.of(5).withProfile(SimProfile.BRIDGE).withToken(TOKEN)
                .withLimits(enforced).withClock(clock));
             Database database = TestPostgres.freshDatabase()) {
            FeedConfig feed = feed("bridge", sim, Provider.BRIDGE, new RateLimits(null, 100, null, null));
            Quota quota = Quota.of(feed, database.quota(), clock, clock);
            HttpClient client = QuotaHttpClient.of(HttpClient.newHttpClient(), quota);

            for (int i = 0; i < 6; i++) {
                assertThat(get(client, sim)).isEqualTo(200);
            }

            assertThat(sim.requests()).noneMatch(r -> r.status() == 429);
            assertThat(sim.requests().get(4).received()).isEqualTo(Instant.parse("2026-05-01T10:01:00Z"));
        }
    }

    @Test
    void a_provider_counting_more_than_this_database_sent_should_warn_credential_used_elsewhere() throws Exception {
        SimLimits enforced = SimLimits.ofProfile(SimProfile.BRIDGE).overriddenBy("perHour=200");
        try (Simulator sim = Simulator.start(SimOptions.of(5).withProfile(SimProfile.BRIDGE).withToken(TOKEN)
                .withLimits(enforced));
             Database database = TestPostgres.freshDatabase()) {
            FeedConfig feed = feed("bridge", sim, Provider.BRIDGE, new RateLimits(null, null, 200, null));
            HttpClient elsewhere = HttpClient.newHttpClient();
            for (int i = 0; i < 20; i++) {
                get(elsewhere, sim);
            }
            Quota quota = Quota.of(feed, database.quota(), Clock.systemUTC(), Sleeper.system());

            get(QuotaHttpClient.of(HttpClient.newHttpClient(), quota), sim);

            assertThat(quota.view().warning()).startsWith("credential used elsewhere: the provider counts 21 of 200")
                    .endsWith("this deployment sent 1");
            assertThat(Quota.view(feed, database.quota(), Clock.systemUTC()).warningAt()).isNotNull();
        }
    }

    private static int get(HttpClient client, Simulator sim) throws Exception {
        String filter = URLEncoder.encode("OriginatingSystemName eq '" + sim.originatingSystem() + "'",
                StandardCharsets.UTF_8).replace("+", "%20");
        URI uri = URI.create(sim.serviceRoot() + "Property?$top=1"
                + (sim.originatingSystem() == null ? "" : "&$filter=" + filter));
        HttpRequest request = HttpRequest.newBuilder(uri).header("Authorization", "Bearer " + TOKEN)
                .header("Accept-Encoding", "gzip").build();
        return client.send(request, HttpResponse.BodyHandlers.discarding()).statusCode();
    }
}
