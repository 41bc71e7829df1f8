package dev.mlsync.quota;

import static org.assertj.core.api.Assertions.assertThat;

import dev.mlsync.config.AuthConfig;
import dev.mlsync.config.FeedConfig;
import dev.mlsync.config.ProfileOverrides;
import dev.mlsync.config.Provider;
import dev.mlsync.config.RateLimits;
import dev.mlsync.sim.SimLimits;
import dev.mlsync.sim.SimOptions;
import dev.mlsync.sim.SimProfile;
import dev.mlsync.sim.Simulator;
import dev.mlsync.store.Database;
import dev.mlsync.store.QuotaStore;
import dev.mlsync.testing.TestPostgres;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpHeaders;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.time.Clock;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.Callable;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/**
 * Batched grants: one locked decision grants a process several slots; the ones it does not use go back.
 * Quotas with their own {@link LocalGrants} stand for separate processes on one database.
 */
class BatchedGrantsIT {
    private static final HttpHeaders NO_HEADERS = HttpHeaders.of(Map.of(), (name, value) -> true);
    private static final String TOKEN = "batched-token";

    private Database database;
    private QuotaStore store;
    private SteppingClock clock;

    @BeforeEach
    void open() {
        database = TestPostgres.freshDatabase();
        store = database.quota();
        clock = SteppingClock.at("2026-05-01T10:00:00Z");
    }

    @AfterEach
    void close() {
        database.close();
    }

    private WindowedQuota process(FeedConfig feed, Clock clock, Sleeper sleeper) {
        return new WindowedQuota(feed.id(), Quota.credentialOf(feed), QuotaLimits.of(feed),
                QuotaPolicy.of(feed.provider()), store, clock, sleeper, Quota.BreakerListener.NONE, new LocalGrants());
    }

    private WindowedQuota process(RateLimits limits) {
        return process(QuotaFeeds.feed(Provider.RESO, limits), clock, clock);
    }

    private static long granted(Quota quota, int attempts) {
        long granted = 0;
        for (int i = 0; i < attempts; i++) {
            if (quota.tryAcquire(RequestKind.DATA).permitted()) {
                granted++;
            }
        }
        return granted;
    }

    @Test
    void many_threads_in_two_processes_should_never_exceed_a_window_of_the_simulator() throws Exception {
        SimLimits enforced = SimLimits.ofProfile(SimProfile.MLSGRID).overriddenBy("perSecond=40,perMinute=2000");
        try (Simulator sim = Simulator.start(SimOptions.of(20).withProfile(SimProfile.MLSGRID).withToken(TOKEN)
                .withLimits(enforced))) {
            FeedConfig feed = new FeedConfig("batched", Provider.MLSGRID, sim.serviceRoot(), AuthConfig.bearer(TOKEN),
                    sim.originatingSystem(), List.of("Property"), 5, ProfileOverrides.none(),
                    new RateLimits(40, 2000, null, null), null);
            List<Callable<Integer>> threads = new ArrayList<>();
            List<WindowedQuota> processes = List.of(process(feed, Clock.systemUTC(), Sleeper.system()),
                    process(feed, Clock.systemUTC(), Sleeper.system()));
            for (WindowedQuota quota : processes) {
                HttpClient client = QuotaHttpClient.of(HttpClient.newHttpClient(), quota);
                for (int i = 0; i < 8; i++) {
                    threads.add(() -> sendAll(client, sim, 12));
                }
            }
            try (ExecutorService pool = Executors.newFixedThreadPool(threads.size())) {
                for (Future<Integer> ok : pool.invokeAll(threads)) {
                    assertThat(ok.get()).isEqualTo(12);
                }
            }
            processes.forEach(Quota::close);

            assertThat(sim.requests()).hasSize(2 * 8 * 12).noneMatch(r -> r.status() == 429);
            assertThat(sim.windowsExceeded(enforced)).isEmpty();
            assertThat(sim.suspensions()).isEmpty();
            assertThat(processes.get(0).view().usedThisMinute()).as("every slot was used or returned")
                    .isEqualTo(2 * 8 * 12);
        }
    }

    @Test
    void one_decision_should_grant_at_most_the_rate_over_the_horizon() {
        WindowedQuota quota = process(new RateLimits(10, 1000, null, null));

        assertThat(quota.tryAcquire(RequestKind.DATA, 100).permitted()).isTrue();

        assertThat(quota.freeSlots(RequestKind.DATA)).as("10/s over 500 ms, one of them taken").isEqualTo(4);
        assertThat(quota.view().usedThisMinute()).as("granted slots count from the grant").isEqualTo(5);
        assertThat(granted(quota, 4)).as("handed out without a decision").isEqualTo(4);
        assertThat(quota.freeSlots(RequestKind.DATA)).isZero();
    }

    @Test
    void a_decision_should_grant_no_more_than_every_window_still_has() {
        WindowedQuota first = process(new RateLimits(10, 7, null, null));
        assertThat(first.tryAcquire(RequestKind.DATA, 5).permitted()).isTrue();
        WindowedQuota second = process(new RateLimits(10, 7, null, null));

        assertThat(second.tryAcquire(RequestKind.DATA, 5).permitted()).isTrue();

        assertThat(second.freeSlots(RequestKind.DATA)).as("7 a minute, 5 already granted elsewhere").isEqualTo(1);
        assertThat(second.tryAcquire(RequestKind.DATA).permitted()).isTrue();
        assertThat(second.tryAcquire(RequestKind.DATA).permitted()).isFalse();
    }

    @Test
    void close_should_return_unused_slots_to_other_processes() {
        WindowedQuota first = process(new RateLimits(10, 1000, null, null));
        WindowedQuota second = process(new RateLimits(10, 1000, null, null));
        assertThat(first.tryAcquire(RequestKind.DATA, 5).permitted()).isTrue();
        assertThat(granted(second, 10)).isEqualTo(5);

        first.close();

        assertThat(first.freeSlots(RequestKind.DATA)).isZero();
        assertThat(granted(second, 10)).as("the 4 first did not use").isEqualTo(4);
        assertThat(second.view().usedThisMinute()).isEqualTo(10);
    }

    @Test
    void a_slot_left_unused_should_go_back_after_its_lifetime() {
        WindowedQuota first = process(new RateLimits(10, 1000, null, null));
        WindowedQuota second = process(new RateLimits(10, 1000, null, null));
        assertThat(first.tryAcquire(RequestKind.DATA, 5).permitted()).isTrue();
        first.onResponse(RequestKind.DATA, 200, NO_HEADERS);

        clock.advance(LocalGrants.SLOT_LIFETIME.plusMillis(600));
        assertThat(first.tryAcquire(RequestKind.DATA).permitted()).as("a new decision, not a stale slot").isTrue();

        assertThat(first.freeSlots(RequestKind.DATA)).isZero();
        assertThat(first.view().usedThisMinute()).as("the answered one and the new one").isEqualTo(2);
        assertThat(granted(second, 10)).as("the answer is over a second old").isEqualTo(9);
    }

    @Test
    void a_429_should_return_the_free_slots_and_the_slowed_rate_should_bound_the_next_batch() {
        WindowedQuota quota = process(new RateLimits(20, 1000, null, null));
        assertThat(quota.tryAcquire(RequestKind.DATA, 10).permitted()).isTrue();
        assertThat(quota.freeSlots(RequestKind.DATA)).isEqualTo(9);

        quota.onResponse(RequestKind.DATA, 503, NO_HEADERS);

        assertThat(quota.freeSlots(RequestKind.DATA)).isZero();
        assertThat(quota.currentRate()).isEqualTo(10.0);
        assertThat(quota.view().usedThisMinute()).isEqualTo(1);
        assertThat(quota.tryAcquire(RequestKind.DATA, 10).permitted()).isTrue();
        assertThat(quota.freeSlots(RequestKind.DATA)).as("10/s over 500 ms").isEqualTo(4);
    }

    @Test
    void a_slowed_rate_should_let_its_whole_second_in_flight_at_once() {
        WindowedQuota quota = process(new RateLimits(8, null, null, null));
        quota.onResponse(RequestKind.DATA, 429, NO_HEADERS);
        clock.advance(Duration.ofSeconds(1));
        assertThat(quota.currentRate()).isEqualTo(4.0);

        assertThat(granted(quota, 6)).as("4 requests/s: 4 in any second, without waiting for answers").isEqualTo(4);
        QuotaProbe fifth = quota.tryAcquire(RequestKind.DATA);
        assertThat(fifth.reason()).startsWith("adaptive rate 4.000 requests/s");
    }

    @Test
    void the_half_open_probe_should_be_granted_alone() {
        WindowedQuota quota = process(new RateLimits(20, 1000, null, null));
        for (int i = 0; i < 3; i++) {
            quota.tryAcquire(RequestKind.DATA);
            quota.onResponse(RequestKind.DATA, 429, NO_HEADERS);
            clock.advance(Duration.ofSeconds(2));
        }
        assertThat(quota.view().breakerOpen()).isTrue();
        clock.advance(QuotaPolicy.DEFAULT_COOL_DOWN);

        assertThat(quota.tryAcquire(RequestKind.DATA, 10).permitted()).isTrue();

        assertThat(quota.freeSlots(RequestKind.DATA)).isZero();
        assertThat(quota.tryAcquire(RequestKind.DATA).reason()).isEqualTo("breaker half-open, probe in flight");
    }

    private static int sendAll(HttpClient client, Simulator sim, int requests) throws Exception {
        int ok = 0;
        for (int i = 0; i < requests; i++) {
            URI uri = URI.create(sim.serviceRoot() + "Property?$top=1&$filter="
                    + java.net.URLEncoder.encode("OriginatingSystemName eq '" + sim.originatingSystem() + "'",
                    java.nio.charset.StandardCharsets.UTF_8).replace("+", "%20"));
            HttpRequest request = HttpRequest.newBuilder(uri).header("Authorization", "Bearer " + TOKEN)
                    .header("Accept-Encoding", "gzip").build();
            if (client.send(request, HttpResponse.BodyHandlers.discarding()).statusCode() == 200) {
                ok++;
            }
        }
        return ok;
    }
}
