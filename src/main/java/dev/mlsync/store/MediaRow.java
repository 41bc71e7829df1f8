package dev.mlsync.store;

import java.time.Instant;

/** One Media record of a listing: the desired state the media downloader works from. */
public record MediaRow(String mediaKey, String listingKey, Integer position, String mediaUrl,
                       Instant mediaModificationTimestamp, byte[] rawJson) {
}
