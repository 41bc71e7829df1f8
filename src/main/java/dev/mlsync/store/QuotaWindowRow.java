package dev.mlsync.store;

import java.time.Instant;

/** How much of one window a credential used; {@code used} counts only while {@code start} is the current window. */
public record QuotaWindowRow(String name, Instant start, long used) {
}
