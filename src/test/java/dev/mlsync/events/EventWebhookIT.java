package dev.mlsync.events;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.sun.net.httpserver.HttpExchange;
import com.sun.net.httpserver.HttpServer;
import dev.mlsync.App;
import dev.mlsync.config.AuthConfig;
import dev.mlsync.config.BindAddress;
import dev.mlsync.config.DatabaseConfig;
import dev.mlsync.config.EventsConfig;
import dev.mlsync.config.FeedConfig;
import dev.mlsync.config.MlsyncConfig;
import dev.mlsync.config.ProfileOverrides;
import dev.mlsync.config.Provider;
import dev.mlsync.config.RateLimits;
import dev.mlsync.config.ServerConfig;
import dev.mlsync.replicate.RunKind;
import dev.mlsync.replicate.RunListener;
import dev.mlsync.replicate.RunResult;
import dev.mlsync.sim.SimOptions;
import dev.mlsync.sim.Simulator;
import dev.mlsync.store.Database;
import dev.mlsync.testing.SettableClock;
import dev.mlsync.testing.TestPostgres;
import dev.mlsync.web.AdminServer;
import dev.mlsync.web.Metrics;
import dev.mlsync.web.WebServices;
import org.junit.jupiter.api.Test;

import javax.crypto.Mac;
import javax.crypto.spec.SecretKeySpec;
import java.io.IOException;
import java.net.InetSocketAddress;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.HexFormat;
import java.util.List;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.stream.Collectors;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * Replication against the simulator writes one event per change; a webhook receiver that fails its first
 * requests (500s and a dropped connection) still gets every event, in order, signed, and the API replays the
 * same sequence.
 */
class EventWebhookIT {
    private static final String SECRET = "whsec-for-tests";
    private static final String TOKEN = "admin-token-for-tests";
    private static final ObjectMapper JSON = new ObjectMapper();
    private static final RateLimits SIMULATOR_LIMITS = new RateLimits(10_000, 600_000, 36_000_000, 864_000_000);

    /** One POST as the receiver saw it, and what it answered (0: dropped the connection). */
    private record Received(int answer, String body, String signature, String eventIds) {
    }

    /** Fails its first requests: 500, dropped connection, 500, then answers 200. */
    private static final class Receiver implements AutoCloseable {
        private final HttpServer server;
        private final List<Received> received = new CopyOnWriteArrayList<>();
        private final AtomicInteger requests = new AtomicInteger();

        Receiver() throws IOException {
            server = HttpServer.create(new InetSocketAddress("127.0.0.1", 0), 0);
            server.createContext("/hook", this::handle);
            server.start();
        }

        private void handle(HttpExchange exchange) throws IOException {
            String body = new String(exchange.getRequestBody().readAllBytes(), StandardCharsets.UTF_8);
            int n = requests.incrementAndGet();
            int answer = n == 2 ? 0 : n <= 3 ? 500 : 200;
            received.add(new Received(answer, body, exchange.getRequestHeaders().getFirst("X-Mlsync-Signature"),
                    exchange.getRequestHeaders().getFirst("X-Mlsync-Event-Id")));
            if (answer == 0) {
                exchange.close(); // no response at all: the connection is dropped
                return;
            }
            exchange.sendResponseHeaders(answer, -1);
            exchange.close();
        }

        URI uri() {
            return URI.create("http://127.0.0.1:" + server.getAddress().getPort() + "/hook");
        }

        @Override
        public void close() {
            server.stop(0);
        }
    }

    @Test
    void every_event_should_reach_a_failing_webhook_in_order_signed_and_equal_the_api_replay() throws Exception {
        try (Simulator sim = Simulator.start(SimOptions.of(300).withToken("secret-for-tests"));
             Receiver receiver = new Receiver()) {
            Database database = TestPostgres.freshDatabase();
            FeedConfig feed = new FeedConfig("f1", Provider.RESO, sim.serviceRoot(), AuthConfig.bearer("secret-for-tests"),
                    sim.originatingSystem(), List.of("Property", "Member"), 1000, ProfileOverrides.none(),
                    SIMULATOR_LIMITS, null);
            EventsConfig events = new EventsConfig(List.of(new EventsConfig.Webhook(receiver.uri().toString(), SECRET,
                    null, null)), 30);
            MlsyncConfig config = new MlsyncConfig(DatabaseConfig.ofDefaults(), List.of(feed)).withEvents(events);
            SettableClock clock = new SettableClock(Instant.parse("2026-06-01T00:00:00Z"));
            try (App app = App.over(config, database, java.time.Clock.systemUTC())) {
                EventDelivery delivery = new EventDelivery(events, database, clock, HttpClient.newHttpClient(),
                        "test-process", new Backoff(Duration.ofSeconds(1), Duration.ofMinutes(15), () -> 0.5));
                delivery.deliverDue(); // registers the webhook before any change

                List<RunResult> full = sync(app, feed, RunKind.FULL);
                var changes = sim.advance(Duration.ofHours(24));
                List<RunResult> incremental = sync(app, feed, RunKind.INCREMENTAL);
                List<JsonNode> api = pullAll(database, config);
                int created = java.util.stream.Stream.concat(full.stream(), incremental.stream())
                        .mapToInt(r -> r.counts().added()).sum();
                assertThat(sync(app, feed, RunKind.INCREMENTAL)).as("a replayed incremental writes nothing")
                        .allSatisfy(r -> assertThat(r.succeeded()).isTrue());
                assertThat(pullAll(database, config)).hasSameSizeAs(api);

                assertThat(api.stream().filter(e -> e.get("kind").asText().equals("created"))).hasSize(created);
                int changed = incremental.stream().mapToInt(r -> r.counts().updated() + r.counts().deleted()).sum();
                assertThat(api.stream().filter(e -> !e.get("kind").asText().equals("media_changed")).count())
                        .isEqualTo(created + changed);
                assertThat(api).extracting(e -> e.get("kind").asText()).contains("updated", "status_changed");
                assertThat(api.stream().filter(e -> e.get("kind").asText().equals("deleted")).count())
                        .isEqualTo(changes.deleted());

                for (int pass = 0; pass < 40 && delivered(receiver).size() < api.size(); pass++) {
                    delivery.deliverDue();
                    clock.advance(Duration.ofMinutes(20));
                }
                delivery.close();

                assertThat(receiver.received.subList(0, 4)).extracting(Received::answer).containsExactly(500, 0, 500, 200);
                assertThat(receiver.received).allSatisfy(r -> assertThat(r.signature()).isEqualTo(hmac(r.body())));
                assertThat(receiver.received.subList(0, 4)).extracting(Received::eventIds).as("retries resend the same events")
                        .containsOnly(receiver.received.getFirst().eventIds());
                List<JsonNode> delivered = delivered(receiver);
                assertThat(delivered).extracting(e -> e.get("eventId").asText())
                        .containsExactlyElementsOf(api.stream().map(e -> e.get("eventId").asText()).toList());
                assertThat(delivered).extracting(e -> e.get("id").asLong()).doesNotHaveDuplicates();
                for (Received r : receiver.received) {
                    assertThat(r.eventIds()).isEqualTo(events(r.body()).stream().map(e -> e.get("eventId").asText())
                            .collect(Collectors.joining(",")));
                }
            }
        }
    }

    private static List<RunResult> sync(App app, FeedConfig feed, RunKind kind) {
        List<RunResult> results = app.sync().sync(feed, null, kind, "test", RunListener.NONE);
        assertThat(results).allSatisfy(r -> assertThat(r.succeeded()).as(r.error()).isTrue());
        return results;
    }

    /** The events of every request the receiver answered 200, in the order received. */
    private static List<JsonNode> delivered(Receiver receiver) {
        List<JsonNode> events = new ArrayList<>();
        receiver.received.stream().filter(r -> r.answer() == 200).forEach(r -> events.addAll(events(r.body())));
        return events;
    }

    private static List<JsonNode> events(String body) {
        try {
            List<JsonNode> events = new ArrayList<>();
            JSON.readTree(body).get("events").forEach(events::add);
            return events;
        } catch (IOException e) {
            throw new AssertionError(e);
        }
    }

    /** GET /api/events from after=0, following next, 50 at a time. */
    private static List<JsonNode> pullAll(Database database, MlsyncConfig config) throws Exception {
        ServerConfig server = new ServerConfig(new BindAddress("127.0.0.1", 0), TOKEN, true, true, 30, null);
        WebServices services = new WebServices(config, database, java.time.Clock.systemUTC(),
                new Metrics(config, database, java.time.Clock.systemUTC()), null, null, null);
        List<JsonNode> all = new ArrayList<>();
        try (AdminServer admin = AdminServer.start(server, services)) {
            HttpClient http = HttpClient.newHttpClient();
            long after = 0;
            while (true) {
                HttpResponse<String> answer = http.send(HttpRequest.newBuilder(admin.uri().resolve(
                                "/api/events?limit=50&after=" + after)).header("Authorization", "Bearer " + TOKEN).build(),
                        HttpResponse.BodyHandlers.ofString());
                assertThat(answer.statusCode()).as(answer.body()).isEqualTo(200);
                JsonNode body = JSON.readTree(answer.body());
                if (body.get("events").isEmpty()) {
                    return all;
                }
                body.get("events").forEach(all::add);
                after = body.get("next").asLong();
            }
        }
    }

    private static String hmac(String body) throws Exception {
        Mac mac = Mac.getInstance("HmacSHA256");
        mac.init(new SecretKeySpec(SECRET.getBytes(StandardCharsets.UTF_8), "HmacSHA256"));
        return "sha256=" + HexFormat.of().formatHex(mac.doFinal(body.getBytes(StandardCharsets.UTF_8)));
    }
}
