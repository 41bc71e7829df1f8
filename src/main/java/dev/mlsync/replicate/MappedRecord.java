package dev.mlsync.replicate;

import dev.mlsync.store.ListingRow;
import dev.mlsync.store.MediaRow;
import dev.mlsync.store.ResourceRow;
import dev.mlsync.store.SyncErrorRow;

import java.time.Instant;
import java.util.List;

/**
 * A provider record turned into rows: a listing with its media, or a record of another resource;
 * plus the (timestamp, key) it moves the cursor to and any problems with parts of it (a bad Media
 * entry is reported without losing the listing).
 */
record MappedRecord(String key, Instant cursorTimestamp, ListingRow listing, List<MediaRow> media,
                    ResourceRow record, List<SyncErrorRow> problems) {
}
