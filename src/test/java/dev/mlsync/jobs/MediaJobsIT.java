package dev.mlsync.jobs;

import dev.mlsync.App;
import dev.mlsync.config.MediaConfig;
import dev.mlsync.config.MlsyncConfig;
import dev.mlsync.config.StorageConfig;
import dev.mlsync.replicate.RunKind;
import dev.mlsync.replicate.RunListener;
import dev.mlsync.sim.SimFaults;
import org.junit.jupiter.api.Test;

import java.net.URI;
import java.nio.file.Files;
import java.time.Duration;
import java.util.List;

import static dev.mlsync.jobs.JobsSetup.await;
import static org.assertj.core.api.Assertions.assertThat;

/** Media jobs: pending photos go to the front of the media queue and the job reports them until settled. */
class MediaJobsIT {
    private static final Duration WAIT = Duration.ofSeconds(60);

    /** The setup's config on a filesystem store, with 2 download workers and no derivatives. */
    private static MlsyncConfig mediaConfig(JobsSetup s) throws java.io.IOException {
        return s.config.withStorage(StorageConfig.filesystem(
                        Files.createTempDirectory("mlsync-media-jobs"), URI.create("https://cdn.example.test/")))
                .withMedia(MediaConfig.ofDefaults().withWorkers(2).withDerivatives(List.of(), false));
    }

    @Test
    void media_job_should_queue_its_listings_photos_first_and_finish_when_they_are_stored() throws Exception {
        try (JobsSetup s = JobsSetup.of(12, 100, JobsSetup.unscheduled(), SimFaults.none())) {
            MlsyncConfig config = mediaConfig(s);
            App app = s.app(config);
            app.sync().sync(s.feed(), "Property", RunKind.FULL, "test", RunListener.NONE);
            List<String> chosen = s.replica.strings("""
                    SELECT listing_key FROM listing_media GROUP BY listing_key ORDER BY listing_key LIMIT 2""");
            long photos = s.replica.count("SELECT count(*) FROM listing_media WHERE listing_key IN ('"
                    + String.join("','", chosen) + "')");
            assertThat(photos).isPositive();
            assertThat(s.replica.count("SELECT count(*) FROM listing_media WHERE state <> 'pending'")).isZero();

            // a worker without media tasks runs the jobs, so nothing is fetched until the second one starts
            Workers jobsOnly = app.workers("jobs-only", List.of());
            JobService jobs = app.jobs();
            long id = jobs.submit(JobRequest.of("f1", "media").withListingKeys(chosen)).id();
            await("the media job to count its photos", WAIT, () -> total(jobs.require(id)) == photos);
            assertThat(jobs.require(id).progress().mediaDone()).isZero();
            assertThat(s.replica.strings("SELECT DISTINCT priority::text FROM scheduled_tasks WHERE task_name = '"
                    + MediaTasks.LISTING_TASK + "' AND task_instance IN ('f1/" + String.join("','f1/", chosen) + "')"))
                    .containsExactly("30");
            assertThat(s.replica.count("SELECT count(*) FROM scheduled_tasks WHERE task_name = '"
                    + MediaTasks.LISTING_TASK + "' AND priority = 30")).isEqualTo(chosen.size());

            long whole = jobs.submit(JobRequest.of("f1", "media")).id();
            await("the feed's media job to run", WAIT, () -> "running".equals(jobs.require(whole).status()));
            jobs.cancel(whole);
            await("the feed's media job to stop", WAIT, () -> jobs.require(whole).finished());
            assertThat(jobs.require(whole).status()).isEqualTo("cancelled");

            s.workers(s.app(config), "media");
            await("the media job to finish", WAIT, () -> jobs.require(id).finished());
            JobView job = jobs.require(id);
            assertThat(job.status()).as(job.error()).isEqualTo("completed");
            assertThat(job.progress().mediaDone()).isEqualTo(photos);
            assertThat(total(job)).isEqualTo(photos);
            assertThat(s.replica.strings("SELECT DISTINCT state FROM listing_media WHERE listing_key IN ('"
                    + String.join("','", chosen) + "')")).containsExactly("stored");
            jobsOnly.close();
            assertThat(s.replica.strings("SELECT kind || ' ' || status FROM job ORDER BY id"))
                    .containsExactly("media completed", "media cancelled");
        }
    }

    @Test
    void waiting_media_jobs_should_hold_no_worker_thread_and_be_finished_by_looks_from_any_process() throws Exception {
        try (JobsSetup s = JobsSetup.of(12, 100, JobsSetup.unscheduled(), SimFaults.none())) {
            MlsyncConfig config = mediaConfig(s);
            App app = s.app(config);
            app.sync().sync(s.feed(), "Property", RunKind.FULL, "test", RunListener.NONE);
            List<String> listings = s.replica.strings("""
                    SELECT listing_key FROM listing_media GROUP BY listing_key ORDER BY listing_key LIMIT 3""");

            // two threads, no media tasks: three media jobs wait for photos nobody fetches yet
            Workers jobsOnly = app.workers("jobs-only", List.of());
            JobService jobs = app.jobs();
            List<Long> ids = listings.stream()
                    .map(key -> jobs.submit(JobRequest.of("f1", "media").withListingKeys(List.of(key))).id()).toList();
            long photos = s.replica.count("SELECT count(*) FROM listing_media WHERE listing_key IN ('"
                    + String.join("','", listings) + "')");
            await("all three media jobs to count their photos", WAIT, () -> ids.stream()
                    .allMatch(id -> "running".equals(jobs.require(id).status()) && total(jobs.require(id)) > 0));
            assertThat(ids.stream().mapToLong(id -> total(jobs.require(id))).sum()).isEqualTo(photos);
            assertThat(s.replica.count("SELECT count(*) FROM job_media")).as("the photos the jobs wait for")
                    .isEqualTo(photos);

            // the threads are free: a sync job runs while the three wait
            long sync = jobs.submit(JobRequest.of("f1", "incremental")).id();
            await("the sync job to finish", WAIT, () -> jobs.require(sync).finished());
            assertThat(jobs.require(sync).status()).isEqualTo("completed");
            assertThat(ids.stream().map(id -> jobs.require(id).status()).distinct()).containsExactly("running");

            // this process stops; another one fetches the photos and takes the jobs' next looks
            jobsOnly.close();
            s.workers(s.app(config), "media");
            await("the three media jobs to finish", WAIT, () -> ids.stream().allMatch(id -> jobs.require(id).finished()));
            for (long id : ids) {
                JobView job = jobs.require(id);
                assertThat(job.status()).as(job.error()).isEqualTo("completed");
                assertThat(job.progress().mediaDone()).isEqualTo(total(job));
                assertThat(job.worker()).isEqualTo("media");
                assertThat(job.attempts()).as("looks are not attempts").isEqualTo(1);
            }
            assertThat(s.replica.count("SELECT count(*) FROM job_media")).as("finished jobs forget their photos")
                    .isZero();
        }
    }

    private static long total(JobView job) {
        return job.progress().mediaTotal() == null ? -1 : job.progress().mediaTotal();
    }
}
