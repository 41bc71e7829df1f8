package dev.mlsync.store;

import java.time.Instant;
import java.util.List;

/** A validated job about to be queued. */
public record NewJob(String feedId, String kind, String resource, List<String> listingKeys, String filter,
                     boolean dryRun, String trigger, int priority, Instant createdAt) {
}
