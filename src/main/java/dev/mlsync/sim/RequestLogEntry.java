package dev.mlsync.sim;

import java.time.Instant;

/**
 * One request the simulator served.
 *
 * @param at    wall-clock time the response finished
 * @param bytes response body bytes as sent (after compression)
 */
public record RequestLogEntry(Instant at, String method, String pathAndQuery, int status, long bytes) {
}
