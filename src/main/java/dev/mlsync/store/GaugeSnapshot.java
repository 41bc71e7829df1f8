package dev.mlsync.store;

import java.time.Instant;
import java.util.List;

/**
 * What {@code /metrics} reads from the database on a scrape: it covers work done by every process on the
 * database (workers included), not only by the one answering.
 */
public record GaugeSnapshot(List<ResourceGauge> resources, List<FeedCount> openErrors, List<MediaStateCount> media,
                            List<QueueDepth> queue) {
    public GaugeSnapshot {
        resources = List.copyOf(resources);
        openErrors = List.copyOf(openErrors);
        media = List.copyOf(media);
        queue = List.copyOf(queue);
    }

    /** One feed's resource: live rows, cursor timestamp and last successful run (null when none). */
    public record ResourceGauge(String feedId, String resource, long records, Instant cursorTimestamp,
                                Instant lastSuccess) {
    }

    public record FeedCount(String feedId, long count) {
    }

    /** Media rows of a feed by download state ({@code state} column of listing_media, when it exists). */
    public record MediaStateCount(String feedId, String state, long count) {
    }

    /** db-scheduler executions of a task: due and not picked, and picked (running). */
    public record QueueDepth(String taskName, long due, long running) {
    }
}
