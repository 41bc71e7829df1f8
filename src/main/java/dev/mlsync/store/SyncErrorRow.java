package dev.mlsync.store;

/** A record that could not be stored: which one, why, and a short excerpt of what the provider sent. */
public record SyncErrorRow(String recordKey, String category, String message, String payloadExcerpt) {
}
