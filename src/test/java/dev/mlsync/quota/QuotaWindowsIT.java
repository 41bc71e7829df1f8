package dev.mlsync.quota;

import static dev.mlsync.quota.QuotaFeeds.feed;
import static dev.mlsync.quota.QuotaFeeds.perHour;
import static org.assertj.core.api.Assertions.assertThat;

import dev.mlsync.config.FeedConfig;
import dev.mlsync.config.Provider;
import dev.mlsync.config.RateLimits;
import dev.mlsync.store.Database;
import dev.mlsync.store.QuotaStore;
import dev.mlsync.testing.TestPostgres;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.Callable;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.stream.IntStream;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/** Minute, hour and day windows in PostgreSQL: shared by every instance and surviving restarts. */
class QuotaWindowsIT {
    private static final java.net.http.HttpHeaders OK = java.net.http.HttpHeaders.of(java.util.Map.of(), (n, v) -> true);
    private String url;
    private Database database;
    private QuotaStore store;
    private SteppingClock clock;

    @BeforeEach
    void open() {
        url = TestPostgres.freshDatabaseUrl();
        database = Database.connect(url, "postgres", null);
        store = database.quota();
        clock = SteppingClock.at("2026-05-01T10:59:00Z");
    }

    @AfterEach
    void close() {
        database.close();
    }

    private Quota quota(FeedConfig feed) {
        return Quota.of(feed, store, clock, clock);
    }

    /** Asks {@code attempts} times; every granted request is answered at once with 200. */
    private static long granted(Quota quota, int attempts) {
        return IntStream.range(0, attempts).filter(i -> answered(quota, quota.tryAcquire(RequestKind.DATA))).count();
    }

    private static boolean answered(Quota quota, QuotaProbe probe) {
        if (probe.permitted()) {
            quota.onResponse(RequestKind.DATA, 200, OK);
        }
        return probe.permitted();
    }

    @Test
    void two_quotas_on_one_database_should_share_the_hourly_window() {
        FeedConfig feed = feed(Provider.RESO, perHour(5));
        Quota first = quota(feed);
        Quota second = quota(feed);

        assertThat(granted(first, 3)).isEqualTo(3);
        assertThat(granted(second, 3)).isEqualTo(2);
        QuotaProbe refused = first.tryAcquire(RequestKind.DATA);

        assertThat(refused.permitted()).isFalse();
        assertThat(refused.reason()).isEqualTo("requests/hour 5");
        assertThat(refused.waitDuration()).as("until the oldest answer is an hour old").isEqualTo(Duration.ofHours(1));
        assertThat(second.view().usedThisHour()).isEqualTo(5);
    }

    @Test
    void feeds_on_one_token_and_another_path_of_the_provider_should_share_the_hourly_window() {
        FeedConfig first = feed(Provider.RESO, java.net.URI.create("https://API.example.com/odata/datasetA"), perHour(5), 1.0);
        FeedConfig second = new FeedConfig("quota-second", first.provider(),
                java.net.URI.create("https://api.example.com:443/odata/datasetB/"), first.auth(),
                first.originatingSystem(), first.resources(), first.pageSize(), first.overrides(), first.limits(),
                first.quota());

        assertThat(granted(quota(first), 3)).isEqualTo(3);
        assertThat(granted(quota(second), 3)).as("one token's hour, whichever dataset it reads").isEqualTo(2);
    }

    @Test
    void an_hour_counted_under_the_id_of_an_earlier_version_should_carry_over() {
        FeedConfig feed = feed(Provider.RESO, perHour(5));
        Quota before = new WindowedQuota(feed.id(), CredentialId.legacy(feed), QuotaLimits.of(feed),
                QuotaPolicy.of(feed.provider()), store, clock, clock);
        assertThat(granted(before, 3)).isEqualTo(3);
        assertThat(CredentialId.legacy(feed)).isNotEqualTo(CredentialId.of(feed));

        Quota upgraded = quota(feed);

        assertThat(upgraded.view().usedThisHour()).isEqualTo(3);
        assertThat(granted(upgraded, 3)).isEqualTo(2);
        assertThat(store.credential(CredentialId.legacy(feed))).as("moved, not copied").isEmpty();
    }

    @Test
    void a_quota_created_after_a_restart_should_continue_the_used_hour() {
        FeedConfig feed = feed(Provider.RESO, perHour(5));
        assertThat(granted(quota(feed), 4)).isEqualTo(4);

        Quota restarted = quota(feed);

        assertThat(granted(restarted, 3)).isEqualTo(1);
        clock.advance(Duration.ofMinutes(59));
        assertThat(granted(restarted, 3)).as("the clock hour changed, the rolling hour did not").isZero();
        clock.advance(Duration.ofMinutes(1));
        assertThat(granted(restarted, 6)).isEqualTo(5);
    }

    @Test
    void concurrent_processes_should_never_together_exceed_the_limit() throws Exception {
        FeedConfig feed = feed(Provider.RESO, perHour(30));
        List<Callable<Long>> processes = new ArrayList<>();
        for (int i = 0; i < 4; i++) {
            Quota quota = quota(feed);
            processes.add(() -> granted(quota, 20));
        }
        long total = 0;
        try (ExecutorService pool = Executors.newFixedThreadPool(4)) {
            for (Future<Long> granted : pool.invokeAll(processes)) {
                total += granted.get();
            }
        }

        assertThat(total).isEqualTo(30);
        assertThat(quota(feed).view().usedThisHour()).isEqualTo(30);
    }

    @Test
    void acquire_should_sleep_until_the_oldest_answer_leaves_the_hour() throws InterruptedException {
        Quota quota = quota(feed(Provider.RESO, perHour(2)));
        quota.acquire(RequestKind.DATA);
        quota.onResponse(RequestKind.DATA, 200, OK);
        clock.advance(Duration.ofMinutes(10));
        quota.acquire(RequestKind.DATA);
        quota.onResponse(RequestKind.DATA, 200, OK);

        quota.acquire(RequestKind.DATA);

        assertThat(clock.sleeps()).containsExactly(Duration.ofMinutes(50));
        assertThat(quota.view().usedThisHour()).isEqualTo(2);
    }

    @Test
    void an_hour_of_answers_should_be_kept_in_buckets_and_still_count_every_request() throws Exception {
        Quota quota = quota(feed(Provider.RESO, perHour(200)));
        for (int i = 0; i < 150; i++) {
            assertThat(granted(quota, 1)).isEqualTo(1);
            clock.advance(Duration.ofSeconds(1));
        }

        long rows = rows("requests/hour");
        assertThat(rows).as("answers older than 30 s are merged into 30 s buckets: ~40 rows, not 150")
                .isLessThan(50);
        assertThat(quota.view().usedThisHour()).as("merging loses no request").isEqualTo(150);
        assertThat(granted(quota, 80)).as("the limit still holds exactly").isEqualTo(50);

        clock.advance(Duration.ofMinutes(61));
        assertThat(granted(quota, 250)).as("an hour after the last answer every bucket has left").isEqualTo(200);
    }

    /** The rows stored for the window {@code name}, merged buckets counting one each. */
    private long rows(String name) throws java.sql.SQLException {
        try (java.sql.Connection c = java.sql.DriverManager.getConnection(url, "postgres", null);
             java.sql.PreparedStatement s = c.prepareStatement("SELECT count(*) FROM quota_request WHERE window_name = ?")) {
            s.setString(1, name);
            try (java.sql.ResultSet r = s.executeQuery()) {
                r.next();
                return r.getLong(1);
            }
        }
    }

    @Test
    void view_should_say_a_window_without_a_limit_is_not_counted_rather_than_show_zero() throws InterruptedException {
        Quota quota = quota(feed(Provider.RESO, perHour(5)));
        quota.acquire(RequestKind.DATA);
        quota.onResponse(RequestKind.DATA, 200, OK);

        QuotaView view = quota.view();

        assertThat(view.usedThisHour()).isEqualTo(1);
        assertThat(view.usedThisMinute()).as("no per-minute limit: nothing counts the minute").isNull();
        assertThat(view.usedToday()).as("no daily limit").isNull();
    }

    @Test
    void a_clock_window_boundary_should_not_let_twice_the_limit_through() {
        Quota quota = quota(feed(Provider.RESO, new RateLimits(null, 5, null, null)));
        clock.advance(Duration.ofSeconds(50));
        assertThat(granted(quota, 8)).isEqualTo(5);

        clock.advance(Duration.ofSeconds(15));
        assertThat(granted(quota, 8)).as("a new clock minute, but 5 answered in the last 60 s").isZero();
        clock.advance(Duration.ofSeconds(45));
        assertThat(granted(quota, 8)).isEqualTo(5);
    }

    @Test
    void a_request_in_flight_should_hold_its_place_until_its_answer_plus_the_window() {
        Quota quota = quota(feed(Provider.RESO, new RateLimits(1, null, null, null)));
        assertThat(quota.tryAcquire(RequestKind.DATA).permitted()).isTrue();
        clock.advance(Duration.ofSeconds(3));

        QuotaProbe waiting = quota.tryAcquire(RequestKind.DATA);
        assertThat(waiting.permitted()).isFalse();
        assertThat(waiting.waitDuration()).isEqualTo(WindowedQuota.IN_FLIGHT_POLL);

        quota.onResponse(RequestKind.DATA, 200, OK);
        assertThat(quota.tryAcquire(RequestKind.DATA).waitDuration()).isEqualTo(Duration.ofSeconds(1));
        clock.advance(Duration.ofSeconds(1));
        assertThat(quota.tryAcquire(RequestKind.DATA).permitted()).isTrue();
    }

    @Test
    void an_unanswered_request_should_free_its_place_after_the_longest_flight() {
        Quota quota = quota(feed(Provider.RESO, new RateLimits(1, null, null, null)));
        assertThat(quota.tryAcquire(RequestKind.DATA).permitted()).isTrue();

        clock.advance(WindowedQuota.MAX_IN_FLIGHT.plusSeconds(1));

        assertThat(quota(feed(Provider.RESO, new RateLimits(1, null, null, null))).tryAcquire(RequestKind.DATA)
                .permitted()).isTrue();
    }

    @Test
    void media_and_byte_limits_should_hold_media_downloads_only() {
        Quota quota = quota(feed(Provider.RESO, new RateLimits(null, null, null, null, null, null, 3, 1_000L)));
        assertThat(quota.tryAcquire(RequestKind.MEDIA).permitted()).isTrue();
        quota.onResponse(RequestKind.MEDIA, 200, OK);
        quota.recordBytes(400);
        assertThat(quota.tryAcquire(RequestKind.MEDIA).permitted()).isTrue();
        quota.onResponse(RequestKind.MEDIA, 200, OK);
        quota.recordBytes(400);

        QuotaProbe media = quota.tryAcquire(RequestKind.MEDIA);
        assertThat(media.reason()).as("800 used + 400 expected > 1000").isEqualTo("bytes/hour 1000");
        clock.advance(Duration.ofMinutes(61));
        assertThat(quota.tryAcquire(RequestKind.MEDIA).permitted()).isTrue();
        quota.onResponse(RequestKind.MEDIA, 200, OK);
        assertThat(quota.tryAcquire(RequestKind.MEDIA).reason()).isEqualTo("media/day 3");
        assertThat(quota.tryAcquire(RequestKind.DATA).permitted()).isTrue();
    }

    @Test
    void day_window_should_hold_across_hours() {
        Quota quota = quota(feed(Provider.RESO, new RateLimits(null, null, null, 3)));
        assertThat(granted(quota, 2)).isEqualTo(2);
        clock.advance(Duration.ofHours(2));

        assertThat(granted(quota, 5)).isEqualTo(1);
        assertThat(quota.tryAcquire(RequestKind.DATA).reason()).isEqualTo("requests/day 3");
        assertThat(quota.view().usedToday()).isEqualTo(3);
    }

    @Test
    void share_should_scale_the_limits_and_count_against_the_whole_credential() {
        Quota staging = quota(feed(Provider.RESO, QuotaFeeds.BASE, perHour(10), 0.3));
        Quota production = quota(feed(Provider.RESO, QuotaFeeds.BASE, perHour(10), 1.0));

        assertThat(granted(staging, 5)).isEqualTo(3);
        assertThat(granted(production, 10)).isEqualTo(7);
    }

    @Test
    void preset_limits_should_apply_without_configuration() {
        Quota quota = quota(feed(Provider.MLSGRID, RateLimits.none()));

        assertThat(quota.view().limits()).isEqualTo(new QuotaLimits(2, null, 7_200, 40_000, null, null, null, 4_000_000_000L));
        assertThat(granted(quota, 3)).isEqualTo(2);
        assertThat(quota.tryAcquire(RequestKind.DATA).reason()).isEqualTo("requests/second 2");
    }

    @Test
    void per_minute_window_should_count_media_separately_from_requests() {
        Quota quota = quota(feed(Provider.TRESTLE, RateLimits.none()));
        QuotaLimits limits = quota.view().limits();

        assertThat(limits.perMinute()).isEqualTo(180);
        assertThat(limits.mediaPerMinute()).isEqualTo(480);
        assertThat(IntStream.range(0, 200).filter(i -> quota.tryAcquire(RequestKind.DATA).permitted()).count())
                .isEqualTo(180);
    }
}
