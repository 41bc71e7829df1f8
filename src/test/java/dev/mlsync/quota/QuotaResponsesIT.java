package dev.mlsync.quota;

import static dev.mlsync.quota.QuotaFeeds.feed;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.catchThrowableOfType;

import com.sun.net.httpserver.HttpServer;
import dev.mlsync.config.FeedConfig;
import dev.mlsync.config.Provider;
import dev.mlsync.config.RateLimits;
import dev.mlsync.store.Database;
import dev.mlsync.store.QuotaStore;
import dev.mlsync.testing.TestPostgres;
import java.io.IOException;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpHeaders;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.time.Duration;
import java.time.Instant;
import java.time.ZoneOffset;
import java.time.format.DateTimeFormatter;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ConcurrentLinkedDeque;
import java.util.concurrent.CopyOnWriteArrayList;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/** How a quota reacts to 429/503, Retry-After and runs of 429s. */
class QuotaResponsesIT {
    private static final HttpHeaders NO_HEADERS = HttpHeaders.of(Map.of(), (name, value) -> true);
    private static final RateLimits FOUR_PER_SECOND = new RateLimits(4, null, null, null);
    /** With an hourly window, which holds the answers a 429 counts since the previous one. */
    private static final RateLimits FOUR_PER_SECOND_HOURLY = new RateLimits(4, null, 10_000, null);

    private Database database;
    private QuotaStore store;
    private SteppingClock clock;
    private HttpServer server;
    /** Answers the loopback server gives, in order; once used up it answers 200. */
    private final ConcurrentLinkedDeque<Answer> answers = new ConcurrentLinkedDeque<>();
    private final List<Instant> received = new CopyOnWriteArrayList<>();

    private record Answer(int status, String retryAfter) {
    }

    @BeforeEach
    void open() throws IOException {
        database = TestPostgres.freshDatabase();
        store = database.quota();
        clock = SteppingClock.at("2026-05-01T10:00:00Z");
        server = HttpServer.create(new InetSocketAddress(InetAddress.getLoopbackAddress(), 0), 0);
        server.createContext("/", exchange -> {
            received.add(clock.instant());
            Answer answer = answers.pollFirst();
            if (answer != null && answer.retryAfter() != null) {
                exchange.getResponseHeaders().add("Retry-After", answer.retryAfter());
            }
            exchange.sendResponseHeaders(answer == null ? 200 : answer.status(), -1);
            exchange.close();
        });
        server.start();
    }

    @AfterEach
    void close() {
        server.stop(0);
        database.close();
    }

    private WindowedQuota quota(FeedConfig feed) {
        return (WindowedQuota) Quota.of(feed, store, clock, clock);
    }

    /**
     * Past the process's warm-up (one request at a time until its first answers), so several requests may be in
     * flight at once; the warm-up's requests have left every window shorter than 2 s.
     */
    private <Q extends Quota> Q warmedUp(Q quota) throws InterruptedException {
        for (int i = 0; i < WindowedQuota.WARM_UP_ANSWERS; i++) {
            quota.acquire(RequestKind.DATA);
            quota.onResponse(RequestKind.DATA, 200, NO_HEADERS);
        }
        clock.advance(Duration.ofSeconds(2));
        return quota;
    }

    private HttpClient client(Quota quota) {
        return QuotaHttpClient.of(HttpClient.newBuilder().version(HttpClient.Version.HTTP_1_1).build(), quota);
    }

    private int get(HttpClient client) throws Exception {
        URI uri = URI.create("http://127.0.0.1:" + server.getAddress().getPort() + "/odata/Property");
        return client.send(HttpRequest.newBuilder(uri).build(), HttpResponse.BodyHandlers.discarding()).statusCode();
    }

    @Test
    void retry_after_in_seconds_should_delay_the_next_request_exactly() throws Exception {
        HttpClient client = client(quota(feed(Provider.RESO, FOUR_PER_SECOND)));
        answers.add(new Answer(429, "7"));

        assertThat(get(client)).isEqualTo(429);
        assertThat(get(client)).isEqualTo(200);

        assertThat(clock.slept()).as("the quarter second of spacing is part of the 7 s").isEqualTo(Duration.ofSeconds(7));
        assertThat(received).containsExactly(Instant.parse("2026-05-01T10:00:00Z"),
                Instant.parse("2026-05-01T10:00:07Z"));
    }

    @Test
    void retry_after_as_http_date_should_delay_until_that_date_for_every_instance() throws Exception {
        FeedConfig feed = feed(Provider.RESO, FOUR_PER_SECOND);
        String date = DateTimeFormatter.RFC_1123_DATE_TIME.format(
                Instant.parse("2026-05-01T10:01:30Z").atOffset(ZoneOffset.UTC));
        answers.add(new Answer(503, date));
        assertThat(get(client(quota(feed)))).isEqualTo(503);

        Quota other = quota(feed);
        QuotaProbe probe = other.tryAcquire(RequestKind.DATA);
        assertThat(probe.reason()).isEqualTo("Retry-After");
        assertThat(probe.waitDuration()).isEqualTo(Duration.ofSeconds(90));
        assertThat(get(client(other))).isEqualTo(200);

        assertThat(received).last().isEqualTo(Instant.parse("2026-05-01T10:01:30Z"));
    }

    @Test
    void three_consecutive_429s_should_open_the_breaker_for_the_cool_down() throws Exception {
        FeedConfig feed = feed(Provider.MLSGRID, RateLimits.none());
        Quota quota = quota(feed);
        HttpClient client = client(quota);
        answers.add(new Answer(429, null));
        answers.add(new Answer(429, null));
        answers.add(new Answer(429, null));
        for (int i = 0; i < 3; i++) {
            get(client);
        }
        Instant opened = clock.instant();

        QuotaSuspendedException suspended = catchThrowableOfType(QuotaSuspendedException.class, () -> get(client));

        assertThat(suspended.until()).isEqualTo(opened.plus(QuotaPolicy.MLSGRID_COOL_DOWN));
        assertThat(suspended).hasMessageContaining("feed quota-mlsgrid: requests suspended until " + suspended.until());
        assertThat(received).hasSize(3);
        assertThat(quota(feed).view().breakerOpen()).isTrue();
        clock.advance(QuotaPolicy.MLSGRID_COOL_DOWN);
        assertThat(get(client)).isEqualTo(200);
        assertThat(quota.view().breakerOpen()).isFalse();
    }

    @Test
    void a_bare_429_should_hold_every_request_until_the_shortest_limited_window_has_passed() throws Exception {
        HttpClient perSecond = client(quota(feed(Provider.RESO, FOUR_PER_SECOND)));
        answers.add(new Answer(429, null));

        assertThat(get(perSecond)).isEqualTo(429);
        assertThat(get(perSecond)).isEqualTo(200);

        assertThat(received).as("re-sent in the provider's next second, whatever its alignment")
                .containsExactly(Instant.parse("2026-05-01T10:00:00Z"), Instant.parse("2026-05-01T10:00:01Z"));
        Quota perMinute = quota(QuotaFeeds.feed(Provider.TRESTLE, new RateLimits(null, 30, null, null)));
        perMinute.onResponse(RequestKind.DATA, 429, NO_HEADERS);
        assertThat(perMinute.tryAcquire(RequestKind.DATA).waitDuration()).isEqualTo(Duration.ofMinutes(1));
    }

    @Test
    void an_answer_between_429s_should_keep_the_breaker_closed() throws Exception {
        Quota quota = quota(feed(Provider.BRIDGE, RateLimits.none()));
        HttpClient client = client(quota);
        answers.add(new Answer(429, null));
        answers.add(new Answer(429, null));
        answers.add(new Answer(200, null));
        answers.add(new Answer(429, null));
        answers.add(new Answer(429, null));

        for (int i = 0; i < 6; i++) {
            assertThat(get(client)).isIn(200, 429);
        }

        assertThat(quota.view().breakerOpen()).isFalse();
        assertThat(received).hasSize(6);
    }

    @Test
    void rate_should_halve_on_429s_and_recover_additively_to_the_learned_rate() {
        WindowedQuota quota = quota(feed(Provider.RESO, FOUR_PER_SECOND));

        quota.onResponse(RequestKind.DATA, 429, NO_HEADERS);
        assertThat(quota.currentRate()).isEqualTo(2.0);
        quota.onResponse(RequestKind.DATA, 429, NO_HEADERS);
        assertThat(quota.currentRate()).isEqualTo(1.0);
        assertThat(quota.view().adaptiveRate()).isEqualTo(1.0);

        for (int i = 0; i < 20; i++) {
            quota.onResponse(RequestKind.DATA, 200, NO_HEADERS);
        }
        assertThat(quota.currentRate()).as("successes recover no further than the rate the last slow-down set")
                .isEqualTo(1.0);

        clock.advance(AdaptiveRate.QUIET);
        quota.onResponse(RequestKind.DATA, 200, NO_HEADERS);
        assertThat(quota.currentRate()).as("after a quiet period the learned rate goes up a step")
                .isCloseTo(1.2, org.assertj.core.data.Offset.offset(1e-9));
        for (int i = 0; i < 15; i++) {
            clock.advance(AdaptiveRate.QUIET);
            quota.onResponse(RequestKind.DATA, 200, NO_HEADERS);
        }
        assertThat(quota.currentRate()).isEqualTo(4.0);
        assertThat(quota.view().adaptiveRate()).isNull();
    }

    @Test
    void a_429_after_5_answered_requests_should_back_off_without_lowering_the_learned_rate() throws Exception {
        WindowedQuota quota = quota(feed(Provider.RESO, FOUR_PER_SECOND_HOURLY));
        quota.onResponse(RequestKind.DATA, 429, NO_HEADERS);
        assertThat(quota.currentRate()).isEqualTo(2.0);
        for (int i = 0; i < 5; i++) {
            quota.acquire(RequestKind.DATA);
            quota.onResponse(RequestKind.DATA, 200, NO_HEADERS);
        }
        quota.acquire(RequestKind.DATA);
        quota.onResponse(RequestKind.DATA, 429, NO_HEADERS);
        assertThat(quota.currentRate()).as("backs off").isEqualTo(1.0);
        for (int i = 0; i < 5; i++) {
            quota.onResponse(RequestKind.DATA, 200, NO_HEADERS);
        }
        assertThat(quota.currentRate()).as("five answers went through since the first 429: this one was sporadic")
                .isCloseTo(2.0, org.assertj.core.data.Offset.offset(1e-9));
    }

    @Test
    void a_429_within_5_answered_requests_of_the_previous_should_lower_the_learned_rate() throws Exception {
        WindowedQuota quota = quota(feed(Provider.RESO, FOUR_PER_SECOND_HOURLY));
        quota.onResponse(RequestKind.DATA, 429, NO_HEADERS);
        clock.advance(Duration.ofMinutes(1)); // however long ago (20 requests' time at 2/s): answers count
        for (int i = 0; i < 3; i++) {
            quota.acquire(RequestKind.DATA);
            quota.onResponse(RequestKind.DATA, 200, NO_HEADERS);
        }
        quota.acquire(RequestKind.DATA);
        quota.onResponse(RequestKind.DATA, 429, NO_HEADERS);
        for (int i = 0; i < 20; i++) {
            quota.onResponse(RequestKind.DATA, 200, NO_HEADERS);
        }
        assertThat(quota.currentRate()).as("a limit found: recovers no further than the rate this 429 set")
                .isEqualTo(1.0);
    }

    @Test
    void a_503_should_halve_the_rate_but_never_lower_the_learned_rate() {
        WindowedQuota quota = quota(feed(Provider.RESO, FOUR_PER_SECOND));
        quota.onResponse(RequestKind.DATA, 429, NO_HEADERS);
        assertThat(quota.currentRate()).isEqualTo(2.0);

        quota.onResponse(RequestKind.DATA, 503, NO_HEADERS);
        quota.onResponse(RequestKind.DATA, 503, NO_HEADERS);
        assertThat(quota.currentRate()).as("backs off at once, however close the 503s come").isEqualTo(0.5);
        for (int i = 0; i < 20; i++) {
            quota.onResponse(RequestKind.DATA, 200, NO_HEADERS);
        }
        assertThat(quota.currentRate()).as("recovers to the rate the 429 taught, not to what the 503s set")
                .isCloseTo(2.0, org.assertj.core.data.Offset.offset(1e-9));
    }

    @Test
    void an_isolated_503_after_many_requests_at_the_rate_should_back_off_without_lowering_the_learned_rate() {
        WindowedQuota quota = quota(feed(Provider.RESO, FOUR_PER_SECOND));
        quota.onResponse(RequestKind.DATA, 429, NO_HEADERS);
        assertThat(quota.currentRate()).isEqualTo(2.0);

        clock.advance(Duration.ofSeconds(10));
        quota.onResponse(RequestKind.DATA, 503, NO_HEADERS);
        assertThat(quota.currentRate()).as("backs off").isEqualTo(1.0);
        for (int i = 0; i < 5; i++) {
            quota.onResponse(RequestKind.DATA, 200, NO_HEADERS);
        }
        assertThat(quota.currentRate()).as("twenty requests went through at 2/s before the 503: 2/s was sustainable")
                .isCloseTo(2.0, org.assertj.core.data.Offset.offset(1e-9));
    }

    @Test
    void answers_to_requests_sent_before_a_slow_down_should_not_slow_down_again() throws InterruptedException {
        WindowedQuota quota = warmedUp(quota(feed(Provider.RESO, FOUR_PER_SECOND)));
        quota.acquire(RequestKind.DATA);
        quota.acquire(RequestKind.DATA);
        clock.advance(Duration.ofMillis(50));

        quota.onResponse(RequestKind.DATA, 429, NO_HEADERS);
        quota.onResponse(RequestKind.DATA, 429, NO_HEADERS);

        assertThat(quota.currentRate()).isEqualTo(2.0);
    }

    @Test
    void answers_429_to_requests_sent_at_the_old_rate_should_not_count_towards_the_breaker() throws InterruptedException {
        WindowedQuota quota = warmedUp(quota(feed(Provider.MLSGRID, new RateLimits(8, null, null, null))));
        quota.acquire(RequestKind.DATA);
        quota.acquire(RequestKind.DATA);
        quota.acquire(RequestKind.DATA);
        clock.advance(Duration.ofMillis(50));

        quota.onResponse(RequestKind.DATA, 429, NO_HEADERS);
        quota.onResponse(RequestKind.DATA, 429, NO_HEADERS);
        quota.onResponse(RequestKind.DATA, 429, NO_HEADERS);

        assertThat(quota.view().breakerOpen()).as("one slow-down, three answers from before it").isFalse();
        for (int i = 0; i < 2; i++) {
            quota.acquire(RequestKind.DATA);
            quota.onResponse(RequestKind.DATA, 429, NO_HEADERS);
        }
        assertThat(quota.view().breakerOpen()).as("two more 429s at the slower rate make three").isTrue();
    }

    @Test
    void a_slowed_rate_should_space_requests_and_carry_over_to_a_new_instance() throws InterruptedException {
        FeedConfig feed = feed(Provider.RESO, FOUR_PER_SECOND);
        WindowedQuota quota = quota(feed);
        quota.onResponse(RequestKind.DATA, 429, NO_HEADERS);
        quota.onResponse(RequestKind.DATA, 429, NO_HEADERS);

        quota.acquire(RequestKind.DATA);
        quota.onFailure(RequestKind.DATA);
        quota.acquire(RequestKind.DATA);
        assertThat(clock.sleeps()).as("the pause after a bare 429, then the spacing at 1 request/s")
                .containsExactly(Duration.ofSeconds(1), Duration.ofSeconds(1));

        WindowedQuota restarted = quota(feed);
        assertThat(restarted.currentRate()).isEqualTo(1.0);
    }

    @Test
    void per_second_limit_should_space_requests_and_wait_for_the_oldest_answer_to_leave_the_second()
            throws InterruptedException {
        Quota quota = warmedUp(quota(feed(Provider.RESO, FOUR_PER_SECOND)));
        Instant start = clock.instant();
        List<Instant> granted = new java.util.ArrayList<>();
        for (int i = 0; i < 4; i++) {
            quota.acquire(RequestKind.DATA);
            granted.add(clock.instant());
            clock.advance(Duration.ofMillis(i == 0 ? 100 : 10));
            quota.onResponse(RequestKind.DATA, 200, NO_HEADERS);
        }
        clock.advance(Duration.between(clock.instant(), start.plusMillis(1050))); // after the fifth's time
        quota.acquire(RequestKind.DATA);
        granted.add(clock.instant());

        assertThat(granted).as("a quarter second apart; the fifth when the first answer (100 ms after it) has been "
                + "a second in the window, not a spacing after its own time").containsExactly(start,
                start.plusMillis(250), start.plusMillis(500), start.plusMillis(750), start.plusMillis(1100));
    }

    @Test
    void feeds_of_one_credential_in_one_process_should_share_the_spacing() throws InterruptedException {
        FeedConfig first = feed(Provider.RESO, FOUR_PER_SECOND);
        FeedConfig second = new FeedConfig("quota-second", first.provider(), first.baseUrl(), first.auth(),
                first.originatingSystem(), first.resources(), first.pageSize(), first.overrides(), first.limits(),
                first.quota());
        Quota one = quota(first);
        Quota other = quota(second);
        assertThat(one.view().credentialId()).isEqualTo(other.view().credentialId());

        one.acquire(RequestKind.DATA);
        one.onResponse(RequestKind.DATA, 200, NO_HEADERS);
        other.acquire(RequestKind.MEDIA);
        other.onResponse(RequestKind.MEDIA, 200, NO_HEADERS);
        one.acquire(RequestKind.DATA);

        assertThat(clock.sleeps()).as("data and media of both feeds, 1/4 s apart")
                .containsExactly(Duration.ofMillis(250), Duration.ofMillis(250));
    }

    @Test
    void a_cold_process_should_send_one_request_at_a_time_until_its_first_answers() throws Exception {
        Quota quota = quota(feed(Provider.RESO, FOUR_PER_SECOND));
        quota.acquire(RequestKind.DATA);
        clock.advance(Duration.ofSeconds(1)); // past the spacing: only the unanswered first request holds the second

        java.util.concurrent.CompletableFuture<Void> second = java.util.concurrent.CompletableFuture.runAsync(() -> {
            try {
                quota.acquire(RequestKind.DATA);
            } catch (InterruptedException e) {
                throw new IllegalStateException(e);
            }
        });
        Thread.sleep(400);
        assertThat(second).as("waits for the first answer (at most %s)", WindowedQuota.WARM_UP_WAIT).isNotDone();

        quota.onResponse(RequestKind.DATA, 200, NO_HEADERS);
        second.get(1, java.util.concurrent.TimeUnit.SECONDS);
    }
}
