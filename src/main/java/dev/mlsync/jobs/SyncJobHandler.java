package dev.mlsync.jobs;

import dev.mlsync.config.FeedConfig;
import dev.mlsync.config.MlsyncConfig;
import dev.mlsync.replicate.FeedBusyException;
import dev.mlsync.replicate.RunKind;
import dev.mlsync.replicate.RunOptions;
import dev.mlsync.replicate.RunResult;
import dev.mlsync.replicate.SyncService;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import dev.mlsync.store.RunStore;

import java.util.List;
import java.util.Set;
import java.util.function.Function;

/**
 * Runs incremental and full jobs (whole, partial or dry) through {@link SyncService}. A scheduled job
 * whose feed is being replicated by another process is skipped with a note, not failed: the other
 * process is doing the work.
 */
public final class SyncJobHandler implements JobHandler {
    private static final Logger LOG = LoggerFactory.getLogger(SyncJobHandler.class);

    private final MlsyncConfig config;
    private final SyncService sync;
    private final RunStore runs;

    public SyncJobHandler(MlsyncConfig config, SyncService sync, RunStore runs) {
        this.config = config;
        this.sync = sync;
        this.runs = runs;
    }

    @Override
    public JobOutcome run(JobView job, JobContext context) {
        FeedConfig feed = config.feed(job.feed()).orElse(null);
        if (feed == null) {
            return JobOutcome.failed("feed " + job.feed() + " is no longer configured in this process");
        }
        RunOptions options = new RunOptions(job.listingKeys(), job.filter(), job.dryRun());
        Function<String, RunKind> kinds = kinds(job, options);
        JobProgressListener listener = new JobProgressListener(context);
        List<RunResult> results;
        try {
            results = sync.sync(feed, job.resource(), kinds, trigger(job), listener, options);
        } catch (FeedBusyException e) {
            if ("schedule".equals(job.trigger())) {
                LOG.info("job {}: scheduled {} of feed {} skipped: {}", job.id(), job.kind(), job.feed(), e.getMessage());
                return JobOutcome.completed("skipped: " + e.getMessage());
            }
            throw e;
        }
        results.stream().filter(r -> r.runId() > 0).forEach(r -> context.linkRun(r.runId()));
        listener.finish(results);
        return outcome(job, results);
    }

    /** {@code sync_run.trigger} of the job's runs: {@code job <id>}. */
    static String trigger(JobView job) {
        return "job " + job.id();
    }

    /**
     * A full job taken over from a process that died (or handed back at shutdown) continues from the
     * last page it committed, for the resources it had started, instead of loading them again.
     */
    private Function<String, RunKind> kinds(JobView job, RunOptions options) {
        if (JobKind.of(job.kind()) != JobKind.FULL) {
            return resource -> RunKind.INCREMENTAL;
        }
        if (job.attempts() <= 1 || options.partial() || options.dryRun()) {
            return resource -> RunKind.FULL;
        }
        Set<String> started = runs.resourcesCommittedBy(trigger(job));
        if (!started.isEmpty()) {
            LOG.info("job {}: continuing the full load of {} from its last committed page", job.id(), started);
        }
        return resource -> started.contains(resource) ? RunKind.INCREMENTAL : RunKind.FULL;
    }

    private static JobOutcome outcome(JobView job, List<RunResult> results) {
        for (RunResult result : results) {
            if ("failed".equals(result.status())) {
                return JobOutcome.failed(result.resource() + ": " + result.error());
            }
        }
        if (results.stream().anyMatch(r -> "cancelled".equals(r.status()))) {
            return JobOutcome.stopped("stopped at a page boundary; the pages committed before it are kept");
        }
        if (job.dryRun()) {
            return JobOutcome.completed("dry run: the counts are what a real run would change; nothing was written");
        }
        return JobOutcome.completed(job.listingKeys() != null || job.filter() != null
                ? "partial sync: only the chosen records were read; the feed's cursor did not move" : null);
    }
}
