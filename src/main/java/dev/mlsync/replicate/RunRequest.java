package dev.mlsync.replicate;

/**
 * One replication run of a feed's resource.
 *
 * @param trigger who asked: cli, schedule, api, demo, bench
 */
public record RunRequest(String feedId, String resource, RunKind kind, String trigger, int pageSize,
                         RunOptions options) {
    public RunRequest {
        if (pageSize <= 0) {
            throw new IllegalArgumentException("pageSize must be > 0, was " + pageSize);
        }
        options = options == null ? RunOptions.ALL : options;
    }

    public RunRequest(String feedId, String resource, RunKind kind, String trigger, int pageSize) {
        this(feedId, resource, kind, trigger, pageSize, RunOptions.ALL);
    }
}
