package dev.mlsync.replicate;

import dev.mlsync.config.ConflictPolicy;

/**
 * One replication run of a feed's resource.
 *
 * @param trigger   who asked: cli, schedule, api, demo, bench
 * @param conflicts what an MLS change to a locally overridden field does (the feed's {@code lifecycle.conflicts})
 */
public record RunRequest(String feedId, String resource, RunKind kind, String trigger, int pageSize,
                         RunOptions options, ConflictPolicy conflicts) {
    public RunRequest {
        if (pageSize <= 0) {
            throw new IllegalArgumentException("pageSize must be > 0, was " + pageSize);
        }
        options = options == null ? RunOptions.ALL : options;
        conflicts = conflicts == null ? ConflictPolicy.MANUAL : conflicts;
    }

    public RunRequest(String feedId, String resource, RunKind kind, String trigger, int pageSize,
                      RunOptions options) {
        this(feedId, resource, kind, trigger, pageSize, options, null);
    }

    public RunRequest(String feedId, String resource, RunKind kind, String trigger, int pageSize) {
        this(feedId, resource, kind, trigger, pageSize, RunOptions.ALL);
    }
}
