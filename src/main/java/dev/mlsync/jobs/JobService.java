package dev.mlsync.jobs;

import com.github.kagkarlsson.scheduler.SchedulerClient;
import com.github.kagkarlsson.scheduler.jdbc.PostgreSqlJdbcCustomization;
import com.github.kagkarlsson.scheduler.task.Priority;
import com.github.kagkarlsson.scheduler.task.TaskInstance;
import com.github.kagkarlsson.scheduler.task.TaskInstanceId;
import dev.mlsync.config.FeedConfig;
import dev.mlsync.config.MlsyncConfig;
import dev.mlsync.store.JobRow;
import dev.mlsync.store.JobStore;
import dev.mlsync.store.NewJob;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import javax.sql.DataSource;
import java.time.Clock;
import java.util.List;
import java.util.Optional;
import java.util.Set;

/**
 * Submits, shows, lists and cancels jobs; the CLI ({@code mlsync jobs …}) and the HTTP API
 * ({@code /api/jobs}) both call this.
 * <ul>
 *   <li>A job row and its db-scheduler execution are stored in one transaction: a job is never lost,
 *       and never runs without its row.</li>
 *   <li>A request is validated completely before anything is stored; a bad field raises
 *       {@link JobRequestException} naming it, and nothing is queued.</li>
 *   <li>Manual jobs carry a higher db-scheduler priority than scheduled ones, so they run first.</li>
 *   <li>Cancelling a queued job means it never starts; a running job stops at its next page boundary,
 *       keeping the pages it committed.</li>
 * </ul>
 */
public final class JobService {
    /** db-scheduler priority of jobs an operator asked for. */
    public static final int MANUAL_PRIORITY = Priority.HIGH;
    /**
     * db-scheduler priority of jobs a feed's schedule queued: below manual jobs, above every media task
     * ({@code MediaStore.PRIORITY_*}, at most 30), so a photo backfill sharing the worker threads never holds
     * back the scheduled syncs that keep the replica fresh.
     */
    public static final int SCHEDULED_PRIORITY = 40;
    public static final int DEFAULT_LIST_LIMIT = 50;
    public static final int MAX_LIST_LIMIT = 1000;
    private static final Logger LOG = LoggerFactory.getLogger(JobService.class);

    private final MlsyncConfig config;
    private final JobStore store;
    private final DataSource dataSource;
    private final Clock clock;
    private final JobRequestCheck check;

    /**
     * @param handledKinds  the kinds this process has handlers for; others are refused at submit
     * @param partialSync   whether a feed's provider can filter by key and by arbitrary fields
     */
    public JobService(MlsyncConfig config, JobStore store, DataSource dataSource, Clock clock,
                      Set<JobKind> handledKinds, PartialSyncSupport partialSync) {
        this.config = config;
        this.store = store;
        this.dataSource = dataSource;
        this.clock = clock;
        this.check = new JobRequestCheck(config, handledKinds, partialSync);
    }

    /** Queues a manual job; throws {@link JobRequestException} (nothing queued) when the request is invalid. */
    public JobView submit(JobRequest request) {
        JobRequest valid = check.validated(request);
        return enqueue(valid, "manual", MANUAL_PRIORITY);
    }

    /**
     * Queues a job for a feed's schedule, unless one of that feed and kind is already queued or
     * running (a slow run is not piled up behind). Empty when skipped.
     */
    public Optional<JobView> submitScheduled(String feedId, JobKind kind) {
        if (store.hasOpen(feedId, kind.columnValue())) {
            LOG.info("feed {}: scheduled {} skipped: a {} job of this feed is still queued or running",
                    feedId, kind.columnValue(), kind.columnValue());
            return Optional.empty();
        }
        JobRequest valid = check.validated(JobRequest.of(feedId, kind.columnValue()));
        return Optional.of(enqueue(valid, "schedule", SCHEDULED_PRIORITY));
    }

    /**
     * Queues an incremental job that resumes a feed's run the breaker interrupted, now that the breaker closed
     * again: it continues from the last committed page instead of waiting for the feed's next scheduled run.
     * Skipped (empty) when a job of the feed is already queued or running, since that one goes on by itself.
     * Like a scheduled job it is queued by mlsync, not by an operator (trigger {@code schedule}), but at the
     * priority of a manual one, ahead of the routine work.
     */
    public Optional<JobView> submitResume(String feedId) {
        if (store.hasOpen(feedId, JobKind.INCREMENTAL.columnValue()) || store.hasOpen(feedId, JobKind.FULL.columnValue())) {
            return Optional.empty();
        }
        JobRequest valid = check.validated(JobRequest.of(feedId, JobKind.INCREMENTAL.columnValue()));
        LOG.info("feed {}: the breaker closed; resuming the interrupted run now", feedId);
        return Optional.of(enqueue(valid, "schedule", MANUAL_PRIORITY));
    }

    private JobView enqueue(JobRequest request, String trigger, int priority) {
        NewJob job = new NewJob(request.feed(), request.kind(), request.resource(), request.listingKeys(),
                request.filter(), request.dryRun(), trigger, priority, clock.instant());
        long id = store.insert(job, (jobId, transaction) -> client(transaction).schedule(
                new TaskInstance.Builder<Void>(JobTask.NAME, Long.toString(jobId)).priority(priority)
                        .scheduledTo(clock.instant())));
        LOG.info("job {} queued: {} {} of feed {}{}", id, trigger, request.kind(), request.feed(),
                request.dryRun() ? " (dry run)" : "");
        return require(id);
    }

    public Optional<JobView> get(long id) {
        return store.find(id).map(JobService::view);
    }

    /** The job, or {@link JobNotFoundException}. */
    public JobView require(long id) {
        return get(id).orElseThrow(() -> new JobNotFoundException(id));
    }

    /** Newest first, at most {@link #DEFAULT_LIST_LIMIT}; {@code feed} and {@code status} may be null (any). */
    public List<JobView> list(String feed, String status) {
        return list(feed, status, DEFAULT_LIST_LIMIT);
    }

    /** Newest first; throws {@link JobRequestException} for an unknown feed or status or a bad limit. */
    public List<JobView> list(String feed, String status, int limit) {
        check.query(feed, status, limit);
        return store.list(feed, status, limit).stream().map(JobService::view).toList();
    }

    /**
     * Cancels a job: a queued job is marked cancelled and never starts; a running job is asked to stop
     * and does so at its next page boundary; a finished job is left as it is. Returns the job as it
     * now stands; {@link JobNotFoundException} when there is none.
     */
    public JobView cancel(long id) {
        require(id);
        if (store.cancelQueued(id, clock.instant())) {
            removeExecution(id);
            LOG.info("job {} cancelled before it started", id);
        } else if (store.requestCancel(id)) {
            lookNow(id);
            LOG.info("job {}: cancel requested; it stops at its next page boundary", id);
        }
        return require(id);
    }

    /**
     * Best effort: a job waiting between two looks (a media job) takes its next look now, so it sees the cancel
     * at once; the execution of a job running on a worker is picked and left alone.
     */
    private void lookNow(long id) {
        try {
            client(dataSource).reschedule(TaskInstanceId.of(JobTask.NAME, Long.toString(id)), clock.instant());
        } catch (RuntimeException e) {
            LOG.debug("job {}: not rescheduled for its cancel ({}); it sees the cancel at its next page boundary", id,
                    e.getMessage());
        }
    }

    /** Best effort: a worker that picks the execution anyway finds the job cancelled and does nothing. */
    private void removeExecution(long id) {
        try {
            client(dataSource).cancel(TaskInstanceId.of(JobTask.NAME, Long.toString(id)));
        } catch (RuntimeException e) {
            LOG.debug("job {}: its queued execution was not removed ({}); a worker will find it cancelled", id,
                    e.getMessage());
        }
    }

    private static SchedulerClient client(DataSource dataSource) {
        return SchedulerClient.Builder.create(dataSource).enablePriority()
                .jdbcCustomization(new PostgreSqlJdbcCustomization(false, false)).build();
    }

    static JobView view(JobRow row) {
        var p = row.progress();
        return new JobView(row.id(), row.feedId(), row.kind(), row.resource(), row.listingKeys(), row.filter(),
                row.dryRun(), row.status(), row.trigger(), row.priority(),
                new JobView.Progress(p.recordsDone(), p.recordsTotal(), p.pages(), p.mediaDone(), p.mediaTotal()),
                new JobView.Counts(p.added(), p.updated(), p.deleted(), p.unchanged(), p.failed()),
                row.createdAt(), row.startedAt(), row.finishedAt(), row.error(), row.note(), row.cancelRequested(),
                row.worker(), row.attempts(), row.runIds());
    }

    /** Feeds this service knows (the configured ones). */
    public List<FeedConfig> feeds() {
        return config.feeds();
    }
}
