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

    /**
     * Headers a request for the media file at {@code url} must carry (provider rules such as MLS Grid's
     * {@code User-Agent: <access token>}; the bearer token only for the feed's own host, never for a CDN).
     * The values may hold secrets: never log them.
     */
    default java.util.Map<String, String> mediaHeaders(java.net.URI url) {
        return java.util.Map.of();
    }

    /** How long one media URL must not be fetched again after a fetch (zero = no such rule). */
    default java.time.Duration mediaUrlReuseWindow() {
        return java.time.Duration.ZERO;
    }

    /**
     * The listing's current Media records, asked of the provider now (expired signed URLs are renewed this
     * way), ordered by {@code Order}.
     */
    default java.util.List<com.fasterxml.jackson.databind.node.ObjectNode> listingMedia(String listingKey) {
        throw new UnsupportedOperationException("this source cannot query a listing's Media");
    }

    /** Number of requests sent so far (for run statistics). */
    long requestCount();

    @Override
    default void close() {
    }
}
