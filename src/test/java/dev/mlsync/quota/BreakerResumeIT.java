package dev.mlsync.quota;

import static org.assertj.core.api.Assertions.assertThat;

import dev.mlsync.App;
import dev.mlsync.config.AuthConfig;
import dev.mlsync.config.DatabaseConfig;
import dev.mlsync.config.FeedConfig;
import dev.mlsync.config.MlsyncConfig;
import dev.mlsync.config.ProfileOverrides;
import dev.mlsync.config.ScheduleConfig;
import dev.mlsync.config.Provider;
import dev.mlsync.config.RateLimits;
import dev.mlsync.config.WorkersConfig;
import dev.mlsync.jobs.JobService;
import dev.mlsync.jobs.JobView;
import dev.mlsync.jobs.Workers;
import dev.mlsync.replicate.RunKind;
import dev.mlsync.replicate.RunListener;
import dev.mlsync.replicate.RunResult;
import dev.mlsync.sim.SimLimits;
import dev.mlsync.sim.SimOptions;
import dev.mlsync.sim.SimProfile;
import dev.mlsync.sim.Simulator;
import dev.mlsync.store.Database;
import dev.mlsync.testing.Replica;
import dev.mlsync.testing.TestPostgres;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.time.Duration;
import java.time.Instant;
import java.time.temporal.ChronoUnit;
import java.util.List;
import org.junit.jupiter.api.Test;

/** A run the breaker stopped is resumed as soon as a probe closes the breaker, not at the feed's next scheduled run. */
class BreakerResumeIT {
    private static final String TOKEN = "breaker-resume-token";
    private static final WorkersConfig FAST = new WorkersConfig(2, Duration.ofMillis(200), Duration.ofMillis(300), 4,
            Duration.ofSeconds(10));

    @Test
    void a_run_the_breaker_stopped_should_resume_as_soon_as_a_probe_closes_the_breaker() throws Exception {
        // The quota and the simulator step through the cool-down; the clock starts in the past, so a job queued on
        // it is already due for the job scheduler, which runs in real time.
        SteppingClock clock = new SteppingClock(Instant.now().minus(Duration.ofHours(2)).truncatedTo(ChronoUnit.SECONDS)
                .plusMillis(200));
        SimLimits enforced = SimLimits.ofProfile(SimProfile.MLSGRID).overriddenBy("perSecond=1");
        try (Simulator sim = Simulator.start(SimOptions.of(30).withProfile(SimProfile.MLSGRID).withToken(TOKEN)
                .withLimits(enforced).withSuspension(Duration.ofMinutes(20)).withClock(clock))) {
            String url = TestPostgres.freshDatabaseUrl();
            FeedConfig feed = new FeedConfig("grid", Provider.MLSGRID, sim.serviceRoot(), AuthConfig.bearer(TOKEN),
                    sim.originatingSystem(), List.of("Property"), 10, ProfileOverrides.none(),
                    new RateLimits(5, null, null, null), null).withSchedule(new ScheduleConfig(null, null));
            MlsyncConfig config = new MlsyncConfig(DatabaseConfig.ofDefaults(), List.of(feed)).withWorkers(FAST);
            try (App app = App.over(config, Database.connect(url, "postgres", null), clock, clock)) {
                List<RunResult> stopped = app.sync().sync(feed, "Property", RunKind.FULL, "test", RunListener.NONE);
                assertThat(stopped).singleElement().satisfies(run -> {
                    assertThat(run.status()).isEqualTo("failed");
                    assertThat(run.error()).contains("suspended until");
                });
                assertThat(app.quota(feed).view().breakerOpen()).isTrue();
                JobService jobs = app.jobs();
                assertThat(jobs.list("grid", null)).isEmpty();

                clock.advance(QuotaPolicy.MLSGRID_COOL_DOWN);
                // Something else on the credential (here a plain request, as a photo download would be) is the probe.
                assertThat(probe(app.quota(feed), sim)).isEqualTo(200);
                Instant closed = clock.instant();

                assertThat(app.quota(feed).view().breakerOpen()).isFalse();
                JobView resume = jobs.list("grid", null).getFirst();
                assertThat(resume.kind()).isEqualTo("incremental");
                assertThat(resume.trigger()).as("queued by mlsync; the feed has no schedule").isEqualTo("schedule");
                assertThat(resume.priority()).isEqualTo(JobService.MANUAL_PRIORITY);
                assertThat(resume.createdAt()).as("queued when the breaker closed").isEqualTo(closed);
                try (Workers workers = app.workers("w1", List.of())) {
                    JobView done = awaitFinished(jobs, resume.id());
                    assertThat(done.status()).as(done.error()).isEqualTo("completed");
                }
                assertThat(jobs.list("grid", null)).as("nothing queued twice").hasSize(1);
            }
            assertThat(new Replica(url, "grid").differencesFrom(sim)).isEmpty();
        }
    }

    private static int probe(Quota quota, Simulator sim) throws Exception {
        HttpClient client = QuotaHttpClient.of(HttpClient.newHttpClient(), quota);
        URI uri = URI.create(sim.serviceRoot() + "Property?$top=1&$filter=OriginatingSystemName%20eq%20%27"
                + sim.originatingSystem() + "%27");
        HttpRequest request = HttpRequest.newBuilder(uri).header("Authorization", "Bearer " + TOKEN)
                .header("Accept-Encoding", "gzip").build();
        return client.send(request, HttpResponse.BodyHandlers.discarding()).statusCode();
    }

    private static JobView awaitFinished(JobService jobs, long id) throws InterruptedException {
        Instant deadline = Instant.now().plus(Duration.ofSeconds(60));
        while (!jobs.require(id).finished()) {
            assertThat(Instant.now()).as("job " + id + " finished within a minute").isBefore(deadline);
            Thread.sleep(50);
        }
        return jobs.require(id);
    }
}
