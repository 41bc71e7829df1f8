package dev.mlsync.store;

import org.jdbi.v3.core.Jdbi;

import java.sql.Timestamp;
import java.time.Instant;
import java.util.Optional;

/**
 * Delivery state of event webhooks ({@code event_webhook}). One process at a time delivers a webhook: the
 * one holding its lease, which it renews while delivering and which lapses by itself should it die.
 * Every write but {@link #register} and {@link #lease} requires the caller to still hold the lease.
 */
public final class WebhookStore {
    private final Jdbi jdbi;

    WebhookStore(Jdbi jdbi) {
        this.jdbi = jdbi;
    }

    /**
     * Starts tracking a webhook the first time it is configured: it is delivered events of transactions
     * still able to commit now and of every later one (not the history before it existed).
     */
    public void register(String webhookKey, Instant now) {
        jdbi.useHandle(handle -> handle.createUpdate("""
                        INSERT INTO event_webhook (webhook_key, delivered_tx, delivered_id, seen_at, created_at)
                        VALUES (:key, pg_snapshot_xmin(pg_current_snapshot()), 0, :now, :now)
                        ON CONFLICT (webhook_key) DO NOTHING""")
                .bind("key", webhookKey).bind("now", now).execute());
    }

    /** Takes or renews the lease until {@code until}; empty when another owner holds it. */
    public Optional<WebhookState> lease(String webhookKey, String owner, Instant now, Instant until) {
        return jdbi.withHandle(handle -> handle.createQuery("""
                        UPDATE event_webhook SET lease_owner = :owner, lease_until = :until, seen_at = :now
                        WHERE webhook_key = :key AND (lease_owner IS NULL OR lease_owner = :owner OR lease_until <= :now)
                        RETURNING delivered_tx::text, delivered_id, attempts, next_attempt_at""")
                .bind("key", webhookKey).bind("owner", owner).bind("now", now).bind("until", until)
                .map((rs, ctx) -> {
                    Timestamp next = rs.getTimestamp(4);
                    return new WebhookState(webhookKey, new EventPosition(rs.getString(1), rs.getLong(2)),
                            rs.getInt(3), next == null ? null : next.toInstant());
                }).findOne());
    }

    /** Everything up to {@code position} is delivered; the retry state is cleared. False when the lease was lost. */
    public boolean delivered(String webhookKey, String owner, EventPosition position, Instant now) {
        return jdbi.withHandle(handle -> handle.createUpdate("""
                        UPDATE event_webhook SET delivered_tx = CAST(:tx AS xid8), delivered_id = :id, attempts = 0,
                            next_attempt_at = NULL, last_error = NULL, delivered_at = :now
                        WHERE webhook_key = :key AND lease_owner = :owner""")
                .bind("key", webhookKey).bind("owner", owner).bind("tx", position.tx()).bind("id", position.id())
                .bind("now", now).execute() == 1);
    }

    /** An attempt failed; the next one waits until {@code nextAttemptAt}. False when the lease was lost. */
    public boolean failed(String webhookKey, String owner, int attempts, Instant nextAttemptAt, String error) {
        return jdbi.withHandle(handle -> handle.createUpdate("""
                        UPDATE event_webhook SET attempts = :attempts, next_attempt_at = :next, last_error = :error
                        WHERE webhook_key = :key AND lease_owner = :owner""")
                .bind("key", webhookKey).bind("owner", owner).bind("attempts", attempts).bind("next", nextAttemptAt)
                .bind("error", error).execute() == 1);
    }

    /** Gives the lease up (this process stops), so another process can deliver at once. */
    public void release(String webhookKey, String owner) {
        jdbi.useHandle(handle -> handle.createUpdate("""
                        UPDATE event_webhook SET lease_owner = NULL, lease_until = NULL
                        WHERE webhook_key = :key AND lease_owner = :owner""")
                .bind("key", webhookKey).bind("owner", owner).execute());
    }
}
