package dev.mlsync.store;

import dev.mlsync.MlsyncException;

/** A database operation failed; the message names what was being done, never credentials. */
public class StoreException extends MlsyncException {
    public StoreException(String message) {
        super(message);
    }

    public StoreException(String message, Throwable cause) {
        super(message, cause);
    }
}
