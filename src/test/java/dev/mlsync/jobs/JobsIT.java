package dev.mlsync.jobs;

import dev.mlsync.App;
import dev.mlsync.config.Every;
import dev.mlsync.config.ScheduleConfig;
import dev.mlsync.config.WorkersConfig;
import dev.mlsync.sim.SimFaults;
import dev.mlsync.sim.TruthRecord;
import org.junit.jupiter.api.Test;

import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.function.Function;
import java.util.stream.Collectors;

import static dev.mlsync.jobs.JobsSetup.await;
import static org.assertj.core.api.Assertions.assertThat;

/** Jobs run by workers against the simulator over HTTP and embedded PostgreSQL. */
class JobsIT {
    private static final Duration WAIT = Duration.ofSeconds(60);
    /** Every request takes 150 ms, so a 20-page load lasts about three seconds: long enough to interrupt. */
    private static final SimFaults SLOW = SimFaults.parse("slow=1.0,slowMillis=150");

    private static final String MILLIS = "(extract(epoch FROM modification_timestamp) * 1000)::bigint";

    private static JobView finished(JobService jobs, long id) throws InterruptedException {
        await("job " + id + " to finish", WAIT, () -> jobs.require(id).finished());
        return jobs.require(id);
    }

    private static JobView run(JobService jobs, JobRequest request) throws InterruptedException {
        JobView job = finished(jobs, jobs.submit(request).id());
        assertThat(job.status()).as("%s: %s", job.error(), job.note()).isEqualTo("completed");
        return job;
    }

    private static String state(JobsSetup s) throws Exception {
        return s.replica.strings("""
                SELECT concat_ws(' ', (SELECT count(*) FROM listing), (SELECT count(*) FROM listing WHERE deleted_at IS NOT NULL),
                    (SELECT max(updated_at) FROM listing), (SELECT count(*) FROM listing_media),
                    (SELECT max(updated_at) FROM listing_media), (SELECT count(*) FROM listing_status_history),
                    (SELECT count(*) FROM sync_run), (SELECT count(*) FROM sync_error),
                    (SELECT string_agg(cursor_timestamp || ' ' || cursor_key, ',') FROM resource_cursor))""").getFirst();
    }

    @Test
    void manual_job_should_run_on_a_worker_and_report_its_counts() throws Exception {
        try (JobsSetup s = JobsSetup.of(300, 100, JobsSetup.unscheduled(), SimFaults.none())) {
            App app = s.app();
            s.workers(app, "w1");
            JobView job = run(app.jobs(), JobRequest.of("f1", "full"));
            assertThat(job.counts().added()).isEqualTo(300);
            assertThat(job.progress().pages()).as("three full pages and the empty one that ends the run").isEqualTo(4);
            assertThat(job.progress().recordsDone()).isEqualTo(300);
            assertThat(job.worker()).isEqualTo("w1");
            assertThat(job.attempts()).isEqualTo(1);
            assertThat(job.runIds()).hasSize(1);
            assertThat(s.replica.differencesFrom(s.sim)).isEmpty();
            assertThat(s.replica.strings("SELECT trigger FROM sync_run")).containsExactly("job " + job.id());
        }
    }

    @Test
    void dry_run_should_write_nothing_and_report_the_counts_a_real_run_then_applies() throws Exception {
        try (JobsSetup s = JobsSetup.of(600, 100, JobsSetup.unscheduled(), SimFaults.none())) {
            App app = s.app();
            s.workers(app, "w1");
            JobService jobs = app.jobs();
            JobView dryFull = run(jobs, JobRequest.of("f1", "full").withDryRun(true));
            assertThat(dryFull.counts().added()).isEqualTo(600);
            assertThat(s.replica.count("SELECT count(*) FROM listing")).isZero();
            assertThat(dryFull.runIds()).isEmpty();
            run(jobs, JobRequest.of("f1", "full"));

            var changes = s.sim.advance(Duration.ofHours(6));
            assertThat(changes.deleted()).isPositive();
            String before = state(s);
            JobView dry = run(jobs, JobRequest.of("f1", "incremental").withDryRun(true));
            assertThat(state(s)).as("a dry run stores nothing").isEqualTo(before);
            assertThat(dry.note()).contains("nothing was written");
            assertThat(dry.counts().added() + dry.counts().updated() + dry.counts().deleted()).isPositive();
            assertThat(dry.counts().deleted()).isPositive();

            JobView real = run(jobs, JobRequest.of("f1", "incremental"));
            assertThat(real.counts()).isEqualTo(dry.counts());
            assertThat(s.replica.differencesFrom(s.sim)).isEmpty();
        }
    }

    @Test
    void partial_sync_should_touch_only_the_named_listings_and_leave_the_cursor() throws Exception {
        try (JobsSetup s = JobsSetup.of(400, 100, JobsSetup.unscheduled(), SimFaults.none())) {
            App app = s.app();
            s.workers(app, "w1");
            JobService jobs = app.jobs();
            run(jobs, JobRequest.of("f1", "full"));
            s.sim.advance(Duration.ofHours(6));
            Map<String, TruthRecord> truth = s.sim.truth("Property").stream()
                    .collect(Collectors.toMap(TruthRecord::key, Function.identity()));
            List<String> stale = s.replica.strings("SELECT listing_key || ' ' || " + MILLIS + " FROM listing")
                    .stream().map(line -> line.split(" ", 2)).filter(kv -> truth.containsKey(kv[0])
                            && !truth.get(kv[0]).deleted()
                            && truth.get(kv[0]).modificationTimestamp().toEpochMilli() > Long.parseLong(kv[1]))
                    .map(kv -> kv[0]).sorted().toList();
            assertThat(stale).hasSizeGreaterThan(5);
            List<String> named = stale.subList(0, 3);
            String cursorBefore = s.replica.strings("SELECT cursor_timestamp || ' ' || cursor_key FROM resource_cursor")
                    .getFirst();
            String othersBefore = s.replica.strings("SELECT string_agg(listing_key || updated_at, ',' ORDER BY listing_key)"
                    + " FROM listing WHERE listing_key NOT IN ('" + String.join("','", named) + "')").getFirst();

            JobView partial = run(jobs, JobRequest.of("f1", "incremental").withListingKeys(named));

            assertThat(partial.counts().updated()).isEqualTo(3);
            assertThat(partial.note()).contains("cursor did not move");
            for (String key : named) {
                assertThat(s.replica.strings("SELECT " + MILLIS + " FROM listing WHERE listing_key = '" + key + "'"))
                        .containsExactly(Long.toString(truth.get(key).modificationTimestamp().toEpochMilli()));
            }
            assertThat(s.replica.strings("SELECT string_agg(listing_key || updated_at, ',' ORDER BY listing_key)"
                    + " FROM listing WHERE listing_key NOT IN ('" + String.join("','", named) + "')").getFirst())
                    .as("no other listing touched").isEqualTo(othersBefore);
            assertThat(s.replica.strings("SELECT cursor_timestamp || ' ' || cursor_key FROM resource_cursor").getFirst())
                    .isEqualTo(cursorBefore);
            assertThat(s.replica.strings("SELECT kind FROM sync_run ORDER BY id")).containsExactly("full", "partial");
            assertThat(s.sim.requests()).anySatisfy(r -> assertThat(r.pathAndQuery()).contains("ListingKey%20in%20%28"));

            run(jobs, JobRequest.of("f1", "incremental"));
            assertThat(s.replica.differencesFrom(s.sim)).isEmpty();
        }
    }

    @Test
    void a_cancelled_running_job_should_stop_at_a_page_boundary_keeping_its_pages() throws Exception {
        try (JobsSetup s = JobsSetup.of(400, 20, JobsSetup.unscheduled(), SLOW)) {
            App app = s.app();
            s.workers(app, "w1");
            JobService jobs = app.jobs();
            long id = jobs.submit(JobRequest.of("f1", "full")).id();
            await("two pages", WAIT, () -> jobs.require(id).progress().pages() >= 2);
            assertThat(jobs.cancel(id).cancelRequested()).isTrue();
            JobView job = finished(jobs, id);

            assertThat(job.status()).isEqualTo("cancelled");
            assertThat(job.progress().pages()).isBetween(2, 19);
            assertThat(s.replica.count("SELECT count(*) FROM listing")).as("committed pages kept")
                    .isEqualTo(job.progress().pages() * 20L);
            assertThat(s.replica.strings("SELECT status FROM sync_run")).containsExactly("cancelled");

            JobView resumed = run(jobs, JobRequest.of("f1", "incremental"));
            assertThat(resumed.counts().added()).isEqualTo(400 - job.progress().pages() * 20);
            assertThat(s.replica.differencesFrom(s.sim)).isEmpty();
        }
    }

    @Test
    void a_queued_job_cancelled_before_a_worker_starts_should_never_run() throws Exception {
        try (JobsSetup s = JobsSetup.of(100, 100, JobsSetup.unscheduled(), SimFaults.none())) {
            App app = s.app();
            JobService jobs = app.jobs();
            long cancelled = jobs.submit(JobRequest.of("f1", "full")).id();
            jobs.cancel(cancelled);
            s.workers(app, "w1");
            run(jobs, JobRequest.of("f1", "full"));
            JobView job = jobs.require(cancelled);
            assertThat(job.status()).isEqualTo("cancelled");
            assertThat(job.startedAt()).isNull();
            assertThat(job.runIds()).isEmpty();
            assertThat(s.replica.count("SELECT count(*) FROM sync_run")).isEqualTo(1);
        }
    }

    @Test
    void manual_jobs_should_run_before_scheduled_ones() throws Exception {
        try (JobsSetup s = JobsSetup.of(100, 100, JobsSetup.unscheduled(), SimFaults.none())) {
            WorkersConfig oneThread = new WorkersConfig(1, JobsSetup.FAST.pollingInterval(),
                    JobsSetup.FAST.heartbeatInterval(), JobsSetup.FAST.missedHeartbeats(), JobsSetup.FAST.shutdownTimeout());
            App app = s.app(s.config.withWorkers(oneThread));
            JobService jobs = app.jobs();
            long scheduled = jobs.submitScheduled("f1", JobKind.FULL).orElseThrow().id();
            long manual = jobs.submit(JobRequest.of("f1", "full")).id();
            assertThat(jobs.require(scheduled).priority()).isLessThan(jobs.require(manual).priority());
            s.workers(app, "w1");
            JobView first = finished(jobs, manual);
            JobView second = finished(jobs, scheduled);
            assertThat(first.startedAt()).isBefore(second.startedAt());
        }
    }

    @Test
    void a_scheduled_job_of_a_feed_busy_elsewhere_should_be_skipped_with_a_note() throws Exception {
        try (JobsSetup s = JobsSetup.of(50, 100, JobsSetup.unscheduled(), SimFaults.none())) {
            App app = s.app();
            JobService jobs = app.jobs();
            try (var lease = app.database().replica().tryLease("f1", "Property").orElseThrow()) {
                s.workers(app, "w1");
                JobView scheduled = finished(jobs, jobs.submitScheduled("f1", JobKind.INCREMENTAL).orElseThrow().id());
                assertThat(scheduled.status()).isEqualTo("completed");
                assertThat(scheduled.note()).startsWith("skipped: feed f1, Property: another mlsync process");
                JobView manual = finished(jobs, jobs.submit(JobRequest.of("f1", "incremental")).id());
                assertThat(manual.status()).isEqualTo("failed");
                assertThat(manual.error()).contains("another mlsync process is replicating it");
            }
            assertThat(s.replica.count("SELECT count(*) FROM sync_run")).isZero();
        }
    }

    @Test
    void two_workers_should_run_a_feeds_schedule_without_executing_any_job_twice() throws Exception {
        ScheduleConfig everySecond = new ScheduleConfig(Every.interval(Duration.ofSeconds(1)), null);
        try (JobsSetup s = JobsSetup.of(200, 100, everySecond, SimFaults.none())) {
            App first = s.app();
            App second = s.app();
            Workers a = s.workers(first, "worker-a");
            Workers b = s.workers(second, "worker-b");
            JobService jobs = first.jobs();
            await("four scheduled jobs", WAIT, () -> jobs.list("f1", "completed").size() >= 4);
            a.close();
            b.close();

            List<JobView> all = jobs.list("f1", null);
            assertThat(all).allSatisfy(job -> {
                assertThat(job.trigger()).isEqualTo("schedule");
                assertThat(job.attempts()).as("job %d started once", job.id()).isLessThanOrEqualTo(1);
            });
            List<JobView> done = all.stream().filter(j -> j.status().equals("completed")).toList();
            for (JobView job : done) {
                assertThat(s.replica.count("SELECT count(*) FROM sync_run WHERE trigger = 'job " + job.id() + "'"))
                        .as("sync runs of job %d", job.id()).isEqualTo(job.note() == null ? 1 : 0);
            }
            // a job running when the workers closed was handed back (queued) with its stopped run linked
            assertThat(s.replica.count("SELECT count(*) FROM sync_run")).isEqualTo(
                    all.stream().mapToLong(j -> j.runIds().size()).sum());
            assertThat(s.replica.count("""
                    SELECT count(*) FROM job a JOIN job b ON a.id < b.id AND a.feed_id = b.feed_id
                    WHERE a.started_at < b.finished_at AND b.started_at < a.finished_at""")).as("overlapping jobs").isZero();
            assertThat(s.replica.differencesFrom(s.sim)).isEmpty();
        }
    }
}
