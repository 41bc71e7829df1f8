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
    private Database database;
    private QuotaStore store;
    private SteppingClock clock;

    @BeforeEach
    void open() {
        database = TestPostgres.freshDatabase();
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

    private static long granted(Quota quota, int attempts) {
        return IntStream.range(0, attempts).filter(i -> quota.tryAcquire(RequestKind.DATA).permitted()).count();
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
        assertThat(refused.waitDuration()).isEqualTo(Duration.ofMinutes(1));
        assertThat(second.view().usedThisHour()).isEqualTo(5);
    }

    @Test
    void a_quota_created_after_a_restart_should_continue_the_used_hour() {
        FeedConfig feed = feed(Provider.RESO, perHour(5));
        assertThat(granted(quota(feed), 4)).isEqualTo(4);

        Quota restarted = quota(feed);

        assertThat(granted(restarted, 3)).isEqualTo(1);
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
    void acquire_should_sleep_until_the_next_hour_when_the_hour_is_used_up() throws InterruptedException {
        Quota quota = quota(feed(Provider.RESO, perHour(2)));
        quota.acquire(RequestKind.DATA);
        quota.acquire(RequestKind.DATA);

        quota.acquire(RequestKind.DATA);

        assertThat(clock.sleeps()).containsExactly(Duration.ofMinutes(1));
        assertThat(quota.view().usedThisHour()).isEqualTo(1);
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

        assertThat(quota.view().limits()).isEqualTo(new QuotaLimits(2, null, 7_200, 40_000, null, null));
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
