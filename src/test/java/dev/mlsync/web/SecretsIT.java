package dev.mlsync.web;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import com.sun.net.httpserver.HttpServer;
import dev.mlsync.App;
import dev.mlsync.sim.SimOptions;
import dev.mlsync.sim.SimProfile;
import dev.mlsync.sim.Simulator;
import dev.mlsync.testing.Replica;
import dev.mlsync.testing.TestPostgres;
import java.io.File;
import java.io.IOException;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.net.URI;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.TimeUnit;
import java.util.function.Supplier;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
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
    private static final Pattern SERVING = Pattern.compile("mlsync serving (http://127\\.0\\.0\\.1:\\d+/)");

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
            Path log = Files.createDirectories(Path.of("target")).resolve("secrets-serve.log");
            Files.deleteIfExists(log);
            Process serve = start(work, databaseUrl, sim, hook, log);
            try {
                URI base = URI.create(await("serve to print its address", () -> {
                    Matcher matcher = SERVING.matcher(read(log));
                    return matcher.find() ? matcher.group(1) : null;
                }, serve));
                ApiClient api = new ApiClient(base, ADMIN);
                long good = submit(api, "demo");
                long refused = submit(api, "refused");
                Replica replica = new Replica(databaseUrl, "demo");
                try {
                    await("both jobs to finish and every photo to settle", () -> finished(api, good)
                            && finished(api, refused) && count(replica, "SELECT count(*) FROM listing_media "
                            + "WHERE state = 'pending'") == 0 && count(replica, "SELECT count(*) FROM listing_media") > 0
                            ? true : null, serve);
                } catch (AssertionError e) {
                    throw new AssertionError(e.getMessage() + "; photos: " + replica.strings("SELECT state || ' '"
                            + " || coalesce(last_error, '') || ' ' || attempts FROM listing_media LIMIT 5"));
                }
                await("the alert webhook", () -> hooks.isEmpty() ? null : true, serve);
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

                serve.destroy();
                assertThat(serve.waitFor(45, TimeUnit.SECONDS)).isTrue();
                String output = read(log);
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
            } finally {
                serve.destroyForcibly();
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

    private static Process start(Path work, String databaseUrl, Simulator sim, HttpServer hook, Path log)
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
        String java = ProcessHandle.current().info().command().orElse("java");
        ProcessBuilder builder = new ProcessBuilder(List.of(java, "-Djava.io.tmpdir=" + dotMlsync.resolve("tmp"),
                "-cp", System.getProperty("java.class.path"), App.class.getName(), "serve", "--config",
                config.toString()))
                .directory(work.toFile()).redirectErrorStream(true).redirectOutput(new File(log.toString()));
        Files.createDirectories(dotMlsync.resolve("tmp"));
        Map<String, String> env = builder.environment();
        env.put("MLSYNC_ADMIN_TOKEN", ADMIN);
        env.put("MLSYNC_DB_PASSWORD", DB_PASSWORD);
        env.put("MLSYNC_LOG_LEVEL", "DEBUG"); // every line mlsync can log
        return builder.start();
    }

    private static String read(Path log) {
        try {
            return Files.exists(log) ? Files.readString(log) : "";
        } catch (IOException e) {
            return "";
        }
    }

    private static <T> T await(String what, Supplier<T> probe, Process serve) throws InterruptedException {
        long deadline = System.nanoTime() + Duration.ofSeconds(90).toNanos();
        while (System.nanoTime() < deadline && serve.isAlive()) {
            T found = probe.get();
            if (found != null) {
                return found;
            }
            Thread.sleep(200);
        }
        throw new AssertionError("never saw " + what + (serve.isAlive() ? "" : "; serve exited with "
                + serve.exitValue()) + "; see target/secrets-serve.log");
    }
}
