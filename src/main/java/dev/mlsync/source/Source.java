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

    /**
     * How many records {@code request}'s page asks for, when its records can be asked for one window at a time
     * ({@link PageRequest#window}), so a page with a record that is not valid JSON can be split around it; 0 when
     * they cannot (the provider pages by an opaque token, or does not take {@code $skip}).
     */
    default int splittablePageSize(PageRequest request) {
        return 0;
    }

    /**
     * Where the page after a split one continues: the link to the records after the first {@code positions} of
     * {@code request}'s page, at its full size, or null when the next page follows from the cursor (the last
     * record of the split page was readable and the provider pages by keyset). Only when
     * {@link #splittablePageSize} is above 0.
     */
    default String linkAfterSplit(PageRequest request, int positions, boolean lastBroken) {
        throw new UnsupportedOperationException("this source does not split pages");
    }

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

    /**
     * Whether {@code mediaUrl} is a reference only this source can resolve (RETS {@code rets-object:}), which
     * {@link #fetchMedia} downloads, rather than a URL any HTTP client may GET.
     */
    default boolean resolvesMedia(String mediaUrl) {
        return false;
    }

    /**
     * Downloads the objects {@code mediaUrls} refer to (references {@link #resolvesMedia} accepts), in as few
     * requests as the provider allows, each through the feed's quota as a media request; {@code receiver} hears of
     * each reference at most once. A request that fails as a whole throws, and the references it held that were
     * not answered yet get no call.
     */
    default void fetchMedia(java.util.List<String> mediaUrls, MediaReceiver receiver) {
        throw new UnsupportedOperationException("this source resolves no media references");
    }

    /** Number of requests sent so far (for run statistics). */
    long requestCount();

    @Override
    default void close() {
    }
}
