package dev.mlsync;

/**
 * The root of every error mlsync raises on purpose. Subtypes carry the identifying fields
 * (feed, resource, key) and put them in their message; messages never contain secrets.
 */
public abstract class MlsyncException extends RuntimeException {
    protected MlsyncException(String message) {
        super(message);
    }

    protected MlsyncException(String message, Throwable cause) {
        super(message, cause);
    }
}
