package dev.mlsync.replicate;

import dev.mlsync.source.Cursor;
import dev.mlsync.store.PageCounts;

/**
 * Reported after each committed page.
 *
 * @param expectedRecords how many records the run should read in all (the provider's count when it
 *                        gave one on the first page), or -1
 */
public record PageProgress(String feedId, String resource, int pages, long records, PageCounts totals,
                           Cursor cursor, long expectedRecords) {
}
