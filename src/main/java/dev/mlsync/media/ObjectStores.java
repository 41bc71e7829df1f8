package dev.mlsync.media;

import dev.mlsync.config.StorageConfig;

/** Builds the {@link ObjectStore} that {@code storage:} in {@code mlsync.yml} describes. */
public final class ObjectStores {
    private ObjectStores() {
    }

    /**
     * The configured store. A relative filesystem path is resolved against the working directory; the
     * folder is created on the first {@code put}. An S3 store connects lazily too: a wrong bucket or
     * credential shows on the first request, as an {@link ObjectStoreException}. Close the store when done.
     */
    public static ObjectStore of(StorageConfig config) {
        return switch (config.type()) {
            case FILESYSTEM -> new FilesystemObjectStore(config.path(), config.publicBaseUrl());
            case S3 -> new S3ObjectStore(config.s3(), config.publicBaseUrl());
        };
    }
}
