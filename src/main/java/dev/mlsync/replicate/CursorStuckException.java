package dev.mlsync.replicate;

import dev.mlsync.MlsyncException;

/** A full page did not move the cursor forward, so asking again would return the same page forever. */
public final class CursorStuckException extends MlsyncException {
    public CursorStuckException(String feedId, String resource, String cursor) {
        super("feed " + feedId + ", " + resource + ": a full page did not move the cursor past " + cursor
                + " (every record in it was rejected or the server ignores the cursor filter); stopping");
    }
}
