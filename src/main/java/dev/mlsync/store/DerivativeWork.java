package dev.mlsync.store;

/** A stored original whose derivatives are still to be made. */
public record DerivativeWork(String feedId, String mediaKey, String objectKey, String contentType) {
}
