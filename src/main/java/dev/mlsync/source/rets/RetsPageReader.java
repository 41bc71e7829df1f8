package dev.mlsync.source.rets;

import dev.mlsync.source.PageReader;
import dev.mlsync.source.RawRecord;
import java.util.Iterator;
import java.util.List;

/**
 * A page of a RETS search. A page is a whole timestamp window that had to be read (and sorted) before
 * its first record could be handed out, so it is held in memory: at most a page of records.
 * {@link #nextLink()} is always null: the next page comes from the cursor (keyset paging).
 */
final class RetsPageReader implements PageReader {
    private final Iterator<RawRecord> records;
    private final boolean hasMore;
    private final long total;
    private final long bytes;

    RetsPageReader(List<RawRecord> records, boolean hasMore, long total, long bytes) {
        this.records = records.iterator();
        this.hasMore = hasMore;
        this.total = total;
        this.bytes = bytes;
    }

    @Override
    public boolean hasNext() {
        return records.hasNext();
    }

    @Override
    public RawRecord next() {
        return records.next();
    }

    @Override
    public String nextLink() {
        return null;
    }

    @Override
    public boolean hasMore() {
        return hasMore;
    }

    @Override
    public long totalCount() {
        return total;
    }

    @Override
    public long bytesRead() {
        return bytes;
    }

    @Override
    public void close() {
        // nothing is open: the page was read whole
    }
}
