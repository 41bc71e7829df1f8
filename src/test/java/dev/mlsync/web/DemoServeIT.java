package dev.mlsync.web;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import dev.mlsync.App;
import dev.mlsync.testing.TestPostgres;
import java.io.File;
import java.net.URI;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.concurrent.TimeUnit;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.junit.jupiter.api.Test;

/**
 * {@code mlsync demo} without {@code --no-serve}, in its own JVM: after replicating, it serves the dashboard with the
 * one-time token it printed, the simulator's ticks bring incremental sync jobs, and SIGTERM stops it.
 */
class DemoServeIT {
    private static final Pattern DASHBOARD = Pattern.compile(
            "dashboard: +(http://127\\.0\\.0\\.1:\\d+/) +admin token \\(this run only\\): (\\S+)");

    @Test
    void the_demo_should_serve_its_replica_while_ticks_bring_incremental_syncs() throws Exception {
        Path config = Files.createTempFile(Files.createDirectories(Path.of("target")), "demo-", ".yml");
        Files.writeString(config, "database:\n  url: \"" + TestPostgres.freshDatabaseUrl() + "\"\n  user: postgres\n");
        Path log = Path.of("target/demo-serve.log");
        String java = ProcessHandle.current().info().command().orElse("java");
        Process demo = new ProcessBuilder(List.of(java, "-cp", System.getProperty("java.class.path"),
                App.class.getName(), "demo", "--listings", "15", "--config", config.toString(), "--bind",
                "127.0.0.1:0", "--tick-seconds", "1"))
                .redirectErrorStream(true).redirectOutput(new File(log.toString())).start();
        try {
            Matcher printed = await(demo, log, () -> {
                Matcher matcher = DASHBOARD.matcher(read(log));
                return matcher.find() ? matcher : null;
            });
            ApiClient api = new ApiClient(URI.create(printed.group(1)), printed.group(2));
            assertThat(api.withToken(null).get("/api/feeds").status()).isEqualTo(401);
            JsonNode feed = api.get("/api/feeds/demo").json();
            assertThat(feed.path("records").asLong()).isGreaterThan(15);
            JsonNode tickJob = await(demo, log, () -> {
                for (JsonNode job : api.get("/api/jobs?feed=demo&status=completed").json().path("jobs")) {
                    if (job.path("trigger").asText().equals("schedule")) {
                        return job;
                    }
                }
                return null;
            });
            assertThat(tickJob.path("kind").asText()).isEqualTo("incremental");
            assertThat(api.get("/").body()).contains("mlsync");

            demo.destroy(); // SIGTERM, like Ctrl-C
            assertThat(demo.waitFor(45, TimeUnit.SECONDS)).as("the demo stopped").isTrue();
            assertThat(read(log)).contains("Stopping: the ticks, then the server and the workers");
        } finally {
            demo.destroyForcibly();
        }
    }

    private static String read(Path log) {
        try {
            return Files.exists(log) ? Files.readString(log) : "";
        } catch (java.io.IOException e) {
            return "";
        }
    }

    private static <T> T await(Process process, Path log, java.util.function.Supplier<T> probe)
            throws InterruptedException {
        long deadline = System.nanoTime() + Duration.ofSeconds(300).toNanos();
        while (System.nanoTime() < deadline && process.isAlive()) {
            T found = probe.get();
            if (found != null) {
                return found;
            }
            Thread.sleep(200);
        }
        throw new AssertionError("the demo never got there" + (process.isAlive() ? "" : "; it exited with "
                + process.exitValue()) + "; see " + log);
    }
}
