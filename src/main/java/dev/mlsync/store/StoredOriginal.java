package dev.mlsync.store;

/** What is known about a stored original once its bytes are in the object store. */
public record StoredOriginal(String contentType, long bytes, int width, int height, String sha256, String objectKey,
                             String localUrl) {
}
