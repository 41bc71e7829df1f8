package dev.mlsync.replicate;

import dev.mlsync.source.Cursor;
import dev.mlsync.store.PageCounts;

import java.time.Duration;

/**
 * How a run ended and what it did. {@code error} is null unless status is failed; {@code started} is when the run
 * began (its pages were all written after it).
 */
public record RunResult(long runId, String feedId, String resource, RunKind kind, String status, int pages,
                        long requests, long bytes, PageCounts counts, Cursor cursor, Duration elapsed,
                        String error, java.time.Instant started) {
    public boolean succeeded() {
        return "completed".equals(status);
    }
}
