package dev.mlsync.store;

import java.time.Instant;

/**
 * A pending photo as a media task reads it: enough to fetch it and to tell, when storing, that it did not
 * change in between.
 */
public record MediaWorkItem(String feedId, String mediaKey, String listingKey, int position, String mediaUrl,
                            Instant mediaModificationTimestamp, int attempts, String fetchedUrl, Instant fetchedAt) {
}
