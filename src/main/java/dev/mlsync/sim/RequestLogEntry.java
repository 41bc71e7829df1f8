package dev.mlsync.sim;

import java.time.Instant;

/**
 * One request the simulator served.
 *
 * @param at         time the response finished, from {@link SimOptions#clock()}
 * @param status     status sent; 0 when the connection was reset without a response
 * @param bytes      response body bytes as sent (after compression)
 * @param credential a stable, non-secret id of the caller: the first 8 hex digits of the SHA-256 of the bearer token
 *                   (of the OAuth2 client id for issued tokens); null for requests without a bearer
 * @param received   time the request arrived, from {@link SimOptions#clock()}: what rate limits count, both when
 *                   the simulator enforces them and when {@link RequestLogCheck} checks a log
 * @param sequence   the request's place in arrival order: 1 for the first the simulator received, taken with
 *                   {@code received} (a later sequence never has an earlier {@code received}); 0 for entries made
 *                   outside a simulator
 */
public record RequestLogEntry(Instant at, String method, String pathAndQuery, int status, long bytes,
                              String credential, Instant received, long sequence) {

    /** An entry without an arrival sequence. */
    public RequestLogEntry(Instant at, String method, String pathAndQuery, int status, long bytes, String credential,
                           Instant received) {
        this(at, method, pathAndQuery, status, bytes, credential, received, 0);
    }

    /** An entry whose request arrived when its response finished. */
    public RequestLogEntry(Instant at, String method, String pathAndQuery, int status, long bytes, String credential) {
        this(at, method, pathAndQuery, status, bytes, credential, at);
    }

    /** An entry without a credential (the pre-limits shape). */
    public RequestLogEntry(Instant at, String method, String pathAndQuery, int status, long bytes) {
        this(at, method, pathAndQuery, status, bytes, null, at);
    }
}
