package dev.mlsync.media;

import dev.mlsync.MlsyncException;

/** A store could not read, write or delete an object; the message names the store and the key. */
public final class ObjectStoreException extends MlsyncException {
    public ObjectStoreException(String message, Throwable cause) {
        super(message, cause);
    }

    public ObjectStoreException(String message) {
        super(message);
    }
}
