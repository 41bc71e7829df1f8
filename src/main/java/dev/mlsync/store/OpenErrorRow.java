package dev.mlsync.store;

import java.time.Instant;

/** An unresolved {@code sync_error}: which record of which run could not be stored, and why. */
public record OpenErrorRow(long id, Long runId, String feedId, String resource, String recordKey, String category,
                           String message, String payloadExcerpt, Instant createdAt) {
}
