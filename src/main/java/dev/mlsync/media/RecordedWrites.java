package dev.mlsync.media;

import dev.mlsync.store.ObjectWriteStore;

import java.nio.file.Path;
import java.time.Clock;
import java.time.Duration;

/**
 * An object store whose every {@link #put} is first recorded (committed) in the object ledger, so a process that
 * dies between writing an object and recording its row leaves a write the media sweep resolves, never an object no
 * row knows. The derivative stage writes through it; its rows close the writes ({@code saveDerivatives}).
 */
final class RecordedWrites extends ForwardingObjectStore {
    private final ObjectWriteStore writes;
    private final Clock clock;
    private final Duration abandonedAfter;

    RecordedWrites(ObjectStore objects, ObjectWriteStore writes, Clock clock, Duration abandonedAfter) {
        super(objects);
        this.writes = writes;
        this.clock = clock;
        this.abandonedAfter = abandonedAfter;
    }

    @Override
    public void put(ObjectKey key, Path file, String contentType) {
        var now = clock.instant();
        writes.beginDerivative(key.value(), now, now.plus(abandonedAfter));
        super.put(key, file, contentType);
    }
}
