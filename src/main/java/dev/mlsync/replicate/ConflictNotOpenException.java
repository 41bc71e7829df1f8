package dev.mlsync.replicate;

import dev.mlsync.MlsyncException;

/** A resolve named a conflict that does not exist ({@link #status()} null) or is already resolved. */
public final class ConflictNotOpenException extends MlsyncException {
    private final long id;
    private final String status;

    public ConflictNotOpenException(long id, String status) {
        super(status == null ? "no conflict has id " + id
                : "conflict " + id + " is " + status + ", not open; only open conflicts are resolved");
        this.id = id;
        this.status = status;
    }

    public long id() {
        return id;
    }

    /** The conflict's status ({@code resolved}), or null when no conflict has the id. */
    public String status() {
        return status;
    }
}
