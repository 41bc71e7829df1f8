package dev.mlsync.jobs;

/**
 * How a handler's work ended.
 *
 * @param status completed, failed, or null for stopped (at a safe point, because {@link JobContext#stopRequested()})
 * @param error  why it failed, or null
 * @param note   what a user should know about a job that did not fail, or null
 */
public record JobOutcome(JobStatus status, String error, String note) {
    public static JobOutcome completed(String note) {
        return new JobOutcome(JobStatus.COMPLETED, null, note);
    }

    public static JobOutcome failed(String error) {
        return new JobOutcome(JobStatus.FAILED, error, null);
    }

    public static JobOutcome stopped(String note) {
        return new JobOutcome(null, null, note);
    }

    public boolean isStopped() {
        return status == null;
    }
}
