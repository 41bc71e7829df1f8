package dev.mlsync.source;

/**
 * The port every provider adapter implements: pages of raw records for a resource from a cursor.
 * Implementations know the provider's paging, filters, caps and deletion signals (through their
 * profile) but nothing about PostgreSQL. Every outbound request passes the feed's quota.
 */
public interface Source extends AutoCloseable {
    /**
     * Opens the page that follows {@code request.cursor()} (or the cursor's nextLink when it has one).
     * Records arrive ordered by (timestamp, key) where the provider allows it.
     */
    PageReader openPage(PageRequest request);

    /** The provider's view of a record: which field is its key, timestamp and deletion signal. */
    RecordShape shape(String resource);

    /** Number of requests sent so far (for run statistics). */
    long requestCount();

    @Override
    default void close() {
    }
}
