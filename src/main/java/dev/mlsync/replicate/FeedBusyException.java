package dev.mlsync.replicate;

import dev.mlsync.MlsyncException;

/** Another process holds the feed's replication lease. */
public final class FeedBusyException extends MlsyncException {
    public FeedBusyException(String feedId, String resource, String holder) {
        super("feed " + feedId + ", " + resource + ": another mlsync process is replicating it right now ("
                + holder + "); the lease ends when that run finishes or its process stops");
    }
}
