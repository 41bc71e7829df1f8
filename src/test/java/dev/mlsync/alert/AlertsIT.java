package dev.mlsync.alert;

import static org.assertj.core.api.Assertions.assertThat;

import com.sun.net.httpserver.HttpServer;
import dev.mlsync.config.AuthConfig;
import dev.mlsync.config.DatabaseConfig;
import dev.mlsync.config.FeedConfig;
import dev.mlsync.config.MlsyncConfig;
import dev.mlsync.config.ProfileOverrides;
import dev.mlsync.config.Provider;
import dev.mlsync.config.ServerConfig;
import dev.mlsync.quota.Quota;
import dev.mlsync.store.AlertRow;
import dev.mlsync.store.Database;
import dev.mlsync.store.RunStore;
import dev.mlsync.testing.SettableClock;
import dev.mlsync.testing.TestPostgres;
import java.io.IOException;
import java.net.InetSocketAddress;
import java.net.http.HttpClient;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.atomic.AtomicInteger;
import org.junit.jupiter.api.Test;

/** Alert episodes against real PostgreSQL and a real webhook receiver: fire once, resolve, retry delivery. */
class AlertsIT {
    private static final Instant T0 = Instant.parse("2026-12-01T08:00:00Z");

    private final SettableClock clock = new SettableClock(T0);

    private static Alerts alerts(Database database, SettableClock clock, List<String> webhooks) {
        ServerConfig server = ServerConfig.ofDefaults();
        ServerConfig.AlertsConfig thresholds = new ServerConfig.AlertsConfig(webhooks, 30, 5.0, 24, 5000);
        server = new ServerConfig(server.bind(), null, true, true, 30, thresholds);
        MlsyncConfig config = new MlsyncConfig(DatabaseConfig.ofDefaults(), List.of()).withServer(server);
        return new Alerts(config, database, clock, HttpClient.newHttpClient(), List.of(Duration.ofMillis(50)));
    }

    @Test
    void a_long_run_should_fire_once_resolve_once_and_reach_the_webhook_despite_a_failed_delivery()
            throws IOException, InterruptedException {
        List<String> received = new CopyOnWriteArrayList<>();
        AtomicInteger requests = new AtomicInteger();
        HttpServer hook = HttpServer.create(new InetSocketAddress("127.0.0.1", 0), 0);
        hook.createContext("/hook", exchange -> {
            String body = new String(exchange.getRequestBody().readAllBytes(), StandardCharsets.UTF_8);
            boolean fail = requests.getAndIncrement() == 0;
            if (!fail) {
                received.add(body);
            }
            exchange.sendResponseHeaders(fail ? 500 : 200, -1);
            exchange.close();
        });
        hook.start();
        try (Database database = TestPostgres.freshDatabase();
             Alerts alerts = alerts(database, clock, List.of("http://127.0.0.1:" + hook.getAddress().getPort() + "/hook"))) {
            RunStore runs = database.runs();
            long run = runs.start("slow", "Property", "incremental", "test", null, T0);

            clock.advance(Duration.ofMinutes(10));
            assertThat(alerts.evaluate()).isEmpty();
            clock.advance(Duration.ofMinutes(21));
            List<AlertRow> fired = alerts.evaluate();
            assertThat(fired).extracting(AlertRow::rule).containsExactly("run_too_long");
            assertThat(fired.getFirst().message()).contains("feed slow, Property").contains("31 min");
            clock.advance(Duration.ofMinutes(5));
            assertThat(alerts.evaluate()).as("the same episode does not fire again").isEmpty();
            assertThat(alerts.recent()).hasSize(1).allMatch(a -> a.resolvedAt() == null);

            runs.finish(run, "completed", null, null, clock.instant());
            List<AlertRow> resolved = alerts.evaluate();
            assertThat(resolved).extracting(AlertRow::rule).containsExactly("run_too_long");
            assertThat(resolved.getFirst().resolvedAt()).isEqualTo(clock.instant());
            assertThat(alerts.evaluate()).isEmpty();

            long deadline = System.nanoTime() + Duration.ofSeconds(10).toNanos();
            while (received.size() < 2 && System.nanoTime() < deadline) {
                Thread.sleep(20);
            }
            // A retried delivery may arrive after a later one: compare regardless of order.
            assertThat(received).hasSize(2);
            assertThat(received).filteredOn(b -> b.contains("\"text\":\"[mlsync] FIRING run_too_long: feed slow, "
                    + "Property")).hasSize(1);
            assertThat(received).filteredOn(b -> b.contains("\"text\":\"[mlsync] RESOLVED run_too_long")
                    && b.contains("\"state\":\"resolved\"")).hasSize(1);
            assertThat(requests.get()).as("the failed first delivery was retried once").isEqualTo(3);
        } finally {
            hook.stop(0);
        }
    }

    @Test
    void a_failed_sync_and_a_stale_feed_should_fire_and_both_resolve_with_the_next_success() {
        try (Database database = TestPostgres.freshDatabase(); Alerts alerts = alerts(database, clock, List.of())) {
            RunStore runs = database.runs();
            long failed = runs.start("broken", "Property", "incremental", "test", null, T0);
            runs.finish(failed, "failed", null, "HTTP 401 from the provider", T0.plusSeconds(5));

            assertThat(alerts.evaluate()).singleElement().satisfies(a -> {
                assertThat(a.rule()).isEqualTo("sync_failed");
                assertThat(a.message()).contains("run " + failed).contains("HTTP 401 from the provider");
            });
            clock.advance(Duration.ofHours(25));
            assertThat(alerts.evaluate()).extracting(AlertRow::rule).containsExactly("no_recent_success");
            assertThat(alerts.evaluate()).isEmpty();

            long ok = runs.start("broken", "Property", "incremental", "test", null, clock.instant());
            runs.finish(ok, "completed", null, null, clock.instant());
            assertThat(alerts.evaluate()).extracting(AlertRow::rule)
                    .containsExactlyInAnyOrder("sync_failed", "no_recent_success");
            assertThat(alerts.recent()).hasSize(2).allMatch(a -> a.resolvedAt() != null);

            long again = runs.start("broken", "Property", "incremental", "test", null, clock.instant());
            runs.finish(again, "failed", null, "timeout", clock.instant());
            assertThat(alerts.evaluate()).as("a new episode fires again").extracting(AlertRow::rule)
                    .containsExactly("sync_failed");
        }
    }

    @Test
    void a_credential_used_elsewhere_should_fire_once_and_resolve_two_hours_after_the_last_warning() throws Exception {
        FeedConfig feed = new FeedConfig("shared", Provider.TRESTLE, java.net.URI.create("http://127.0.0.1:9/odata/"),
                AuthConfig.bearer("not-sent"), null, List.of("Property"), 100, ProfileOverrides.none(), null, null);
        ServerConfig server = ServerConfig.ofDefaults();
        server = new ServerConfig(server.bind(), null, true, true, 30, new ServerConfig.AlertsConfig(List.of(), 30,
                5.0, 24, 5000));
        MlsyncConfig config = new MlsyncConfig(DatabaseConfig.ofDefaults(), List.of(feed)).withServer(server);
        try (Database database = TestPostgres.freshDatabase();
             Alerts alerts = new Alerts(config, database, clock, HttpClient.newHttpClient(), List.of())) {
            assertThat(alerts.evaluate()).isEmpty();
            String credential = Quota.view(feed, database.quota(), clock).credentialId();
            try (var connection = database.dataSource().getConnection();
                 var insert = connection.prepareStatement("""
                         INSERT INTO quota_credential (credential_id, updated_at, warning, warning_at)
                         VALUES (?, now(), 'credential used elsewhere: the provider counts 900 of 7200 (Hour-Quota)                          this hour, this deployment sent 400', ?)""")) {
                insert.setString(1, credential);
                insert.setObject(2, java.time.OffsetDateTime.ofInstant(T0, java.time.ZoneOffset.UTC));
                insert.executeUpdate();
            }
            List<AlertRow> fired = alerts.evaluate();
            assertThat(fired).extracting(AlertRow::rule).containsExactly("credential_used_elsewhere");
            assertThat(fired.getFirst().message()).contains("feed shared", "900 of 7200").doesNotContain("not-sent");
            clock.advance(Duration.ofMinutes(90));
            assertThat(alerts.evaluate()).as("the same episode does not fire again").isEmpty();
            clock.advance(Duration.ofMinutes(31));
            assertThat(alerts.evaluate()).extracting(AlertRow::rule).containsExactly("credential_used_elsewhere");
            assertThat(alerts.recent()).singleElement().satisfies(a -> assertThat(a.resolvedAt()).isNotNull());
        }
    }
}
