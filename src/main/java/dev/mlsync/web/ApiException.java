package dev.mlsync.web;

import dev.mlsync.MlsyncException;

/**
 * A request the API refuses, answered as {@code {"error": message, "field": field}} with {@code status}.
 * Messages name the field and the rule, never a secret.
 */
public class ApiException extends MlsyncException {
    private final int status;
    private final String field;

    public ApiException(int status, String field, String message) {
        super(message);
        this.status = status;
        this.field = field;
    }

    public static ApiException badRequest(String field, String message) {
        return new ApiException(400, field, message);
    }

    public static ApiException notFound(String field, String message) {
        return new ApiException(404, field, message);
    }

    public int status() {
        return status;
    }

    /** The query parameter, path parameter or body field at fault, or null. */
    public String field() {
        return field;
    }
}
