package dev.mlsync.web;

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
import dev.mlsync.config.WorkersConfig;
import dev.mlsync.jobs.Workers;
import dev.mlsync.replicate.RunKind;
import dev.mlsync.replicate.RunListener;
import dev.mlsync.sim.SimOptions;
import dev.mlsync.sim.Simulator;
import dev.mlsync.sim.TruthRecord;
import dev.mlsync.store.Database;
import dev.mlsync.testing.Replica;
import dev.mlsync.testing.TestPostgres;
import org.junit.jupiter.api.Test;

import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;

import static org.assertj.core.api.Assertions.assertThat;

/** {@code GET /api/listings/{feed}/{key}/diff} and reconcile jobs over {@code POST /api/jobs}, end to end. */
class ReconcileApiIT {
    private static final String ADMIN = "admin-token-for-reconcile-tests";
    private static final String TOKEN = "secret-for-reconcile-api-tests";

    @Test
    void diff_shows_what_changed_at_the_provider_and_a_reconcile_job_deletes_the_dropped_listing() throws Exception {
        try (Simulator sim = Simulator.start(SimOptions.of(150).withToken(TOKEN))) {
            String url = TestPostgres.freshDatabaseUrl();
            FeedConfig feed = new FeedConfig("f1", Provider.RESO, sim.serviceRoot(), AuthConfig.bearer(TOKEN), null,
                    List.of("Property"), 1000, ProfileOverrides.none(), new RateLimits(10_000, null, null, null), null)
                    .withSchedule(new ScheduleConfig(null, null));
            MlsyncConfig config = new MlsyncConfig(DatabaseConfig.ofDefaults(), List.of(feed)).withWorkers(
                    new WorkersConfig(2, Duration.ofMillis(200), Duration.ofMillis(300), 4, Duration.ofSeconds(10)));
            Database database = Database.connect(url, "postgres", null);
            try (App app = App.over(config, database, Clock.systemUTC());
                 Workers workers = app.workers();
                 AdminServer server = AdminServer.start(new ServerConfig(new BindAddress("127.0.0.1", 0), ADMIN, true,
                         true, 30, ServerConfig.AlertsConfig.ofDefaults()), new WebServices(config, database,
                         Clock.systemUTC(), new Metrics(config, database, Clock.systemUTC()), app.jobs(), workers::running,
                         null, app.listingDiff()))) {
                app.sync().sync(feed, null, RunKind.FULL, "test", RunListener.NONE);
                List<String> keys = sim.truth("Property").stream().filter(t -> !t.deleted()).map(TruthRecord::key)
                        .limit(3).toList();
                ApiClient api = new ApiClient(server.uri(), ADMIN);
                String touched = keys.get(0);
                String unchanged = keys.get(1);
                String dropped = keys.get(2);
                Instant before = sim.truth("Property").stream().filter(t -> t.key().equals(touched)).findFirst()
                        .orElseThrow().modificationTimestamp();
                Instant after = sim.touch(touched);
                sim.drop(dropped);

                JsonNode diff = api.get("/api/listings/f1/" + touched + "/diff").json();
                assertThat(diff.get("inReplica").asBoolean()).isTrue();
                assertThat(diff.get("atProvider").asBoolean()).isTrue();
                assertThat(fields(diff)).containsExactly("ModificationTimestamp");
                assertThat(Instant.parse(diff.get("fields").get(0).get("replica").asText())).isEqualTo(before);
                assertThat(Instant.parse(diff.get("fields").get(0).get("provider").asText())).isEqualTo(after);
                assertThat(fields(api.get("/api/listings/f1/" + unchanged + "/diff").json())).isEmpty();
                JsonNode gone = api.get("/api/listings/f1/" + dropped + "/diff").json();
                assertThat(gone.get("atProvider").asBoolean()).isFalse();
                assertThat(fields(gone)).contains("ListPrice", "ModificationTimestamp");
                assertThat(api.get("/api/listings/f1/NOPE123/diff").status()).isEqualTo(404);
                assertThat(api.get("/api/listings/nofeed/" + touched + "/diff").status()).isEqualTo(404);
                assertThat(api.get("/api/listings/f1/" + touched + "/diff?resource=Member").status()).isEqualTo(400);
                assertThat(api.withToken(null).get("/api/listings/f1/" + touched + "/diff").status()).isEqualTo(401);

                ApiClient.Answer submitted = api.send("POST", "/api/jobs", "{\"feed\": \"f1\", \"kind\": \"reconcile\"}");
                assertThat(submitted.status()).as(submitted.body()).isEqualTo(202);
                JsonNode job = await(api, submitted.json().get("id").asLong());
                assertThat(job.get("status").asText()).as(job.toString()).isEqualTo("completed");
                assertThat(job.get("counts").get("deleted").asInt()).isOne();
                assertThat(job.get("counts").get("updated").asInt()).isOne();
                assertThat(job.get("note").asText()).containsPattern("Property: \\d+ keys at the provider, \\d+ live here, 1 deleted, 1 re-fetched");
                assertThat(new Replica(url, "f1").differencesFrom(sim)).isEmpty();
                assertThat(fields(api.get("/api/listings/f1/" + touched + "/diff").json())).isEmpty();
            }
        }
    }

    private static List<String> fields(JsonNode diff) {
        List<String> names = new ArrayList<>();
        diff.get("fields").forEach(f -> names.add(f.get("field").asText()));
        return names;
    }

    private static JsonNode await(ApiClient api, long id) throws InterruptedException {
        Instant deadline = Instant.now().plusSeconds(60);
        JsonNode job = api.get("/api/jobs/" + id).json();
        while (!List.of("completed", "failed", "cancelled").contains(job.get("status").asText())
                && Instant.now().isBefore(deadline)) {
            Thread.sleep(100);
            job = api.get("/api/jobs/" + id).json();
        }
        return job;
    }
}
