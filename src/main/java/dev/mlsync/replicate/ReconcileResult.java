package dev.mlsync.replicate;

import dev.mlsync.store.PageCounts;

import java.util.List;

/**
 * What one reconciliation of a feed's resource found and did.
 *
 * @param providerKeys records the provider's key index listed
 * @param live         live records in the replica before
 * @param deleted      keys soft-deleted (for a dry run: that would be)
 * @param toFetch      keys the replica lacked or held older (re-fetched unless a dry run or the provider cannot)
 * @param refetched    what re-fetching them changed (added = restored, updated = newer)
 * @param runIds       the partial {@code sync_run} rows of the re-fetch
 * @param requests     provider requests of the key listing
 * @param note         what a user should know (a dry run, a re-fetch the provider cannot serve), or null
 */
public record ReconcileResult(String feedId, String resource, long providerKeys, long live, List<String> deleted,
                              List<String> toFetch, PageCounts refetched, List<Long> runIds, long requests,
                              boolean dryRun, String note) {
    public ReconcileResult {
        deleted = List.copyOf(deleted);
        toFetch = List.copyOf(toFetch);
        runIds = List.copyOf(runIds);
    }
}
