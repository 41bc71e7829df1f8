package dev.mlsync.jobs;

import java.time.Instant;

/**
 * How a handler's work ended, or that it waits.
 *
 * @param status       completed, failed, or null for stopped (at a safe point, because {@link JobContext#stopRequested()})
 *                     or waiting
 * @param error        why it failed, or null
 * @param note         what a user should know about a job that did not fail, or null
 * @param checkAgainAt for a job whose work is held in the database (a media job's photos): the job is not done
 *                     yet and is looked at again at this time, by any process, without holding a worker thread
 *                     meanwhile; null otherwise
 */
public record JobOutcome(JobStatus status, String error, String note, Instant checkAgainAt) {
    public static JobOutcome completed(String note) {
        return new JobOutcome(JobStatus.COMPLETED, null, note, null);
    }

    public static JobOutcome failed(String error) {
        return new JobOutcome(JobStatus.FAILED, error, null, null);
    }

    public static JobOutcome stopped(String note) {
        return new JobOutcome(null, null, note, null);
    }

    /** The job goes on without a thread: its runner reschedules it to be looked at again at {@code at}. */
    public static JobOutcome checkAgainAt(Instant at) {
        return new JobOutcome(null, null, null, at);
    }

    public boolean isStopped() {
        return status == null && checkAgainAt == null;
    }

    public boolean isWaiting() {
        return checkAgainAt != null;
    }
}
