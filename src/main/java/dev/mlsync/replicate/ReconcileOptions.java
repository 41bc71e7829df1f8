package dev.mlsync.replicate;

/**
 * How a reconciliation may act.
 *
 * @param dryRun report what would be deleted and re-fetched, change nothing
 * @param force  delete even more than the feed's {@code lifecycle.maxDeleteShare} (an empty or failed key
 *               listing is refused all the same)
 */
public record ReconcileOptions(boolean dryRun, boolean force) {
    public static final ReconcileOptions DEFAULT = new ReconcileOptions(false, false);
}
