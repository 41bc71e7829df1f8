package dev.mlsync.store;

import java.time.Instant;

/**
 * Read model of one feed's resource for {@code mlsync status}: its last run, cursor, counts and open errors.
 */
public record FeedStatus(String feedId, String resource, long records, long deletedRecords, long media,
                         Instant cursorTimestamp, String cursorKey, Long lastRunId, String lastRunKind,
                         String lastRunStatus, Instant lastRunStarted, Instant lastRunFinished, Integer lastRunAdded,
                         Integer lastRunUpdated, Integer lastRunDeleted, Integer lastRunFailed, String lastRunError,
                         Instant lastSuccess, long openErrors) {
}
