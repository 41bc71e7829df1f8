package dev.mlsync.media;

import java.io.InputStream;
import java.net.URI;
import java.nio.file.Path;
import java.util.Optional;

/**
 * An object store that hands every call to another one, for wrappers that change one or two calls. It does not
 * close the store it wraps: whoever opened that store closes it.
 */
abstract class ForwardingObjectStore implements ObjectStore {
    private final ObjectStore objects;

    ForwardingObjectStore(ObjectStore objects) {
        this.objects = objects;
    }

    @Override
    public void put(ObjectKey key, Path file, String contentType) {
        objects.put(key, file, contentType);
    }

    @Override
    public Optional<InputStream> open(ObjectKey key) {
        return objects.open(key);
    }

    @Override
    public boolean exists(ObjectKey key) {
        return objects.exists(key);
    }

    @Override
    public void delete(ObjectKey key) {
        objects.delete(key);
    }

    @Override
    public URI publicUrl(ObjectKey key) {
        return objects.publicUrl(key);
    }

    @Override
    public String describe() {
        return objects.describe();
    }

    @Override
    public int deleteAbandonedWrites() {
        return objects.deleteAbandonedWrites();
    }
}
