package dev.mlsync.jobs;

/**
 * Does the work of one kind of job (replication runs, media, reconcile). Handlers return how the job
 * ended or throw (the job is then failed with the exception's message); what happens next is the
 * runner's business: a {@link JobOutcome#stopped(String) stopped} job becomes cancelled when its cancel was
 * requested, and goes back to the queue for another process when this one is shutting down; a job that
 * {@linkplain JobOutcome#checkAgainAt waits} for work held in the database is rescheduled for its next look.
 */
@FunctionalInterface
public interface JobHandler {
    JobOutcome run(JobView job, JobContext context);
}
