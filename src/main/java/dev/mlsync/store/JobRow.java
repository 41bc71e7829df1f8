package dev.mlsync.store;

import java.time.Instant;
import java.util.List;

/** One row of the {@code job} table (see V6 and the README schema reference). */
public record JobRow(long id, String feedId, String kind, String resource, List<String> listingKeys, String filter,
                     boolean dryRun, String status, String trigger, int priority, JobProgress progress,
                     Instant createdAt, Instant startedAt, Instant finishedAt, String error, String note,
                     boolean cancelRequested, String worker, int attempts, List<Long> runIds) {
}
