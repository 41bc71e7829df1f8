package dev.mlsync.jobs;

/** What a running job may ask of, and tell, its runner. */
public interface JobContext {
    /**
     * True when the job should stop at its next safe point (a page boundary), keeping what it
     * committed: a cancel was requested, or this process is shutting down.
     */
    boolean stopRequested();

    /**
     * True when a cancel of the job was requested. A job that holds no work in this process (one that
     * {@linkplain JobOutcome#checkAgainAt waits}) heeds only this: a shutdown does not concern it.
     */
    boolean cancelRequested();

    /** Records the job's progress and counts so far (shown by {@code jobs show} and {@code GET /api/jobs/{id}}). */
    void progress(JobView.Progress progress, JobView.Counts counts);

    /** Links a {@code sync_run} row to the job. */
    void linkRun(long runId);
}
