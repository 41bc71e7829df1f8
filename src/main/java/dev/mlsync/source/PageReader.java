package dev.mlsync.source;

import java.io.Closeable;
import java.util.Iterator;

/**
 * A page being read: records stream out one at a time as the response is parsed, so memory does
 * not grow with page size. {@link #nextLink()} is only known once every record has been read
 * (OData may put {@code @odata.nextLink} after {@code value}). A malformed page (broken JSON,
 * truncated body, an HTML error page) throws {@link SourceException} from the iterator.
 */
public interface PageReader extends Iterator<RawRecord>, Closeable {
    /** The link to the next page, or null when this is the last one; valid after iteration. */
    String nextLink();

    /**
     * Whether another page follows; valid after iteration. When the provider pages by nextLink, true
     * when {@link #nextLink()} is not null; when it pages by the cursor (keyset), true when this page
     * came back full (as many records as were asked for, more than zero).
     */
    boolean hasMore();

    /**
     * How many records match the whole query (the provider's {@code @odata.count}), or -1 when it did not
     * say; known once the first record has been read.
     */
    default long totalCount() {
        return -1;
    }

    /** Bytes read from the network so far (compressed size when gzip). */
    long bytesRead();

    @Override
    void close();
}
