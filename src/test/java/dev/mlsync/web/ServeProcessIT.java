package dev.mlsync.web;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import dev.mlsync.App;
import dev.mlsync.sim.SimOptions;
import dev.mlsync.sim.SimProfile;
import dev.mlsync.sim.Simulator;
import dev.mlsync.testing.TestPostgres;
import java.io.File;
import java.net.URI;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.concurrent.TimeUnit;
import java.util.function.Supplier;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.junit.jupiter.api.Test;

/** {@code mlsync serve} as a process of its own: it serves, runs jobs, and stops gracefully on SIGTERM. */
class ServeProcessIT {
    private static final String ADMIN = "serve-process-admin-token";
    private static final Pattern SERVING = Pattern.compile("mlsync serving (http://127\\.0\\.0\\.1:\\d+/)");

    @Test
    void sigterm_should_stop_serve_after_handing_its_running_job_back() throws Exception {
        try (Simulator sim = Simulator.start(SimOptions.of(300).withProfile(SimProfile.RESO).withToken("serve-sim"))) {
            Path log = Path.of("target/serve-process.log");
            Process serve = start(TestPostgres.freshDatabaseUrl(), sim, log);
            try {
                URI base = URI.create(await("serve to print its address", () -> {
                    Matcher matcher = SERVING.matcher(read(log));
                    return matcher.find() ? matcher.group(1) : null;
                }, serve));
                ApiClient api = new ApiClient(base, ADMIN);
                assertThat(api.withToken(null).get("/health/ready").status()).isEqualTo(200);
                JsonNode job = api.send("POST", "/api/jobs", "{\"feed\":\"slow\",\"kind\":\"full\"}").json();
                long id = job.path("id").asLong();
                await("the job to commit two pages", () -> api.get("/api/jobs/" + id).json().path("progress")
                        .path("pages").asInt() >= 2 ? true : null, serve);

                serve.destroy(); // SIGTERM
                assertThat(serve.waitFor(45, TimeUnit.SECONDS)).as("serve exited within its shutdown timeout").isTrue();
                String output = read(log);
                assertThat(output).contains("mlsync: stopping");
                assertThat(output).containsPattern("job " + id + ".*(handed back|stopped)");
            } finally {
                serve.destroyForcibly();
            }
        }
    }

    private static Process start(String databaseUrl, Simulator sim, Path log) throws Exception {
        Path config = Files.createTempFile(Files.createDirectories(Path.of("target")), "serve-", ".yml");
        Files.writeString(config, """
                database:
                  url: "%s"
                  user: postgres
                server:
                  bind: 127.0.0.1:0
                workers: {threads: 2, pollingInterval: 200ms, heartbeatInterval: 300ms, missedHeartbeats: 4}
                feeds:
                  - id: slow
                    provider: reso
                    baseUrl: "%s"
                    auth: {token: serve-sim}
                    originatingSystem: "%s"
                    pageSize: 5
                    limits: {perSecond: 4}
                    schedule: {incremental: "off", reconcile: "off"}
                """.formatted(databaseUrl, sim.serviceRoot(), sim.originatingSystem()));
        String java = ProcessHandle.current().info().command().orElse("java");
        ProcessBuilder builder = new ProcessBuilder(List.of(java, "-cp", System.getProperty("java.class.path"),
                App.class.getName(), "serve", "--config", config.toString()))
                .redirectErrorStream(true).redirectOutput(new File(log.toString()));
        builder.environment().put("MLSYNC_ADMIN_TOKEN", ADMIN);
        return builder.start();
    }

    private static String read(Path log) {
        try {
            return Files.exists(log) ? Files.readString(log) : "";
        } catch (java.io.IOException e) {
            return "";
        }
    }

    private static <T> T await(String what, Supplier<T> probe, Process serve) throws InterruptedException {
        long deadline = System.nanoTime() + Duration.ofSeconds(60).toNanos();
        while (System.nanoTime() < deadline && serve.isAlive()) {
            T found = probe.get();
            if (found != null) {
                return found;
            }
            Thread.sleep(100);
        }
        throw new AssertionError("never saw " + what + (serve.isAlive() ? "" : "; serve exited with "
                + serve.exitValue()) + "; see target/serve-process.log");
    }
}
