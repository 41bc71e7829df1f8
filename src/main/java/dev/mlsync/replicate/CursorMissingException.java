package dev.mlsync.replicate;

import dev.mlsync.MlsyncException;

/**
 * An incremental run found no cursor for a feed that already holds records. Re-downloading
 * everything silently is how credentials get suspended, so this needs an explicit {@code --full}.
 */
public final class CursorMissingException extends MlsyncException {
    public CursorMissingException(String feedId, String resource) {
        super("feed " + feedId + ", " + resource + ": no cursor, but the replica already holds records; "
                + "refusing to re-download everything. Run with --full to reload the feed on purpose.");
    }
}
