package dev.mlsync.jobs;

import com.github.kagkarlsson.scheduler.SchedulerClient;
import com.github.kagkarlsson.scheduler.task.TaskInstance;
import dev.mlsync.App;
import dev.mlsync.store.NewJob;
import dev.mlsync.sim.SimFaults;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

import java.util.Collections;
import java.util.List;
import java.util.stream.IntStream;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

/** Submitting, listing and cancelling jobs without any worker running. */
class JobServiceIT {
    private static JobsSetup setup;
    private static JobService jobs;
    private static App app;

    @BeforeAll
    static void start() {
        setup = JobsSetup.of(50, 100, JobsSetup.unscheduled(), SimFaults.none());
        app = setup.app();
        jobs = app.jobs();
    }

    @AfterAll
    static void stop() throws Exception {
        setup.close();
    }

    private static long queued() throws Exception {
        return setup.replica.count("SELECT count(*) FROM job WHERE status = 'queued'")
                * 1000 + setup.replica.count("SELECT count(*) FROM scheduled_tasks WHERE task_name = 'job'");
    }

    private static void assertRejected(JobRequest request, String field, String reasonPart) throws Exception {
        long before = queued();
        assertThatThrownBy(() -> jobs.submit(request)).isInstanceOfSatisfying(JobRequestException.class, e -> {
            assertThat(e.field()).isEqualTo(field);
            assertThat(e.reason()).contains(reasonPart);
        });
        assertThat(queued()).as("nothing queued").isEqualTo(before);
    }

    @Test
    void submit_should_store_the_job_and_its_execution_together() throws Exception {
        JobView job = jobs.submit(JobRequest.of("f1", "incremental"));
        assertThat(job.status()).isEqualTo("queued");
        assertThat(job.trigger()).isEqualTo("manual");
        assertThat(job.priority()).isEqualTo(JobService.MANUAL_PRIORITY);
        assertThat(setup.replica.count("SELECT count(*) FROM scheduled_tasks WHERE task_name = 'job' AND task_instance = '"
                + job.id() + "' AND priority = " + JobService.MANUAL_PRIORITY)).isEqualTo(1);
        assertThat(jobs.get(job.id())).contains(job);
    }

    @Test
    void a_job_row_and_its_execution_should_commit_or_roll_back_together() throws Exception {
        long before = queued();
        NewJob job = new NewJob("f1", "full", null, null, null, false, "manual", 90, java.time.Instant.now());
        assertThatThrownBy(() -> app.database().jobs().insert(job, (id, transaction) -> {
            SchedulerClient.Builder.create(transaction).enablePriority().build().schedule(
                    new TaskInstance.Builder<Void>(JobTask.NAME, Long.toString(id)).priority(90)
                            .scheduledTo(java.time.Instant.now()));
            assertThat(countIn(transaction, "SELECT count(*) FROM scheduled_tasks WHERE task_instance = '" + id + "'"))
                    .as("scheduled inside the transaction").isEqualTo(1);
            throw new IllegalStateException("the transaction fails after scheduling");
        })).hasMessageContaining("fails after scheduling");
        assertThat(queued()).as("neither the job nor its execution").isEqualTo(before);
    }

    private static long countIn(javax.sql.DataSource transaction, String sql) {
        try (var statement = transaction.getConnection().createStatement(); var rs = statement.executeQuery(sql)) {
            rs.next();
            return rs.getLong(1);
        } catch (java.sql.SQLException e) {
            throw new IllegalStateException(e);
        }
    }

    @Test
    void bad_requests_should_name_the_field_and_queue_nothing() throws Exception {
        assertRejected(JobRequest.of(null, "incremental"), "feed", "required");
        assertRejected(JobRequest.of("nope", "incremental"), "feed", "no feed \"nope\"");
        assertRejected(JobRequest.of("f1", "sideways"), "kind", "one of incremental, full, media, reconcile");
        assertRejected(JobRequest.of("f1", "reconcile").withResource("Member"), "resource", "does not replicate \"Member\"");
        assertRejected(JobRequest.of("f1", "media").withFilter("City eq 'A'"), "filter", "only incremental and full");
        assertRejected(JobRequest.of("f1", "media").withDryRun(true), "dryRun", "not media");
        assertRejected(JobRequest.of("f1", "full").withResource("Member"), "resource", "does not replicate \"Member\"");
        assertRejected(JobRequest.of("f1", "full").withListingKeys(List.of()), "listingKeys", "at least one");
        assertRejected(JobRequest.of("f1", "full").withListingKeys(List.of("A", "A")), "listingKeys", "repeats");
        assertRejected(JobRequest.of("f1", "full").withListingKeys(Collections.nCopies(1, "")), "listingKeys", "empty");
        assertRejected(JobRequest.of("f1", "full").withListingKeys(
                IntStream.range(0, 101).mapToObj(i -> "K" + i).toList()), "listingKeys", "at most 100");
        assertRejected(JobRequest.of("f1", "full").withFilter("City eq 'Austin'&$top=1"), "filter", "not allowed");
        assertRejected(JobRequest.of("f1", "full").withFilter("City eq"), "filter", "expected a value");
        assertRejected(JobRequest.of("f1", "full").withFilter("(City eq 'A'"), "filter", "')'");
        assertRejected(JobRequest.of("f1", "full").withFilter("contains(City,'A')"), "filter", "expected an operator");
        assertRejected(JobRequest.of("f1", "full").withFilter("City eq 'it''s' or"), "filter", "expected a field name");
    }

    @Test
    void conservative_filters_should_be_accepted() {
        for (String filter : List.of("City eq 'Austin'", "ListPrice ge 100000 and ListPrice lt 200000.50",
                "StandardStatus in ('Active','Pending') and not (City eq 'O''Hare')",
                "ModificationTimestamp gt 2026-01-01T00:00:00Z or CloseDate eq 2025-12-31",
                "PhotosCount ne null and PoolYN eq true")) {
            JobView job = jobs.submit(JobRequest.of("f1", "incremental").withFilter(filter));
            assertThat(job.filter()).isEqualTo(filter);
            jobs.cancel(job.id());
        }
    }

    @Test
    void listing_keys_should_make_a_partial_sync_of_property() {
        JobView job = jobs.submit(JobRequest.of("f1", "incremental").withListingKeys(List.of("K1", "K2")));
        assertThat(job.resource()).isEqualTo("Property");
        assertThat(job.listingKeys()).containsExactly("K1", "K2");
        jobs.cancel(job.id());
    }

    @Test
    void dry_run_should_be_refused_for_kinds_other_than_sync_and_reconcile() {
        assertThatThrownBy(() -> jobs.submit(JobRequest.of("f1", "media").withDryRun(true)))
                .isInstanceOfSatisfying(JobRequestException.class, e -> assertThat(e.field()).isEqualTo("dryRun"));
        JobView reconcile = jobs.submit(JobRequest.of("f1", "reconcile").withDryRun(true));
        assertThat(reconcile.dryRun()).isTrue();
        jobs.cancel(reconcile.id());
    }

    @Test
    void cancelling_a_queued_job_should_remove_its_execution() throws Exception {
        JobView job = jobs.submit(JobRequest.of("f1", "full"));
        JobView cancelled = jobs.cancel(job.id());
        assertThat(cancelled.status()).isEqualTo("cancelled");
        assertThat(cancelled.finishedAt()).isNotNull();
        assertThat(setup.replica.count("SELECT count(*) FROM scheduled_tasks WHERE task_instance = '" + job.id() + "'"))
                .isZero();
        assertThat(jobs.cancel(job.id()).status()).as("cancelling twice changes nothing").isEqualTo("cancelled");
    }

    @Test
    void list_should_filter_by_feed_and_status_and_reject_unknown_values() {
        JobView job = jobs.submit(JobRequest.of("f1", "incremental"));
        assertThat(jobs.list("f1", "queued")).extracting(JobView::id).contains(job.id());
        assertThat(jobs.list(null, "cancelled")).extracting(JobView::id).doesNotContain(job.id());
        assertThatThrownBy(() -> jobs.list("f1", "sleeping")).isInstanceOfSatisfying(JobRequestException.class,
                e -> assertThat(e.field()).isEqualTo("status"));
        assertThatThrownBy(() -> jobs.list("f9", null)).isInstanceOfSatisfying(JobRequestException.class,
                e -> assertThat(e.field()).isEqualTo("feed"));
        assertThatThrownBy(() -> jobs.list(null, null, 0)).isInstanceOfSatisfying(JobRequestException.class,
                e -> assertThat(e.field()).isEqualTo("limit"));
        assertThatThrownBy(() -> jobs.cancel(987654)).isInstanceOf(JobNotFoundException.class);
        jobs.cancel(job.id());
    }
}
