package dev.mlsync.replicate;

import dev.mlsync.source.Cursor;
import dev.mlsync.store.PageCounts;

/** Reported after each committed page. */
public record PageProgress(String feedId, String resource, int pages, long records, PageCounts totals,
                           Cursor cursor) {
}
