package dev.mlsync.alert;

/**
 * Whether a rule's condition holds right now for a feed (and subject, e.g. a resource; "" for the feed).
 * A condition that holds opens an episode unless one is open; one that no longer holds resolves it.
 */
public record Condition(String rule, String feedId, String subject, boolean holds, String message) {
    static Condition of(String rule, String feedId, String subject, boolean holds, String message) {
        return new Condition(rule, feedId, subject == null ? "" : subject, holds, message);
    }
}
