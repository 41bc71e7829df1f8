package dev.mlsync.media;

import java.io.InputStream;
import java.net.URI;
import java.nio.file.Path;
import java.util.Optional;

/**
 * Where photo originals and derivatives are kept: a local folder (default) or an S3-compatible
 * bucket. Every adapter passes the same contract suite.
 *
 * <p>Invariants every adapter keeps:
 * <ul>
 *   <li>{@link #put} is atomic: a reader sees either no object or the whole object, never a partial
 *       one, so the database may say "stored" as soon as {@code put} returns.</li>
 *   <li>Keys never escape the store's root or prefix: {@link ObjectKey} is sanitised on construction.</li>
 *   <li>{@link #delete} of a missing object is not an error (idempotent).</li>
 * </ul>
 * Failures are {@link ObjectStoreException}s naming the store and the key. Adapters are safe for use by
 * many threads at once. Build one with {@link ObjectStores#of}; {@link #close} releases its connections.
 */
public interface ObjectStore extends AutoCloseable {
    /** Writes {@code file}'s bytes as the object {@code key}, replacing any previous object, atomically. */
    void put(ObjectKey key, Path file, String contentType);

    /** The object's bytes, or empty when there is no such object. The caller closes the stream. */
    Optional<InputStream> open(ObjectKey key);

    boolean exists(ObjectKey key);

    /** Removes the object; a missing object is not an error. */
    void delete(ObjectKey key);

    /** The URL users' sites load the object from (the configured public/CDN base URL + key). */
    URI publicUrl(ObjectKey key);

    /** A short description without secrets, e.g. {@code filesystem /srv/media} or {@code s3 bucket/prefix}. */
    String describe();

    /**
     * Deletes what writes left behind when their process died in the middle of a {@link #put} (a kill or a
     * crash), never what a live process is still writing; returns how many were deleted. Nothing to do where a
     * put leaves nothing half-written (S3).
     */
    default int deleteAbandonedWrites() {
        return 0;
    }

    /** Releases connections (S3); the store must not be used afterwards. Nothing to do for the filesystem. */
    @Override
    default void close() {
    }
}
