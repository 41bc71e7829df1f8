package dev.mlsync.store;

/** A job's progress and counts as stored; totals are null when unknown. */
public record JobProgress(long recordsDone, Long recordsTotal, int pages, long mediaDone, Long mediaTotal,
                          int added, int updated, int deleted, int unchanged, int failed) {
    public static final JobProgress NONE = new JobProgress(0, null, 0, 0, null, 0, 0, 0, 0, 0);
}
