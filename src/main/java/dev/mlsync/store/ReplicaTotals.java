package dev.mlsync.store;

/** Totals of what a feed holds (live rows only), for summaries. */
public record ReplicaTotals(long listings, long media, long records, long runs, long errors) {
}
