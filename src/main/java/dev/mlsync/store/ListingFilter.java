package dev.mlsync.store;

import java.math.BigDecimal;
import java.time.Instant;

/**
 * What {@code GET /api/listings} asks for: every filter may be null. Results are ordered by
 * {@code (feed_id, listing_key)}, or with {@code byModification} by {@code (modification_timestamp, feed_id,
 * listing_key)}; {@code afterModified}/{@code afterFeed}/{@code afterKey} continue after the last row of the
 * previous page (keyset paging: stable while rows change, no offset scan).
 */
public record ListingFilter(String feedId, String status, String city, BigDecimal minPrice, BigDecimal maxPrice,
                            Instant updatedSince, boolean byModification, Instant afterModified, String afterFeed,
                            String afterKey, int limit) {
    public ListingFilter {
        if (byModification && afterKey != null && afterModified == null) {
            throw new IllegalArgumentException("paging by modification needs afterModified");
        }
        if (limit < 1) {
            throw new IllegalArgumentException("limit must be >= 1, was " + limit);
        }
        if ((afterFeed == null) != (afterKey == null)) {
            throw new IllegalArgumentException("afterFeed and afterKey go together");
        }
    }
}
