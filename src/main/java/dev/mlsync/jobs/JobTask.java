package dev.mlsync.jobs;

import com.github.kagkarlsson.scheduler.task.CompletionHandler;
import com.github.kagkarlsson.scheduler.task.ExecutionContext;
import com.github.kagkarlsson.scheduler.task.FailureHandler;
import com.github.kagkarlsson.scheduler.task.Task;
import com.github.kagkarlsson.scheduler.task.TaskInstance;
import com.github.kagkarlsson.scheduler.task.helper.Tasks;
import dev.mlsync.store.JobRow;
import dev.mlsync.store.JobStore;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import java.time.Clock;
import java.time.Duration;
import java.util.Map;
import java.util.Optional;

/**
 * The db-scheduler task that runs jobs: task name {@value #NAME}, instance id = job id, no task data.
 * <ul>
 *   <li>A job starts only through a conditional update (queued → running), so a cancelled job never starts.</li>
 *   <li>The execution is heartbeated by db-scheduler; when its process dies, another process revives it
 *       and takes the job over (status running, attempts + 1); replication resumes from the committed cursor.</li>
 *   <li>A job that stops because this process shuts down goes back to queued and its execution is
 *       rescheduled at once, so another process continues it.</li>
 *   <li>A job whose work is held in the database ({@link JobOutcome#checkAgainAt}) stays running, marked
 *       waiting, and its execution is rescheduled for the next look; meanwhile no thread holds it. A look is
 *       not a new attempt: it is taken by whichever process picks the execution.</li>
 * </ul>
 */
public final class JobTask {
    static final String NAME = "job";
    private static final Logger LOG = LoggerFactory.getLogger(JobTask.class);

    private final JobStore store;
    private final Map<JobKind, JobHandler> handlers;
    private final Clock clock;

    private JobTask(JobStore store, Map<JobKind, JobHandler> handlers, Clock clock) {
        this.store = store;
        this.handlers = Map.copyOf(handlers);
        this.clock = clock;
    }

    /** The task, with one handler per job kind this process can run. */
    public static Task<Void> of(JobStore store, Map<JobKind, JobHandler> handlers, Clock clock) {
        JobTask task = new JobTask(store, handlers, clock);
        return Tasks.custom(NAME, Void.class)
                .onFailure(new FailureHandler.OnFailureRetryLater<>(Duration.ofSeconds(30)))
                .onDeadExecutionRevive()
                .execute(task::execute);
    }

    private CompletionHandler<Void> execute(TaskInstance<Void> instance, ExecutionContext context) {
        long id = Long.parseLong(instance.getId());
        String worker = context.getExecution().pickedBy;
        Optional<JobRow> looked = store.resumeWaiting(id, worker);
        Optional<JobRow> claimed = looked.isPresent() ? looked : store.claim(id, worker, clock.instant());
        if (claimed.isEmpty()) {
            LOG.info("job {} is finished or was cancelled before it started; nothing to do", id);
            return new CompletionHandler.OnCompleteRemove<>();
        }
        JobView job = JobService.view(claimed.get());
        if (looked.isEmpty() && job.cancelRequested()) {
            store.finish(id, "cancelled", null, "cancelled while its worker was down; committed pages kept",
                    clock.instant());
            return new CompletionHandler.OnCompleteRemove<>();
        }
        if (job.attempts() > 1) {
            LOG.info("job {}: attempt {} on {}, continuing where its previous worker stopped", id, job.attempts(),
                    worker);
        }
        JobOutcome outcome = run(job, new RunningJob(store, id, context));
        if (outcome.isWaiting()) {
            store.markWaiting(id);
            return (complete, operations) -> operations.reschedule(complete, outcome.checkAgainAt());
        }
        if (outcome.isStopped() && !store.cancelRequested(id)) {
            store.release(id, "handed back by " + worker + " at shutdown; another worker continues it");
            LOG.info("job {} stopped at a page boundary because {} is shutting down; queued again", id, worker);
            return (complete, operations) -> operations.reschedule(complete, clock.instant());
        }
        finish(id, outcome);
        return new CompletionHandler.OnCompleteRemove<>();
    }

    private JobOutcome run(JobView job, JobContext context) {
        JobHandler handler = handlers.get(JobKind.of(job.kind()));
        if (handler == null) {
            return JobOutcome.failed("this mlsync process cannot run " + job.kind() + " jobs");
        }
        try {
            return handler.run(job, context);
        } catch (RuntimeException e) {
            String error = e.getMessage() != null ? e.getMessage() : e.toString();
            LOG.error("job {} ({} of feed {}) failed; it is not retried, submit it again to retry: {}", job.id(),
                    job.kind(), job.feed(), error);
            return JobOutcome.failed(error);
        }
    }

    private void finish(long id, JobOutcome outcome) {
        if (outcome.isStopped()) {
            store.finish(id, "cancelled", null, outcome.note(), clock.instant());
            LOG.info("job {} cancelled at a page boundary", id);
        } else {
            store.finish(id, outcome.status().columnValue(), outcome.error(), outcome.note(), clock.instant());
            LOG.info("job {} {}{}", id, outcome.status().columnValue(),
                    outcome.note() == null ? "" : ": " + outcome.note());
        }
    }

    /** The context of one execution: stop requests come from the job row and from the scheduler's state. */
    private record RunningJob(JobStore store, long id, ExecutionContext execution) implements JobContext {
        @Override
        public boolean stopRequested() {
            return execution.getSchedulerState().isShuttingDown() || store.cancelRequested(id);
        }

        @Override
        public boolean cancelRequested() {
            return store.cancelRequested(id);
        }

        @Override
        public void progress(JobView.Progress p, JobView.Counts c) {
            store.progress(id, new dev.mlsync.store.JobProgress(p.recordsDone(), p.recordsTotal(), p.pages(),
                    p.mediaDone(), p.mediaTotal(), c.added(), c.updated(), c.deleted(), c.unchanged(), c.failed()));
        }

        @Override
        public void linkRun(long runId) {
            store.addRun(id, runId);
        }
    }
}
