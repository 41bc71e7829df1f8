package dev.mlsync.sim;

import java.time.Instant;

/**
 * A credential the simulator suspended after a limit breach (MLS Grid style).
 *
 * @param credential the credential id (see {@link RequestLogEntry#credential()})
 * @param limit      the {@link SimLimits} key that was breached, e.g. {@code perSecond}
 */
public record Suspension(String credential, String limit, Instant from, Instant until) {
}
