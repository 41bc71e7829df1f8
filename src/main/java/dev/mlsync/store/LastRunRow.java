package dev.mlsync.store;

import java.time.Instant;

/**
 * What alert rules look at per feed and resource: the last finished run, the oldest run still going,
 * the last success and the first run ever (null where there is none).
 */
public record LastRunRow(String feedId, String resource, RunRow lastFinished, Instant oldestRunningSince,
                         Instant lastSuccess, Instant firstRunAt) {
}
