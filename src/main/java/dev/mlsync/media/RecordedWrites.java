package dev.mlsync.media;

import dev.mlsync.store.ObjectWriteStore;

import java.io.InputStream;
import java.net.URI;
import java.nio.file.Path;
import java.time.Clock;
import java.time.Duration;
import java.util.Optional;

/**
 * An object store whose every {@link #put} is first recorded (committed) in the object ledger, so a process that
 * dies between writing an object and recording its row leaves a write the media sweep resolves, never an object no
 * row knows. The derivative stage writes through it; its rows close the writes ({@code saveDerivatives}).
 */
final class RecordedWrites implements ObjectStore {
    private final ObjectStore objects;
    private final ObjectWriteStore writes;
    private final Clock clock;
    private final Duration abandonedAfter;

    RecordedWrites(ObjectStore objects, ObjectWriteStore writes, Clock clock, Duration abandonedAfter) {
        this.objects = objects;
        this.writes = writes;
        this.clock = clock;
        this.abandonedAfter = abandonedAfter;
    }

    @Override
    public void put(ObjectKey key, Path file, String contentType) {
        var now = clock.instant();
        writes.beginDerivative(key.value(), now, now.plus(abandonedAfter));
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
