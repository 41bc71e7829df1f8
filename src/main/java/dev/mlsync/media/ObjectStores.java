package dev.mlsync.media;

import dev.mlsync.config.StorageConfig;

/** Builds the {@link ObjectStore} that {@code storage:} in {@code mlsync.yml} describes. */
public final class ObjectStores {
    private ObjectStores() {
    }

    /**
     * The configured store. A relative filesystem path is resolved against the working directory; the
     * folder is created on the first {@code put}.
     */
    public static ObjectStore of(StorageConfig config) {
        return switch (config.type()) {
            case FILESYSTEM -> new FilesystemObjectStore(config.path(), config.publicBaseUrl());
            case S3 -> throw new ObjectStoreException("s3 storage: not available yet in this build");
        };
    }
}
