package dev.mlsync.store;

/** Photos of a feed (or of every feed) by download state, and the bytes of the stored originals. */
public record MediaTotals(long pending, long stored, long failed, long gone, long storedBytes, long derivatives,
                          long derivativesPending) {
}
