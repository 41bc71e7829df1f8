package dev.mlsync.replicate;

import dev.mlsync.config.FeedConfig;
import dev.mlsync.source.Source;

import java.util.ArrayList;
import java.util.List;
import java.util.function.Consumer;
import java.util.function.Function;

/**
 * Replicates a feed's resources, Property (with its Media) first. The CLI, and later the scheduler
 * and the HTTP API, all call this.
 */
public final class SyncService {
    private final Replicator replicator;
    private final Function<FeedConfig, Source> sources;
    private final RunObserver observer;
    private final Consumer<RunResult> afterRun;

    public SyncService(Replicator replicator, Function<FeedConfig, Source> sources) {
        this(replicator, sources, RunObserver.NONE, result -> { });
    }

    /**
     * @param observer sees every page and run of every sync (metrics, alerts); not dry runs
     * @param afterRun called after every run that wrote (the media queue schedules the run's listings with pending
     *                 photos; should it fail or never be called, the media sweep schedules them later)
     */
    public SyncService(Replicator replicator, Function<FeedConfig, Source> sources, RunObserver observer,
                       Consumer<RunResult> afterRun) {
        this.replicator = replicator;
        this.sources = sources;
        this.observer = observer;
        this.afterRun = afterRun;
    }

    /** Runs every configured resource of the feed (or only {@code onlyResource} when not null). */
    public List<RunResult> sync(FeedConfig feed, String onlyResource, RunKind kind, String trigger,
                                RunListener listener) {
        return sync(feed, onlyResource, kind, trigger, listener, RunOptions.ALL);
    }

    /** As above, narrowed to chosen records and/or as a dry run (see {@link RunOptions}). */
    public List<RunResult> sync(FeedConfig feed, String onlyResource, RunKind kind, String trigger,
                                RunListener listener, RunOptions options) {
        return sync(feed, onlyResource, resource -> kind, trigger, listener, options);
    }

    /**
     * As above with a kind per resource: a full load that a dead process left half done continues
     * incrementally from its last committed page for the resources it had started.
     */
    public List<RunResult> sync(FeedConfig feed, String onlyResource, Function<String, RunKind> kindOf,
                                String trigger, RunListener listener, RunOptions options) {
        List<RunResult> results = new ArrayList<>();
        // A dry run writes nothing, so observers (metrics, alerts) do not see it as replication.
        boolean observe = !options.dryRun();
        RunListener observed = observe ? observed(listener) : listener;
        try (Source source = sources.apply(feed)) {
            for (String resource : resourcesInOrder(feed, onlyResource)) {
                RunResult result = replicator.run(new RunRequest(feed.id(), resource, kindOf.apply(resource), trigger,
                        feed.pageSize(), options, feed.lifecycle().conflicts()), source, observed);
                if (observe) {
                    observer.runFinished(result);
                    afterRun.accept(result);
                }
                results.add(result);
                if (listener.cancelled()) {
                    break;
                }
            }
        }
        return results;
    }

    private RunListener observed(RunListener listener) {
        if (observer == RunObserver.NONE) {
            return listener;
        }
        return new RunListener() {
            @Override
            public void pageCommitted(PageProgress progress) {
                listener.pageCommitted(progress);
                observer.pageCommitted(progress);
            }

            @Override
            public boolean cancelled() {
                return listener.cancelled();
            }
        };
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
