package dev.mlsync.jobs;

import dev.mlsync.replicate.PageProgress;
import dev.mlsync.replicate.RunListener;
import dev.mlsync.replicate.RunResult;
import dev.mlsync.store.PageCounts;

import java.util.List;

/** Adds up a job's runs (one per resource) page by page into its progress, and relays stop requests. */
final class JobProgressListener implements RunListener {
    private final JobContext context;
    private String resource;
    private PageProgress current;
    private long recordsBefore;
    private int pagesBefore;
    private JobView.Counts countsBefore = JobView.Counts.ZERO;

    JobProgressListener(JobContext context) {
        this.context = context;
    }

    @Override
    public void pageCommitted(PageProgress progress) {
        if (current != null && !progress.resource().equals(resource)) {
            recordsBefore += current.records();
            pagesBefore += current.pages();
            countsBefore = countsBefore.plus(counts(current.totals()));
        }
        resource = progress.resource();
        current = progress;
        Long total = progress.expectedRecords() >= 0 ? recordsBefore + progress.expectedRecords() : null;
        context.progress(new JobView.Progress(recordsBefore + progress.records(), total, pagesBefore + progress.pages(),
                0, null), countsBefore.plus(counts(progress.totals())));
    }

    @Override
    public boolean cancelled() {
        return context.stopRequested();
    }

    /** The final tally from the runs' results (which also cover runs that committed no page). */
    void finish(List<RunResult> results) {
        JobView.Counts counts = JobView.Counts.ZERO;
        int pages = 0;
        for (RunResult result : results) {
            counts = counts.plus(counts(result.counts()));
            pages += result.pages();
        }
        long records = (long) counts.added() + counts.updated() + counts.deleted() + counts.unchanged();
        context.progress(new JobView.Progress(records, records, pages, 0, null), counts);
    }

    private static JobView.Counts counts(PageCounts c) {
        return new JobView.Counts(c.added(), c.updated(), c.deleted(), c.unchanged(), c.failed());
    }
}
