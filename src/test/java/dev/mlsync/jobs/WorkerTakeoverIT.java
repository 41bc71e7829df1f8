package dev.mlsync.jobs;

import dev.mlsync.App;
import dev.mlsync.sim.SimFaults;
import dev.mlsync.testing.MlsyncProcess;
import org.junit.jupiter.api.Test;

import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.TimeUnit;

import static dev.mlsync.jobs.JobsSetup.await;
import static org.assertj.core.api.Assertions.assertThat;

/** A job whose worker dies, or shuts down, is finished by another worker from its last committed page. */
class WorkerTakeoverIT {
    private static final Duration WAIT = Duration.ofSeconds(90);
    private static final SimFaults SLOW = SimFaults.parse("slow=1.0,slowMillis=150");

    @Test
    void a_job_of_a_killed_worker_process_should_be_finished_by_another_worker() throws Exception {
        try (JobsSetup s = JobsSetup.of(400, 20, JobsSetup.unscheduled(), SLOW)) {
            App app = s.app();
            JobService jobs = app.jobs();
            long id = jobs.submit(JobRequest.of("f1", "full")).id();
            try (MlsyncProcess worker = startWorkerProcess(s)) {
                worker.await("the worker process to commit three pages", WAIT,
                        () -> jobs.require(id).progress().pages() >= 3 ? true : null);
                assertThat(jobs.require(id).worker()).startsWith("mlsync@").endsWith(worker.workerSuffix());
                worker.kill(); // SIGKILL: no shutdown hook, no hand-back, heartbeats just stop
            }
            int committed = jobs.require(id).progress().pages();
            assertThat(jobs.require(id).status()).isEqualTo("running");

            s.workers(app, "rescuer");
            await("the job to finish", WAIT, () -> jobs.require(id).finished());
            JobView job = jobs.require(id);

            assertThat(job.status()).as(job.error()).isEqualTo("completed");
            assertThat(job.worker()).isEqualTo("rescuer");
            assertThat(job.attempts()).isEqualTo(2);
            assertThat(s.replica.differencesFrom(s.sim)).isEmpty();
            List<String> runs = s.replica.strings("SELECT kind || ' ' || status || ' ' || added FROM sync_run ORDER BY id");
            assertThat(runs).hasSize(2);
            assertThat(runs.get(0)).startsWith("full failed"); // marked abandoned by the rescuer
            assertThat(runs.get(1)).as("continued after the committed pages, not reloaded")
                    .startsWith("incremental completed");
            assertThat(Integer.parseInt(runs.get(1).split(" ")[2])).isLessThanOrEqualTo(400 - (committed - 1) * 20);
        }
    }

    @Test
    void a_job_of_a_worker_shutting_down_should_go_back_to_the_queue_and_be_finished_by_another() throws Exception {
        try (JobsSetup s = JobsSetup.of(400, 20, JobsSetup.unscheduled(), SLOW)) {
            App app = s.app();
            JobService jobs = app.jobs();
            Workers leaving = s.workers(app, "leaving");
            long id = jobs.submit(JobRequest.of("f1", "full")).id();
            await("two pages", WAIT, () -> jobs.require(id).progress().pages() >= 2);

            CompletableFuture<Void> stopped = CompletableFuture.runAsync(leaving::close);
            await("the job to be handed back", WAIT, () -> jobs.require(id).status().equals("queued"));
            stopped.get(30, TimeUnit.SECONDS);
            assertThat(jobs.require(id).note()).contains("handed back by leaving");

            s.workers(s.app(), "staying");
            await("the job to finish", WAIT, () -> jobs.require(id).finished());
            JobView job = jobs.require(id);
            assertThat(job.status()).as(job.error()).isEqualTo("completed");
            assertThat(job.worker()).isEqualTo("staying");
            assertThat(job.attempts()).isEqualTo(2);
            assertThat(s.replica.strings("SELECT kind || ' ' || status FROM sync_run ORDER BY id"))
                    .containsExactly("full cancelled", "incremental completed");
            assertThat(s.replica.differencesFrom(s.sim)).isEmpty();
        }
    }

    @Test
    void sigterm_should_stop_a_worker_process_gracefully_handing_its_job_back() throws Exception {
        try (JobsSetup s = JobsSetup.of(400, 20, JobsSetup.unscheduled(), SLOW)) {
            App app = s.app();
            JobService jobs = app.jobs();
            long id = jobs.submit(JobRequest.of("f1", "full")).id();
            try (MlsyncProcess worker = startWorkerProcess(s)) {
                worker.await("the worker process to commit two pages", WAIT,
                        () -> jobs.require(id).progress().pages() >= 2 ? true : null);
                assertThat(worker.terminate(Duration.ofSeconds(30))).as("exited within the shutdown timeout").isTrue();
            }
            JobView handedBack = jobs.require(id);
            assertThat(handedBack.status()).isEqualTo("queued");
            assertThat(handedBack.note()).startsWith("handed back by mlsync@");
            assertThat(s.replica.strings("SELECT status FROM sync_run")).containsExactly("cancelled");

            s.workers(app, "next");
            await("the job to finish", WAIT, () -> jobs.require(id).finished());
            assertThat(jobs.require(id).status()).isEqualTo("completed");
            assertThat(s.replica.differencesFrom(s.sim)).isEmpty();
        }
    }

    /** {@code mlsync worker} in a JVM of its own, on the test's database and simulator. */
    private static MlsyncProcess startWorkerProcess(JobsSetup s) throws Exception {
        Path config = Files.createTempFile(Path.of("target"), "worker-", ".yml");
        Files.writeString(config, """
                database:
                  url: "%s"
                  user: postgres
                workers: {threads: 2, pollingInterval: 200ms, heartbeatInterval: 300ms, missedHeartbeats: 4}
                feeds:
                  - id: f1
                    provider: reso
                    baseUrl: "%s"
                    auth: {token: %s}
                    originatingSystem: "%s"
                    pageSize: 20
                    limits: {perSecond: 10000, perMinute: 600000, perHour: 36000000, perDay: 864000000}
                    schedule: {incremental: "off", reconcile: "off"}
                """.formatted(s.url, s.sim.serviceRoot(), JobsSetup.TOKEN, s.sim.originatingSystem()));
        return MlsyncProcess.builder("worker", Path.of("target/worker-process.log"))
                .start("worker", "--config", config.toString());
    }
}
