package dev.mlsync.web;

import static org.assertj.core.api.Assertions.assertThat;

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
import dev.mlsync.config.RetsConfig;
import dev.mlsync.config.ScheduleConfig;
import dev.mlsync.config.ServerConfig;
import dev.mlsync.config.StorageConfig;
import dev.mlsync.jobs.MediaWorkers;
import dev.mlsync.replicate.RunKind;
import dev.mlsync.replicate.RunListener;
import dev.mlsync.replicate.RunResult;
import dev.mlsync.sim.RetsOptions;
import dev.mlsync.sim.SimOptions;
import dev.mlsync.sim.SimProfile;
import dev.mlsync.sim.Simulator;
import dev.mlsync.store.Database;
import dev.mlsync.store.FeedStatus;
import dev.mlsync.testing.TestPostgres;
import java.net.URI;
import java.nio.file.Files;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import org.junit.jupiter.api.Test;

/** A {@code provider: rets} feed with {@code photos: objects} in status and the admin API, like any other feed. */
class RetsFeedApiIT {
    private static final String ADMIN = "admin-token-for-rets-tests-51c2";

    @Test
    void a_rets_feed_with_its_photos_should_show_in_status_and_the_api_like_any_other() throws Exception {
        RetsOptions rets = RetsOptions.defaults();
        try (Simulator sim = Simulator.start(SimOptions.of(12).withProfile(SimProfile.RETS).withRets(rets))) {
            FeedConfig feed = new FeedConfig("rets1", Provider.RETS, sim.retsLoginUrl(),
                    AuthConfig.password(rets.username(), rets.password(), null, null), null, List.of("Property"), 100,
                    ProfileOverrides.none(), new RateLimits(1000, null, 100_000, null, null, 10_000, null, null), null)
                    .withRets(new RetsConfig(null, List.of("A", "B", "C", "D", "E"), null, null, null, null,
                            RetsConfig.Photos.OBJECTS, null, null))
                    .withSchedule(new ScheduleConfig(null, null));
            ServerConfig server = new ServerConfig(new BindAddress("127.0.0.1", 0), ADMIN, true, true, 10,
                    ServerConfig.AlertsConfig.ofDefaults());
            MlsyncConfig config = new MlsyncConfig(DatabaseConfig.ofDefaults(), List.of(feed)).withServer(server)
                    .withMedia(dev.mlsync.config.MediaConfig.ofDefaults().withDerivatives(List.of(160), false))
                    .withStorage(StorageConfig.filesystem(Files.createTempDirectory("mlsync-rets-api"),
                            URI.create("https://cdn.example.test/photos/")));
            Database database = TestPostgres.freshDatabase();
            try (App app = App.over(config, database, Clock.systemUTC())) {
                assertThat(app.sync().sync(feed, null, RunKind.FULL, "test", RunListener.NONE))
                        .allMatch(RunResult::succeeded);
                try (MediaWorkers workers = MediaWorkers.start(database.dataSource(), app.media(), 2,
                        Duration.ofSeconds(1), null)) {
                    assertThat(workers.awaitIdle(Instant.now().plusSeconds(120), () -> false, () -> { })).isTrue();
                }
                long live = sim.truth("Property").stream().filter(t -> !t.deleted()).count();
                long photos = sim.truth("Property").stream().filter(t -> !t.deleted())
                        .mapToLong(t -> t.mediaKeys().size()).sum();

                FeedStatus status = database.status().feeds().stream().filter(f -> f.feedId().equals("rets1"))
                        .findFirst().orElseThrow();
                assertThat(status.records()).isEqualTo(live);
                assertThat(status.media()).isEqualTo(photos);
                assertThat(status.openErrors()).isZero();

                try (App.Serving serving = app.serve(server)) {
                    ApiClient api = new ApiClient(serving.http().uri(), ADMIN);
                    JsonNode feeds = api.get("/api/feeds").json().path("feeds");
                    assertThat(feeds.size()).isEqualTo(1);
                    JsonNode row = api.get("/api/feeds/rets1").json();
                    assertThat(row.path("provider").asText()).isEqualTo("rets");
                    assertThat(row.path("records").asLong()).isEqualTo(live);
                    assertThat(row.path("media").asLong()).isEqualTo(photos);
                    assertThat(row.path("openErrors").asLong()).isZero();
                    assertThat(row.path("lastRun").path("status").asText()).isEqualTo("completed");
                    assertThat(row.path("quota").path("usedThisHour").asLong()).as("every request passed the quota, "
                            + "GetObject included").isEqualTo(sim.requests().size()).isGreaterThan(live);
                    long getObjects = sim.requests().stream().filter(r -> r.pathAndQuery().contains("/GetObject?")).count();
                    assertThat(getObjects).isPositive();
                    assertThat(database.quota().used(row.path("quota").path("credential").asText(), "media/hour",
                            Instant.now().minus(Duration.ofHours(1)))).as("GetObject downloads are media requests")
                            .isEqualTo(getObjects);
                    assertThat(row.toString()).doesNotContain(rets.password());
                }
                assertThat(database.media().totals("rets1").stored()).isEqualTo(photos);
            }
        }
    }
}
