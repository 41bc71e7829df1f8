package dev.mlsync.replicate;

import dev.mlsync.MlsyncException;

/**
 * A reconciliation that deleted nothing on purpose: the key listing failed, came back empty while the replica
 * holds live records, or would delete more than the feed's {@code lifecycle.maxDeleteShare}. The message says
 * which, with the numbers; an outage must never mass-delete.
 */
public final class ReconcileRefusedException extends MlsyncException {
    public ReconcileRefusedException(String feedId, String resource, String why) {
        super("feed " + feedId + ", " + resource + ": reconciliation deleted nothing: " + why);
    }

    public ReconcileRefusedException(String feedId, String resource, String why, Throwable cause) {
        super("feed " + feedId + ", " + resource + ": reconciliation deleted nothing: " + why, cause);
    }
}
