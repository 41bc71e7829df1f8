package dev.mlsync.replicate;

import dev.mlsync.MlsyncException;

/**
 * An action named a record (a conflict to resolve, a dead letter to re-queue) that does not exist
 * ({@link #missing()}) or is no longer open.
 */
public final class NotOpenException extends MlsyncException {
    private final long id;
    private final String state;

    private NotOpenException(String what, long id, String state, String onlyOpen) {
        super(state == null ? "no " + what + " has id " + id
                : what + " " + id + " is " + state + ", not open; " + onlyOpen);
        this.id = id;
        this.state = state;
    }

    /** @param status the conflict's status ({@code resolved}), or null when no conflict has the id */
    public static NotOpenException conflict(long id, String status) {
        return new NotOpenException("conflict", id, status, "only open conflicts are resolved");
    }

    /** @param state the letter's state ({@code requeued}, {@code done}), or null when no letter has the id */
    public static NotOpenException deadLetter(long id, String state) {
        return new NotOpenException("dead letter", id, state, "only open letters are re-queued");
    }

    public long id() {
        return id;
    }

    /** True when no record has the id (rather than one that is closed). */
    public boolean missing() {
        return state == null;
    }
}
