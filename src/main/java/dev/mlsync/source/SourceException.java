package dev.mlsync.source;

import dev.mlsync.MlsyncException;

/** A request or response the source could not use; the message names the feed, resource and URL path. */
public class SourceException extends MlsyncException {
    private final Category category;
    private final int status;

    public enum Category { NETWORK, SERVER, AUTH, RATE_LIMIT, BAD_REQUEST, MALFORMED }

    public SourceException(Category category, int status, String message) {
        super(message);
        this.category = category;
        this.status = status;
    }

    public SourceException(Category category, int status, String message, Throwable cause) {
        super(message, cause);
        this.category = category;
        this.status = status;
    }

    public Category category() {
        return category;
    }

    /** HTTP status, or 0 when no response arrived. */
    public int status() {
        return status;
    }
}
