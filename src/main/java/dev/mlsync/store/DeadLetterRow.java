package dev.mlsync.store;

import java.time.Instant;

/**
 * One dead letter ({@code dead_letter}).
 *
 * @param kind      {@code page} (a failed run: the page after its last committed cursor) or {@code record}
 * @param recordKey the quarantined record's key, null for a page
 * @param runId     the failed run (page) or the run that quarantined the record
 * @param state     {@code open}, {@code requeued} or {@code done}
 */
public record DeadLetterRow(long id, String kind, String feedId, String resource, String recordKey, Long runId,
                            String category, String message, String state, Instant createdAt, Instant updatedAt) {
}
