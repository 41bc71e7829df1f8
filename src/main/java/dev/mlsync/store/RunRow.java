package dev.mlsync.store;

import java.time.Instant;

/** One {@code sync_run} row as the API shows it. {@code finishedAt} is null while it runs. */
public record RunRow(long id, String feedId, String resource, String kind, String trigger, String status,
                     Instant startedAt, Instant finishedAt, int pages, int requests, long bytes, int added,
                     int updated, int deleted, int unchanged, int failed, int media, String cursorBefore,
                     String cursorAfter, String error) {
}
