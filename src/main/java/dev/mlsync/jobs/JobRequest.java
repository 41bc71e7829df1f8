package dev.mlsync.jobs;

import java.util.List;

/**
 * What a caller (CLI, HTTP API) asks for; validated by {@link JobService#submit(JobRequest)}, which
 * names the offending field in a {@link JobRequestException}.
 *
 * @param feed        configured feed id
 * @param kind        incremental, full, media or reconcile
 * @param resource    one resource (Property, Member, ...), or null for every configured resource
 * @param listingKeys partial sync of just these listings (Property only), or null
 * @param filter      partial sync of the records matching this OData filter fragment, or null
 * @param dryRun      fetch and count what would change, write nothing
 */
public record JobRequest(String feed, String kind, String resource, List<String> listingKeys, String filter,
                         boolean dryRun) {
    public JobRequest {
        listingKeys = listingKeys == null ? null : List.copyOf(listingKeys);
    }

    /** A plain sync of every resource of {@code feed}. */
    public static JobRequest of(String feed, String kind) {
        return new JobRequest(feed, kind, null, null, null, false);
    }

    public JobRequest withResource(String value) {
        return new JobRequest(feed, kind, value, listingKeys, filter, dryRun);
    }

    public JobRequest withListingKeys(List<String> value) {
        return new JobRequest(feed, kind, resource, value, filter, dryRun);
    }

    public JobRequest withFilter(String value) {
        return new JobRequest(feed, kind, resource, listingKeys, value, dryRun);
    }

    public JobRequest withDryRun(boolean value) {
        return new JobRequest(feed, kind, resource, listingKeys, filter, value);
    }
}
