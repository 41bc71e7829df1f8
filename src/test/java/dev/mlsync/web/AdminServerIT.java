package dev.mlsync.web;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import ch.qos.logback.classic.Logger;
import ch.qos.logback.classic.spi.ILoggingEvent;
import ch.qos.logback.core.read.ListAppender;
import com.fasterxml.jackson.databind.JsonNode;
import dev.mlsync.App;
import dev.mlsync.config.AuthConfig;
import dev.mlsync.config.BindAddress;
import dev.mlsync.config.DatabaseConfig;
import dev.mlsync.config.FeedConfig;
import dev.mlsync.config.MlsyncConfig;
import dev.mlsync.config.ProfileOverrides;
import dev.mlsync.config.Provider;
import dev.mlsync.config.RateLimits;
import dev.mlsync.config.ScheduleConfig;
import dev.mlsync.config.ServerConfig;
import dev.mlsync.replicate.RunKind;
import dev.mlsync.replicate.RunListener;
import dev.mlsync.replicate.RunResult;
import dev.mlsync.sim.SimOptions;
import dev.mlsync.sim.SimProfile;
import dev.mlsync.sim.Simulator;
import dev.mlsync.store.Database;
import dev.mlsync.testing.TestPostgres;
import dev.mlsync.web.ApiClient.Answer;
import java.net.URLEncoder;
import java.nio.charset.StandardCharsets;
import java.time.Clock;
import java.time.Duration;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.MethodOrderer;
import org.junit.jupiter.api.Order;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestMethodOrder;
import org.slf4j.LoggerFactory;

/**
 * The admin API against a real replica of the simulator: auth, validation, read models, metrics, health, secrets.
 * The rate-limit test runs last: once it used up this minute's job budget, job creation answers 429.
 */
@TestMethodOrder(MethodOrderer.OrderAnnotation.class)
class AdminServerIT {
    private static final String PROVIDER_SECRET = "prov1der-s3cret-bearer-9f2c";
    private static final String CLIENT_SECRET = "cl1ent-s3cret-oauth-77ab";
    private static final String ADMIN = "admin-token-for-tests-0d8e";
    private static final int JOBS_PER_MINUTE = 4;
    private static final Set<String> OPEN_ROUTES = Set.of("GET /health/live", "GET /health/ready", "GET /metrics");

    private static Simulator sim;
    private static Database database;
    private static App app;
    private static App.Serving serving;
    private static ApiClient api;
    private static FeedConfig feed;

    /** Every log event of this test class, to prove no provider secret reaches a log line. */
    private static final ListAppender<ILoggingEvent> LOGS = new ListAppender<>();

    @BeforeAll
    static void replicate_the_simulator_and_serve() {
        Logger root = (Logger) LoggerFactory.getLogger(org.slf4j.Logger.ROOT_LOGGER_NAME);
        LOGS.start();
        root.addAppender(LOGS);
        sim = Simulator.start(SimOptions.of(60).withProfile(SimProfile.RESO).withToken(PROVIDER_SECRET));
        feed = new FeedConfig("web", Provider.RESO, sim.serviceRoot(), AuthConfig.bearer(PROVIDER_SECRET),
                sim.originatingSystem(), List.of("Property", "Member"), 25, ProfileOverrides.none(),
                new RateLimits(1000, null, null, null), null).withSchedule(new ScheduleConfig(null, null));
        FeedConfig oauth = new FeedConfig("oauth", Provider.TRESTLE, sim.serviceRoot(),
                AuthConfig.oauth2(sim.tokenUrl() + "?client_secret=" + CLIENT_SECRET, "client", CLIENT_SECRET, "api"),
                null, List.of("Property"), 25, ProfileOverrides.none(), null, null)
                .withSchedule(new ScheduleConfig(null, null));
        ServerConfig server = new ServerConfig(new BindAddress("127.0.0.1", 0), ADMIN, true, true, JOBS_PER_MINUTE,
                ServerConfig.AlertsConfig.ofDefaults());
        database = TestPostgres.freshDatabase();
        app = App.over(new MlsyncConfig(DatabaseConfig.ofDefaults(), List.of(feed, oauth)).withServer(server), database,
                Clock.systemUTC());
        serving = app.serve(server);
        api = new ApiClient(serving.http().uri(), ADMIN);
        assertThat(app.sync().sync(feed, null, RunKind.FULL, "test", RunListener.NONE))
                .allMatch(RunResult::succeeded);
    }

    /** Jobs the tests queued run on the server's workers; wait for them so they never race a test's own sync. */
    private static void awaitNoOpenJobs() throws InterruptedException {
        for (int i = 0; i < 300; i++) {
            JsonNode jobs = api.get("/api/jobs?limit=1000").json().path("jobs");
            boolean open = false;
            for (JsonNode job : jobs) {
                open |= job.path("status").asText().equals("queued") || job.path("status").asText().equals("running");
            }
            if (!open) {
                return;
            }
            Thread.sleep(100);
        }
        throw new AssertionError("jobs still open after 30 s");
    }

    @AfterAll
    static void stop() {
        ((Logger) LoggerFactory.getLogger(org.slf4j.Logger.ROOT_LOGGER_NAME)).detachAppender(LOGS);
        serving.close();
        app.close();
        sim.close();
    }

    private static String concrete(String route) {
        return route.substring(route.indexOf(' ') + 1).replace("{id}", "1").replace("{feed}", "web")
                .replace("{key}", "X1").replace("{field}", "City");
    }

    @Test
    void every_api_route_should_answer_401_without_the_right_token() {
        List<String> routes = serving.http().routes();
        assertThat(routes).contains("GET /api/feeds", "GET /api/listings/{feed}/{key}", "POST /api/jobs",
                "DELETE /api/jobs/{id}");
        for (String route : routes) {
            if (OPEN_ROUTES.contains(route)) {
                continue;
            }
            assertThat(route).as("a route outside /api and the open health/metrics routes").contains(" /api/");
            String method = route.substring(0, route.indexOf(' '));
            String body = method.equals("POST") ? "{\"feed\":\"web\",\"kind\":\"incremental\"}" : null;
            for (ApiClient client : List.of(api.withToken(null), api.withToken("wrong"), api.withToken(ADMIN + "x"))) {
                Answer answer = client.send(method, concrete(route), body);
                assertThat(answer.status()).as(route).isEqualTo(401);
                assertThat(answer.field()).isEqualTo("Authorization");
            }
        }
        assertThat(api.withToken(null).get("/api/no-such-route").status()).isEqualTo(401);
        assertThat(api.get("/api/no-such-route").status()).isEqualTo(404);
    }

    @Test
    void bad_requests_should_get_400_naming_the_field_and_queue_nothing() {
        Map<String, String> badGets = Map.ofEntries(
                Map.entry("/api/listings?limit=0", "limit"),
                Map.entry("/api/listings?limit=abc", "limit"),
                Map.entry("/api/listings?minPrice=cheap", "minPrice"),
                Map.entry("/api/listings?minPrice=10&maxPrice=5", "maxPrice"),
                Map.entry("/api/listings?updatedSince=yesterday", "updatedSince"),
                Map.entry("/api/listings?after=not-a-cursor", "after"),
                Map.entry("/api/listings?feed=nope", "feed"),
                Map.entry("/api/listings?colour=red", "colour"),
                Map.entry("/api/runs?status=sideways", "status"),
                Map.entry("/api/runs?before=-3", "before"),
                Map.entry("/api/errors?limit=100000", "limit"),
                Map.entry("/api/jobs?status=lost", "status"),
                Map.entry("/api/jobs?feed=nope", "feed"),
                Map.entry("/api/jobs/abc", "id"));
        badGets.forEach((path, field) -> {
            Answer answer = api.get(path);
            assertThat(answer.status()).as(path).isEqualTo(400);
            assertThat(answer.field()).as(path).isEqualTo(field);
            assertThat(answer.json().path("error").asText()).as(path).isNotBlank();
        });
        Map<String, String> badJobs = Map.of(
                "{\"feed\":\"nope\",\"kind\":\"incremental\"}", "feed",
                "{\"feed\":\"web\",\"kind\":\"sideways\"}", "kind",
                "{\"feed\":\"web\",\"kind\":\"incremental\",\"resource\":\"Nope\"}", "resource",
                "{\"feed\":\"web\",\"kind\":\"incremental\",\"colour\":1}", "colour",
                "{\"feed\":\"web\",\"kind\":\"incremental\",\"dryRun\":\"yes\"}", "dryRun",
                "[1,2]", "body",
                "{not json", "body");
        int jobsBefore = api.get("/api/jobs?limit=1000").json().path("jobs").size();
        badJobs.forEach((body, field) -> {
            Answer answer = api.send("POST", "/api/jobs", body);
            assertThat(answer.status()).as(body).isEqualTo(400);
            assertThat(answer.field()).as(body).isEqualTo(field);
        });
        assertThat(api.get("/api/jobs?limit=1000").json().path("jobs").size()).isEqualTo(jobsBefore);
    }

    @Test
    void hostile_api_inputs_should_get_a_clear_4xx_and_change_nothing() throws Exception {
        int jobsBefore = api.get("/api/jobs?limit=1000").json().path("jobs").size();
        long listings = database.status().totals("web").listings();
        Map<String, String> badJobs = new java.util.LinkedHashMap<>();
        badJobs.put("{\"feed\":\"web' OR '1'='1\",\"kind\":\"incremental\"}", "feed");
        badJobs.put("{\"feed\":\"web\",\"kind\":\"incremental\",\"resource\":\"Property; DROP TABLE listing\"}",
                "resource");
        badJobs.put("{\"feed\":\"web\",\"kind\":\"incremental\",\"filter\":\"ListPrice gt 0) or (1 eq 1\"}",
                "filter");
        badJobs.put("{\"feed\":\"web\",\"kind\":\"incremental\",\"feed\":\"oauth\"}", "body");
        badJobs.put("{\"feed\":\"web\",\"kind\":\"incremental\",\"listingKeys\":" + "[".repeat(5_000)
                + "]".repeat(5_000) + "}", "body");
        badJobs.put("{\"feed\":\"web\",\"kind\":\"incremental\",\"filter\":\"" + "x".repeat(100_000) + "\"}",
                "body");
        badJobs.put("{\"feed\":{\"$ne\":null},\"kind\":\"incremental\"}", "feed");
        badJobs.put("", "body");
        badJobs.put("null", "body");
        badJobs.forEach((body, field) -> {
            Answer answer = api.send("POST", "/api/jobs", body);
            String shown = body.substring(0, Math.min(body.length(), 80));
            assertThat(answer.status()).as(shown).isEqualTo(400);
            assertThat(answer.field()).as(shown).isEqualTo(field);
            assertThat(answer.json().path("error").asText()).as(shown).isNotBlank().hasSizeLessThan(400);
        });
        Answer notUtf8 = api.sendBytes("POST", "/api/jobs", new byte[] {'{', '"', 'f', (byte) 0xC3, (byte) 0x28, '"', '}'});
        assertThat(notUtf8.status()).isEqualTo(400);
        assertThat(notUtf8.field()).isEqualTo("body");
        Answer oversized = api.send("POST", "/api/jobs", "{\"feed\":\"" + "x".repeat(3_000_000) + "\"}");
        assertThat(oversized.status()).isEqualTo(413);
        assertThat(oversized.json().path("error").asText()).contains("larger than");
        assertThat(oversized.field()).isEqualTo("body");

        String sqlish = URLEncoder.encode("x' OR '1'='1' --", StandardCharsets.UTF_8);
        for (String param : List.of("city", "status")) {
            Answer answer = api.get("/api/listings?" + param + "=" + sqlish);
            assertThat(answer.status()).as(param).isEqualTo(200);
            assertThat(answer.json().path("listings").size()).as(param).isZero();
        }
        assertThat(api.get("/api/listings?feed=" + sqlish).field()).isEqualTo("feed");
        assertThat(api.get("/api/listings/web/" + URLEncoder.encode("X' OR '1'='1", StandardCharsets.UTF_8))
                .status()).isEqualTo(404);
        assertThat(api.get("/api/listings/web/..%2F..%2Fetc%2Fpasswd").status()).isEqualTo(404);
        assertThat(api.get("/api/listings/web/" + "K".repeat(8_000)).status()).isBetween(400, 431);

        assertThat(api.get("/api/jobs?limit=1000").json().path("jobs").size()).isEqualTo(jobsBefore);
        assertThat(database.status().totals("web").listings()).isEqualTo(listings);
        assertThat(api.get("/health/ready").status()).isEqualTo(200);
    }

    @Test
    void listings_should_page_by_keyset_through_every_live_listing_exactly_once() {
        List<String> keys = new ArrayList<>();
        String after = null;
        int pages = 0;
        do {
            Answer page = api.get("/api/listings?feed=web&limit=7" + (after == null ? "" : "&after=" + after));
            assertThat(page.status()).isEqualTo(200);
            page.json().path("listings").forEach(l -> keys.add(l.path("listingKey").asText()));
            after = page.json().path("next").isNull() ? null : page.json().path("next").asText();
            pages++;
        } while (after != null && pages < 100);
        long live = database.status().totals("web").listings();
        assertThat(keys).hasSize((int) live).doesNotHaveDuplicates().isSorted();
        assertThat(pages).isEqualTo((int) Math.ceil(live / 7.0));
    }

    @Test
    void listings_should_page_in_change_order_too_and_refuse_a_cursor_of_the_other_order() {
        List<String> seen = new ArrayList<>();
        String after = null;
        String keyOrderToken = api.get("/api/listings?feed=web&limit=3").json().path("next").asText();
        int pages = 0;
        do {
            Answer page = api.get("/api/listings?feed=web&order=modified&limit=7" + (after == null ? "" : "&after="
                    + after));
            assertThat(page.status()).isEqualTo(200);
            page.json().path("listings").forEach(l -> seen.add(l.path("modificationTimestamp").asText() + " "
                    + l.path("listingKey").asText()));
            after = page.json().path("next").isNull() ? null : page.json().path("next").asText();
            pages++;
        } while (after != null && pages < 100);
        assertThat(seen).hasSize((int) database.status().totals("web").listings()).doesNotHaveDuplicates();
        List<java.time.Instant> times = seen.stream().map(s -> java.time.Instant.parse(s.substring(0, s.indexOf(' '))))
                .toList();
        assertThat(times).isSorted();
        assertThat(api.get("/api/listings?order=modified&after=" + keyOrderToken).field()).isEqualTo("after");
        assertThat(api.get("/api/listings?order=newest").field()).isEqualTo("order");
    }

    @Test
    void listing_filters_should_each_narrow_the_result_to_matching_rows() {
        JsonNode all = api.get("/api/listings?feed=web&limit=1000").json().path("listings");
        String city = all.get(0).path("city").asText();
        JsonNode inCity = api.get("/api/listings?city=" + URLEncoder.encode(city, StandardCharsets.UTF_8))
                .json().path("listings");
        long expectedInCity = count(all, l -> l.path("city").asText().equals(city));
        assertThat(inCity.size()).isEqualTo((int) expectedInCity);
        JsonNode band = api.get("/api/listings?minPrice=200000&maxPrice=600000&limit=1000").json().path("listings");
        assertThat(band.size()).isEqualTo((int) count(all, l -> l.path("listPrice").asDouble() >= 200_000
                && l.path("listPrice").asDouble() <= 600_000));
        JsonNode active = api.get("/api/listings?status=Active&limit=1000").json().path("listings");
        assertThat(active.size()).isEqualTo((int) count(all, l -> l.path("standardStatus").asText().equals("Active")));
        assertThat(api.get("/api/listings?updatedSince=2999-01-01").json().path("listings").size()).isZero();
        assertThat(api.get("/api/listings?updatedSince=2000-01-01T00:00:00Z&limit=1000").json().path("listings")
                .size()).isEqualTo(all.size());
    }

    private static long count(JsonNode rows, java.util.function.Predicate<JsonNode> test) {
        long n = 0;
        for (JsonNode row : rows) {
            n += test.test(row) ? 1 : 0;
        }
        return n;
    }

    @Test
    void one_listing_should_come_with_its_provider_record_and_media_in_order() {
        JsonNode first = api.get("/api/listings?feed=web&limit=50").json().path("listings");
        JsonNode withPhotos = null;
        for (JsonNode l : first) {
            if (l.path("photosCount").asInt() > 1) {
                withPhotos = l;
                break;
            }
        }
        assertThat(withPhotos).isNotNull();
        String key = withPhotos.path("listingKey").asText();
        Answer answer = api.get("/api/listings/web/" + key);
        assertThat(answer.status()).isEqualTo(200);
        JsonNode listing = answer.json();
        assertThat(listing.path("raw").path("ListingKey").asText()).isEqualTo(key);
        assertThat(listing.path("media").size()).isEqualTo(withPhotos.path("photosCount").asInt());
        assertThat(listing.path("media").get(0).path("media_url").asText()).startsWith("http");
        assertThat(listing.path("media").get(0).path("position").asInt())
                .isLessThanOrEqualTo(listing.path("media").get(1).path("position").asInt());
        assertThat(api.get("/api/listings/web/NOPE").status()).isEqualTo(404);
    }

    @Test
    void feeds_runs_and_errors_should_show_what_the_replica_holds() {
        JsonNode feeds = api.get("/api/feeds").json().path("feeds");
        assertThat(feeds.size()).isEqualTo(2);
        JsonNode web = api.get("/api/feeds/web").json();
        assertThat(web.path("records").asLong()).isEqualTo(database.status().totals("web").listings()
                + database.status().totals("web").records());
        assertThat(web.path("lastRun").path("status").asText()).isEqualTo("completed");
        assertThat(web.path("lastSuccess").isNull()).isFalse();
        assertThat(web.path("quota").path("breaker").asText()).isEqualTo("closed");
        assertThat(web.path("quota").path("limits").path("perSecond").asInt()).isEqualTo(1000);
        assertThat(web.path("resources").size()).isEqualTo(2);
        Answer unknown = api.get("/api/feeds/nope");
        assertThat(unknown.status()).isEqualTo(404);
        assertThat(unknown.field()).isEqualTo("id");
        assertThat(unknown.json().path("error").asText()).contains("nope");
        JsonNode runs = api.get("/api/runs?feed=web&limit=1").json();
        assertThat(runs.path("runs").size()).isEqualTo(1);
        JsonNode older = api.get("/api/runs?feed=web&before=" + runs.path("next").asText()).json().path("runs");
        assertThat(older.size()).isGreaterThanOrEqualTo(1);
        assertThat(older.get(0).path("id").asLong()).isLessThan(runs.path("runs").get(0).path("id").asLong());
        assertThat(api.get("/api/errors").status()).isEqualTo(200);
        assertThat(api.send("POST", "/api/errors/1/retry", null).status()).as("no dead letter in this replica")
                .isEqualTo(404);
    }

    @Test
    @Order(Integer.MAX_VALUE)
    void jobs_should_be_submitted_listed_cancelled_and_rate_limited_per_token() throws InterruptedException {
        Answer submitted = api.send("POST", "/api/jobs", "{\"feed\":\"web\",\"kind\":\"incremental\"}");
        assertThat(submitted.status()).isEqualTo(202);
        long id = submitted.json().path("id").asLong();
        assertThat(api.get("/api/jobs/" + id).json().path("status").asText()).isIn("queued", "running", "completed");
        assertThat(api.get("/api/jobs?feed=web").json().path("jobs").findValuesAsText("id")).contains(String.valueOf(id));
        Answer cancelled = api.send("DELETE", "/api/jobs/" + id, null);
        assertThat(cancelled.status()).isEqualTo(200);
        JsonNode job = cancelled.json();
        assertThat(job.path("status").asText().equals("cancelled") || job.path("status").asText().equals("completed")
                || job.path("cancelRequested").asBoolean()).as(job.toString()).isTrue();
        assertThat(api.get("/api/jobs/999999").status()).isEqualTo(404);
        Answer last;
        int attempts = 0;
        do {
            last = api.send("POST", "/api/jobs", "{\"feed\":\"web\",\"kind\":\"incremental\"}");
            attempts++;
        } while (last.status() == 202 && attempts <= 2 * JOBS_PER_MINUTE + 1); // a minute may turn meanwhile
        assertThat(last.status()).isEqualTo(429);
        assertThat(last.json().path("error").asText()).contains("too many jobs");
        awaitNoOpenJobs();
    }

    @Test
    void health_should_be_open_and_ready_when_the_database_is_current() {
        ApiClient anonymous = api.withToken(null);
        assertThat(anonymous.get("/health/live").json().path("status").asText()).isEqualTo("up");
        Answer ready = anonymous.get("/health/ready");
        assertThat(ready.status()).isEqualTo(200);
        assertThat(ready.json().path("checks").path("migrations").asText()).isEqualTo("current");
    }

    @Test
    void metrics_should_parse_as_prometheus_text_and_move_when_a_sync_runs() throws InterruptedException {
        Answer before = api.withToken(null).get("/metrics");
        assertThat(before.status()).isEqualTo(200);
        assertThat(before.contentType()).startsWith("text/plain");
        List<PrometheusText.Sample> first = PrometheusText.parse(before.body());
        double records = PrometheusText.sum(first, "mlsync_records_total", Map.of("feed", "web"));
        double requests = PrometheusText.sum(first, "mlsync_requests_total", Map.of("feed", "web", "status", "200"));
        assertThat(records).isGreaterThan(0);
        assertThat(requests).isGreaterThan(0);
        assertThat(PrometheusText.sum(first, "mlsync_replica_records", Map.of("feed", "web", "resource", "Property")))
                .isEqualTo(database.status().totals("web").listings());
        assertThat(first).anyMatch(s -> s.name().equals("mlsync_sync_lag_seconds"));
        assertThat(first).as("Trestle's hourly window is counted")
                .anyMatch(s -> s.name().equals("mlsync_quota_used") && s.labels().get("feed").equals("oauth")
                        && s.labels().get("window").equals("hour"));
        assertThat(first).as("a plain RESO feed limits no minute, hour or day: no false 0 for them")
                .noneMatch(s -> s.name().equals("mlsync_quota_used") && s.labels().get("feed").equals("web"));
        assertThat(first).anyMatch(s -> s.name().equals("mlsync_breaker_open"));

        sim.advance(Duration.ofMinutes(30));
        assertThat(app.sync().sync(feed, "Property", RunKind.INCREMENTAL, "test", RunListener.NONE))
                .allMatch(RunResult::succeeded);
        Thread.sleep(Metrics.GAUGE_REFRESH.toMillis()); // the DB gauges refresh at most this often

        List<PrometheusText.Sample> second = PrometheusText.parse(api.withToken(null).get("/metrics").body());
        assertThat(PrometheusText.sum(second, "mlsync_records_total", Map.of("feed", "web"))).isGreaterThan(records);
        assertThat(PrometheusText.sum(second, "mlsync_requests_total", Map.of("feed", "web", "status", "200")))
                .isGreaterThan(requests);
        assertThat(PrometheusText.sum(second, "mlsync_run_duration_seconds_count",
                Map.of("feed", "web", "resource", "Property", "status", "completed"))).isGreaterThanOrEqualTo(1);
        assertThat(PrometheusText.sum(second, "mlsync_replica_records", Map.of("feed", "web", "resource", "Property")))
                .isEqualTo(database.status().totals("web").listings());
    }

    @Test
    void no_response_should_ever_contain_a_provider_secret() {
        List<String> bodies = new ArrayList<>();
        Set<String> paths = new HashSet<>(List.of("/api/feeds", "/api/feeds/web", "/api/feeds/oauth", "/api/runs",
                "/api/errors", "/api/listings", "/api/jobs", "/api/alerts", "/health/live", "/health/ready",
                "/metrics", "/", "/app.js"));
        JsonNode listing = api.get("/api/listings?limit=1").json().path("listings").get(0);
        paths.add("/api/listings/web/" + listing.path("listingKey").asText());
        for (String path : paths) {
            bodies.add(api.get(path).body());
            bodies.add(api.withToken(null).get(path).body());
        }
        bodies.add(api.send("POST", "/api/jobs", "{\"feed\":\"oauth\",\"kind\":\"incremental\",\"filter\":\"x eq '"
                + "y'\"}").body());
        for (String body : bodies) {
            assertThat(body).doesNotContain(PROVIDER_SECRET).doesNotContain(CLIENT_SECRET).doesNotContain(ADMIN);
        }
        assertThat(LOGS.list).isNotEmpty();
        for (ILoggingEvent event : List.copyOf(LOGS.list)) {
            String line = event.getFormattedMessage() + (event.getThrowableProxy() == null ? ""
                    : " " + event.getThrowableProxy().getMessage());
            assertThat(line).doesNotContain(PROVIDER_SECRET).doesNotContain(CLIENT_SECRET).doesNotContain(ADMIN);
        }
    }

    @Test
    void health_and_metrics_should_require_the_token_when_the_config_closes_them() {
        ServerConfig closed = new ServerConfig(new BindAddress("127.0.0.1", 0), ADMIN, false, false, 30,
                ServerConfig.AlertsConfig.ofDefaults());
        WebServices services = new WebServices(app.config(), database, Clock.systemUTC(),
                new Metrics(app.config(), database, Clock.systemUTC()), null, null, null);
        try (AdminServer server = AdminServer.start(closed, services)) {
            ApiClient anonymous = new ApiClient(server.uri(), null);
            for (String path : List.of("/health/live", "/health/ready", "/metrics")) {
                assertThat(anonymous.get(path).status()).as(path).isEqualTo(401);
                assertThat(anonymous.withToken(ADMIN).get(path).status()).as(path).isEqualTo(200);
            }
            assertThat(server.routes()).as("no jobs routes without a job service").noneMatch(r -> r.contains("/api/jobs"));
        }
    }

    @Test
    void a_public_address_without_an_admin_token_should_be_refused() {
        ServerConfig open = ServerConfig.ofDefaults().withBind(new BindAddress("0.0.0.0", 0));
        assertThatThrownBy(() -> app.serve(open)).isInstanceOf(ServerRefusedException.class)
                .hasMessageContaining("0.0.0.0:0").hasMessageContaining("MLSYNC_ADMIN_TOKEN");
        ServerConfig loopback = ServerConfig.ofDefaults().withBind(new BindAddress("127.0.0.1", 0));
        AdminServer.requireTokenOffLoopback(loopback);
    }
}
