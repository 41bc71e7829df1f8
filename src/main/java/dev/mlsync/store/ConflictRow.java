package dev.mlsync.store;

import java.time.Instant;

/**
 * A disagreement between local edits and the MLS ({@code listing_conflict}). For a whole-listing conflict
 * ({@code field} null: listing_deleted, listing_withdrawn, listing_purged) {@code localValueJson} holds every
 * override of the listing as one object and the MLS sides hold its StandardStatus before and after.
 */
public record ConflictRow(long id, String feedId, String listingKey, String field, String kind,
                          String localValueJson, String mlsBeforeJson, String mlsValueJson, String policy,
                          String status, String resolution, String resolvedBy, Instant openedAt,
                          Instant resolvedAt) {
}
