package dev.mlsync.store;

/** One derivative of a stored original (a resized JPEG or WebP). */
public record DerivativeRow(String variant, String objectKey, String localUrl, String contentType, int width,
                            int height, long bytes) {
}
