package dev.mlsync.store;

import java.time.Instant;

/**
 * An event webhook's delivery state while this process holds its lease.
 *
 * @param delivered     the position of the last event delivered (or skipped by the webhook's filter)
 * @param attempts      failed attempts at the next batch so far
 * @param nextAttemptAt when the next attempt may be made after a failure, or null
 */
public record WebhookState(String webhookKey, EventPosition delivered, int attempts, Instant nextAttemptAt) {
}
