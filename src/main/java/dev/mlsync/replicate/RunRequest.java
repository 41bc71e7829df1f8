package dev.mlsync.replicate;

/**
 * One replication run of a feed's resource.
 *
 * @param trigger who asked: cli, schedule, api, demo, bench
 */
public record RunRequest(String feedId, String resource, RunKind kind, String trigger, int pageSize) {
    public RunRequest {
        if (pageSize <= 0) {
            throw new IllegalArgumentException("pageSize must be > 0, was " + pageSize);
        }
    }
}
