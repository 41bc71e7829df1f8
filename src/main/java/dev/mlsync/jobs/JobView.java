package dev.mlsync.jobs;

import java.time.Instant;
import java.util.List;

/**
 * A job as the CLI and the HTTP API show it. String values are lowercase: kind is incremental, full,
 * media or reconcile; status is queued, running, completed, failed or cancelled; trigger is manual
 * or schedule.
 *
 * @param note            why a job did nothing though it did not fail (e.g. a scheduled run skipped
 *                        because another process holds the feed's lease), or null
 * @param cancelRequested a cancel was asked while the job ran; it stops at the next page boundary
 * @param worker          the process that runs or ran it ({@code mlsync@host pid N}), or null while queued
 * @param attempts        how many times a worker started it (more than 1 after a worker died)
 * @param runIds          the {@code sync_run} rows it produced (none for a dry run)
 */
public record JobView(long id, String feed, String kind, String resource, List<String> listingKeys, String filter,
                      boolean dryRun, String status, String trigger, int priority, Progress progress, Counts counts,
                      Instant createdAt, Instant startedAt, Instant finishedAt, String error, String note,
                      boolean cancelRequested, String worker, int attempts, List<Long> runIds) {
    public JobView {
        listingKeys = listingKeys == null ? null : List.copyOf(listingKeys);
        runIds = runIds == null ? List.of() : List.copyOf(runIds);
    }

    /** True once the job can no longer change (completed, failed, cancelled). */
    public boolean finished() {
        return JobStatus.of(status).finished();
    }

    /**
     * How far the job is.
     *
     * @param recordsTotal records the job will read, when the provider said, or null
     * @param mediaTotal   media files to fetch, when known, or null
     */
    public record Progress(long recordsDone, Long recordsTotal, int pages, long mediaDone, Long mediaTotal) {
        public static final Progress NONE = new Progress(0, null, 0, 0, null);
    }

    /** What the job changed (or, for a dry run, would change). */
    public record Counts(int added, int updated, int deleted, int unchanged, int failed) {
        public static final Counts ZERO = new Counts(0, 0, 0, 0, 0);

        public Counts plus(Counts other) {
            return new Counts(added + other.added, updated + other.updated, deleted + other.deleted,
                    unchanged + other.unchanged, failed + other.failed);
        }
    }
}
