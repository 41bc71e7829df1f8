package dev.mlsync.replicate;

import dev.mlsync.MlsyncException;

/** A retry named a dead letter that does not exist ({@link #state()} null) or is not open any more. */
public final class DeadLetterNotOpenException extends MlsyncException {
    private final long id;
    private final String state;

    public DeadLetterNotOpenException(long id, String state) {
        super(state == null ? "no dead letter has id " + id
                : "dead letter " + id + " is " + state + ", not open; only open letters are re-queued");
        this.id = id;
        this.state = state;
    }

    public long id() {
        return id;
    }

    /** The letter's state ({@code requeued}, {@code done}), or null when no letter has the id. */
    public String state() {
        return state;
    }
}
