package dev.mlsync.web;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import dev.mlsync.sim.SimOptions;
import dev.mlsync.sim.SimProfile;
import dev.mlsync.sim.Simulator;
import dev.mlsync.testing.MlsyncProcess;
import dev.mlsync.testing.TestPostgres;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import org.junit.jupiter.api.Test;

/** {@code mlsync serve} as a process of its own: it serves, runs jobs, and stops gracefully on SIGTERM. */
class ServeProcessIT {
    private static final String ADMIN = "serve-process-admin-token";
    private static final Duration WAIT = Duration.ofSeconds(60);

    @Test
    void sigterm_should_stop_serve_after_handing_its_running_job_back() throws Exception {
        try (Simulator sim = Simulator.start(SimOptions.of(300).withProfile(SimProfile.RESO).withToken("serve-sim"));
             MlsyncProcess serve = start(TestPostgres.freshDatabaseUrl(), sim)) {
            ApiClient api = new ApiClient(serve.awaitServing(WAIT), ADMIN);
            assertThat(api.withToken(null).get("/health/ready").status()).isEqualTo(200);
            JsonNode job = api.send("POST", "/api/jobs", "{\"feed\":\"slow\",\"kind\":\"full\"}").json();
            long id = job.path("id").asLong();
            serve.await("the job to commit two pages", WAIT, () -> api.get("/api/jobs/" + id).json()
                    .path("progress").path("pages").asInt() >= 2 ? true : null);

            assertThat(serve.terminate(Duration.ofSeconds(45))).as("serve exited within its shutdown timeout").isTrue();
            String output = serve.output();
            assertThat(output).contains("mlsync: stopping");
            assertThat(output).containsPattern("job " + id + ".*(handed back|stopped)");
        }
    }

    private static MlsyncProcess start(String databaseUrl, Simulator sim) throws Exception {
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
        return MlsyncProcess.builder("serve", Path.of("target/serve-process.log")).env("MLSYNC_ADMIN_TOKEN", ADMIN)
                .start("serve", "--config", config.toString());
    }
}
