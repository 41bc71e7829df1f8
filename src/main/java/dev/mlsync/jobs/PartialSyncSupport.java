package dev.mlsync.jobs;

import dev.mlsync.config.FeedConfig;

/** Whether a feed's provider can serve a partial sync (records picked by key or by a filter). */
@FunctionalInterface
public interface PartialSyncSupport {
    PartialSyncSupport ALWAYS = feed -> null;

    /** Null when it can; otherwise why not (e.g. "mlsgrid filters only by timestamps and a few status fields"). */
    String refusal(FeedConfig feed);
}
