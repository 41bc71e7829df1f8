package dev.mlsync.source;

import dev.mlsync.MlsyncException;

/** A request or response the source could not use; the message names the feed, resource and URL path. */
public class SourceException extends MlsyncException {
    private final Category category;
    private final int status;

    public enum Category {
        NETWORK, SERVER, AUTH, RATE_LIMIT, BAD_REQUEST, MALFORMED;

        /** What an HTTP error status means for a provider request: 401/403 auth, 429 rate limit, 5xx server. */
        public static Category ofHttpStatus(int status) {
            if (status == 401 || status == 403) {
                return AUTH;
            }
            if (status == 429) {
                return RATE_LIMIT;
            }
            return status >= 500 ? SERVER : BAD_REQUEST;
        }
    }

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
