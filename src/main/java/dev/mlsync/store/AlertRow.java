package dev.mlsync.store;

import java.time.Instant;

/** One alert episode; {@code resolvedAt} is null while it is open. */
public record AlertRow(long id, String rule, String feedId, String subject, String message, Instant firedAt,
                       Instant lastSeenAt, Instant resolvedAt) {
}
