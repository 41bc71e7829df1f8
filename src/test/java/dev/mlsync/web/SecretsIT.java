package dev.mlsync.web;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import com.sun.net.httpserver.HttpServer;
import dev.mlsync.sim.SimOptions;
import dev.mlsync.sim.SimProfile;
import dev.mlsync.sim.Simulator;
import dev.mlsync.testing.MlsyncProcess;
import dev.mlsync.testing.Replica;
import dev.mlsync.testing.TestPostgres;
import java.io.IOException;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * {@code mlsync serve} as its own process with recognisable fake secrets (provider tokens, database password,
 * admin token, alert webhook URL) replicates a feed, fails another on a refused token, stores its photos under
 * {@code .mlsync/media} and posts an alert; afterwards no secret appears in its output (every log line), any API answer
 * (job errors included), /metrics, the webhook posts, the database's error columns, or any file under its
 * working {@code .mlsync} directory.
 */
class SecretsIT {
    private static final String PROVIDER_TOKEN = "FAKE-provider-token-7Hq2";
    private static final String WRONG_TOKEN = "FAKE-refused-token-K3p9";
    private static final String DB_PASSWORD = "FAKE-db-password-Wm4x";
    private static final String ADMIN = "FAKE-admin-token-Qe5n";
    private static final String HOOK_SECRET = "FAKE-webhook-path-T6yb";
    private static final List<String> SECRETS = List.of(PROVIDER_TOKEN, WRONG_TOKEN, DB_PASSWORD, ADMIN,
            HOOK_SECRET);
    private static final Duration WAIT = Duration.ofSeconds(90);

    @Test
    void no_secret_should_reach_a_log_line_an_answer_metrics_or_a_working_file(@TempDir Path work) throws Exception {
        List<String> hooks = new CopyOnWriteArrayList<>();
        HttpServer hook = HttpServer.create(new InetSocketAddress(InetAddress.getByName("127.0.0.1"), 0), 0);
        hook.createContext("/", exchange -> {
            hooks.add(new String(exchange.getRequestBody().readAllBytes(), StandardCharsets.UTF_8));
            exchange.sendResponseHeaders(204, -1);
            exchange.close();
        });
        hook.start();
        try (Simulator sim = Simulator.start(SimOptions.of(5).withProfile(SimProfile.RESO)
                .withToken(PROVIDER_TOKEN))) {
            String databaseUrl = TestPostgres.freshDatabaseUrl();
            try (MlsyncProcess serve = start(work, databaseUrl, sim, hook)) {
                ApiClient api = new ApiClient(serve.awaitServing(WAIT), ADMIN);
                long good = submit(api, "demo");
                long refused = submit(api, "refused");
                Replica replica = new Replica(databaseUrl, "demo");
                try {
                    serve.await("both jobs to finish and every photo to settle", WAIT, () -> finished(api, good)
                            && finished(api, refused) && count(replica, "SELECT count(*) FROM listing_media "
                            + "WHERE state = 'pending'") == 0 && count(replica, "SELECT count(*) FROM listing_media") > 0
                            ? true : null);
                } catch (AssertionError e) {
                    throw new AssertionError(e.getMessage() + "; photos: " + replica.strings("SELECT state || ' '"
                            + " || coalesce(last_error, '') || ' ' || attempts FROM listing_media LIMIT 5"));
                }
                serve.await("the alert webhook", WAIT, () -> hooks.isEmpty() ? null : true);
                assertThat(count(replica, "SELECT count(*) FROM listing_media WHERE state = 'stored'")).isPositive();
                assertThat(api.get("/api/jobs/" + refused).json().path("status").asText()).isEqualTo("failed");

                List<String> seen = new ArrayList<>(hooks);
                for (String path : List.of("/api/feeds", "/api/feeds/demo", "/api/feeds/refused", "/api/runs",
                        "/api/errors", "/api/jobs", "/api/jobs/" + good, "/api/jobs/" + refused, "/api/alerts",
                        "/api/listings", "/metrics", "/health/ready", "/", "/api/config", "/api/no-such-route")) {
                    seen.add(path + " -> " + api.get(path).body());
                    seen.add(path + " (no token) -> " + api.withToken(null).get(path).body());
                }
                JsonNode listing = api.get("/api/listings?feed=demo&limit=1").json().path("listings").get(0);
                seen.add(api.get("/api/listings/demo/" + listing.path("listingKey").asText()).body());
                seen.addAll(replica.strings("SELECT coalesce(error, '') FROM sync_run"));
                seen.addAll(replica.strings("SELECT message || coalesce(payload_excerpt, '') FROM sync_error"));
                seen.addAll(replica.strings("SELECT coalesce(last_error, '') FROM listing_media"));
                for (String text : seen) {
                    assertNoSecret(text, "an answer or stored error");
                }

                assertThat(serve.terminate(Duration.ofSeconds(45))).isTrue();
                String output = serve.output();
                assertThat(output).contains("mlsync serving", "refused");
                assertNoSecret(output, "serve's output");
                Path dotMlsync = work.resolve(".mlsync");
                assertThat(dotMlsync).isDirectory();
                try (Stream<Path> files = Files.walk(dotMlsync)) {
                    for (Path file : files.filter(Files::isRegularFile).toList()) {
                        if (!file.getFileName().toString().equals("mlsync.yml")) {
                            assertNoSecret(new String(Files.readAllBytes(file), StandardCharsets.ISO_8859_1),
                                    file.toString());
                        }
                    }
                }
            }
        } finally {
            hook.stop(0);
        }
    }

    private static void assertNoSecret(String text, String where) {
        for (String secret : SECRETS) {
            assertThat(text).as(where + " must not contain " + secret).doesNotContain(secret);
        }
    }

    private static long submit(ApiClient api, String feed) {
        ApiClient.Answer answer = api.send("POST", "/api/jobs", "{\"feed\":\"" + feed + "\",\"kind\":\"full\"}");
        assertThat(answer.status()).as(answer.body()).isEqualTo(202);
        return answer.json().path("id").asLong();
    }

    private static boolean finished(ApiClient api, long job) {
        String status = api.get("/api/jobs/" + job).json().path("status").asText();
        return !status.equals("queued") && !status.equals("running");
    }

    private static long count(Replica replica, String sql) {
        try {
            return replica.count(sql);
        } catch (Exception e) {
            return -1;
        }
    }

    private static MlsyncProcess start(Path work, String databaseUrl, Simulator sim, HttpServer hook)
            throws IOException {
        Path dotMlsync = Files.createDirectories(work.resolve(".mlsync"));
        Path config = Files.writeString(dotMlsync.resolve("mlsync.yml"), """
                database:
                  url: "%s"
                  user: postgres
                media: {workers: 2, retryDelaySeconds: 1}
                server:
                  bind: 127.0.0.1:0
                  alerts: {webhooks: ["http://127.0.0.1:%d/hooks/%s"]}
                workers: {threads: 2, pollingInterval: 200ms, heartbeatInterval: 300ms, missedHeartbeats: 4}
                feeds:
                  - id: demo
                    provider: reso
                    baseUrl: "%s"
                    auth: {token: "%s"}
                    schedule: {incremental: "off", reconcile: "off"}
                  - id: refused
                    provider: reso
                    baseUrl: "%s"
                    auth: {token: "%s"}
                    schedule: {incremental: "off", reconcile: "off"}
                """.formatted(databaseUrl, hook.getAddress().getPort(), HOOK_SECRET,
                sim.serviceRoot(), PROVIDER_TOKEN, sim.serviceRoot(), WRONG_TOKEN));
        return MlsyncProcess.builder("serve", Path.of("target/secrets-serve.log")).directory(work)
                .env("MLSYNC_ADMIN_TOKEN", ADMIN).env("MLSYNC_DB_PASSWORD", DB_PASSWORD)
                .env("MLSYNC_LOG_LEVEL", "DEBUG") // every line mlsync can log
                .start("serve", "--config", config.toString());
    }
}
