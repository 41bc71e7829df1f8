package dev.mlsync.replicate;

import dev.mlsync.config.FeedConfig;
import dev.mlsync.source.Source;

import java.util.ArrayList;
import java.util.List;
import java.util.function.Function;

/**
 * Replicates a feed's resources, Property (with its Media) first. The CLI, and later the scheduler
 * and the HTTP API, all call this.
 */
public final class SyncService {
    private final Replicator replicator;
    private final Function<FeedConfig, Source> sources;
    private final java.util.function.Consumer<RunResult> afterRun;

    public SyncService(Replicator replicator, Function<FeedConfig, Source> sources) {
        this(replicator, sources, result -> { });
    }

    /**
     * @param afterRun called after every run (the media queue schedules the run's listings with pending photos;
     *                 should it fail or never be called, the media sweep schedules them later)
     */
    public SyncService(Replicator replicator, Function<FeedConfig, Source> sources,
                       java.util.function.Consumer<RunResult> afterRun) {
        this.replicator = replicator;
        this.sources = sources;
        this.afterRun = afterRun;
    }

    /** Runs every configured resource of the feed (or only {@code onlyResource} when not null). */
    public List<RunResult> sync(FeedConfig feed, String onlyResource, RunKind kind, String trigger,
                                RunListener listener) {
        List<RunResult> results = new ArrayList<>();
        try (Source source = sources.apply(feed)) {
            for (String resource : resourcesInOrder(feed, onlyResource)) {
                RunResult result = replicator.run(new RunRequest(feed.id(), resource, kind, trigger, feed.pageSize()),
                        source, listener);
                results.add(result);
                afterRun.accept(result);
                if (listener.cancelled()) {
                    break;
                }
            }
        }
        return results;
    }

    private static List<String> resourcesInOrder(FeedConfig feed, String onlyResource) {
        if (onlyResource != null) {
            return List.of(onlyResource);
        }
        List<String> ordered = new ArrayList<>(feed.resources());
        if (ordered.remove("Property")) {
            ordered.addFirst("Property");
        }
        return ordered;
    }
}
