package dev.mlsync.jobs;

import dev.mlsync.config.FeedConfig;
import dev.mlsync.config.MlsyncConfig;
import dev.mlsync.replicate.FeedBusyException;
import dev.mlsync.replicate.ReconcileOptions;
import dev.mlsync.replicate.ReconcileResult;
import dev.mlsync.replicate.Reconciler;
import dev.mlsync.replicate.RunListener;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import java.util.List;
import java.util.stream.Collectors;

/**
 * Runs reconcile jobs (the daily {@code reconcile:<feed>} tick and {@code POST /api/jobs {kind: reconcile}})
 * through {@link Reconciler}. Counts: {@code deleted} = records soft-deleted because the provider no longer lists
 * them; added/updated/unchanged = what re-fetching the missing or older records changed. A refusal (failed or
 * empty key listing, share cap) fails the job with the reason; nothing was deleted.
 */
public final class ReconcileJobHandler implements JobHandler {
    private static final Logger LOG = LoggerFactory.getLogger(ReconcileJobHandler.class);

    private final MlsyncConfig config;
    private final Reconciler reconciler;

    public ReconcileJobHandler(MlsyncConfig config, Reconciler reconciler) {
        this.config = config;
        this.reconciler = reconciler;
    }

    @Override
    public JobOutcome run(JobView job, JobContext context) {
        FeedConfig feed = config.feed(job.feed()).orElse(null);
        if (feed == null) {
            return JobOutcome.failed("feed " + job.feed() + " is no longer configured in this process");
        }
        RunListener listener = new RunListener() {
            @Override
            public boolean cancelled() {
                return context.stopRequested();
            }
        };
        List<ReconcileResult> results;
        try {
            results = reconciler.reconcileAll(feed, job.resource(), new ReconcileOptions(job.dryRun(), false),
                    SyncJobHandler.trigger(job), listener);
        } catch (FeedBusyException e) {
            if ("schedule".equals(job.trigger())) {
                LOG.info("job {}: scheduled reconcile of feed {} skipped: {}", job.id(), job.feed(), e.getMessage());
                return JobOutcome.completed("skipped: " + e.getMessage());
            }
            throw e;
        }
        JobView.Counts counts = JobView.Counts.ZERO;
        long keys = 0;
        for (ReconcileResult result : results) {
            result.runIds().forEach(context::linkRun);
            var r = result.refetched();
            counts = counts.plus(new JobView.Counts(r.added(), r.updated(), result.deleted().size() + r.deleted(),
                    r.unchanged(), r.failed()));
            keys += result.providerKeys();
        }
        context.progress(new JobView.Progress(keys, keys, 0, 0, null), counts);
        String summary = results.stream().map(ReconcileJobHandler::summary).collect(Collectors.joining("; "));
        if (context.stopRequested()) {
            return JobOutcome.stopped(summary);
        }
        return JobOutcome.completed(summary);
    }

    static String summary(ReconcileResult r) {
        return r.resource() + ": " + r.providerKeys() + " keys at the provider, " + r.live() + " live here, "
                + r.deleted().size() + (r.dryRun() ? " to delete, " : " deleted, ") + r.toFetch().size()
                + (r.dryRun() ? " to re-fetch" : " re-fetched") + (r.note() == null ? "" : " (" + r.note() + ")");
    }
}
