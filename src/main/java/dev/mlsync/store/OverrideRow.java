package dev.mlsync.store;

import java.time.Instant;

/**
 * One local edit of one field of a listing.
 *
 * @param valueJson    the local value (JSON text; {@code null} JSON clears the field)
 * @param mlsValueJson the MLS value when the override was set or last reconciled (JSON text), or null when the
 *                     MLS record had no such field
 */
public record OverrideRow(String feedId, String listingKey, String field, String valueJson, String mlsValueJson,
                          String setBy, Instant setAt) {
}
