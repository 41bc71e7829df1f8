package dev.mlsync.cli;

import dev.mlsync.App;
import dev.mlsync.quota.Sleeper;
import dev.mlsync.store.ChangeEvent;
import dev.mlsync.store.EventBatch;
import dev.mlsync.store.EventNotKeptException;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Option;

import java.time.Duration;
import java.util.List;
import java.util.concurrent.Callable;

/** {@code mlsync events}: the change events, as {@code GET /api/events} lists them, one JSON object a line. */
@Command(name = "events", mixinStandardHelpOptions = true,
        description = {"Print change events (one JSON object per line) after an event id, in log order.",
                "With --follow, keep printing new ones as they are committed (Ctrl-C stops)."})
final class EventsCommand implements Callable<Integer> {
    private static final int PAGE = 500;
    private static final Duration FOLLOW_POLL = Duration.ofSeconds(1);

    @Mixin
    ConfigOption config;

    @Option(names = "--after", paramLabel = "ID", description = "print events after this one (default 0: the oldest kept)")
    long after;

    @Option(names = "--feed", description = "only this feed's events")
    String feed;

    @Option(names = "--kind", description = "only events of this kind: ${COMPLETION-CANDIDATES}",
            completionCandidates = Kinds.class)
    String kind;

    @Option(names = "--follow", description = "keep waiting for new events")
    boolean follow;

    static final class Kinds extends java.util.ArrayList<String> {
        Kinds() {
            super(ChangeEvent.KINDS);
        }
    }

    @Override
    public Integer call() throws InterruptedException {
        if (after < 0 || kind != null && !ChangeEvent.KINDS.contains(kind)) {
            System.err.println("mlsync events: " + (after < 0 ? "--after must be >= 0, was " + after
                    : "--kind must be one of " + String.join(", ", ChangeEvent.KINDS) + ", was " + kind));
            return 2;
        }
        try (App app = App.open(config.load())) {
            long position = after;
            while (true) {
                EventBatch batch = app.database().events().afterId(position, feed == null ? null : List.of(feed),
                        kind == null ? null : List.of(kind), PAGE);
                for (ChangeEvent event : batch.events()) {
                    System.out.println(Json.write(event));
                    position = event.id();
                }
                System.out.flush();
                if (batch.events().size() < PAGE) {
                    if (!follow) {
                        return 0;
                    }
                    Sleeper.system().sleep(FOLLOW_POLL);
                }
            }
        } catch (EventNotKeptException e) {
            System.err.println("mlsync events: " + e.getMessage().replace("after=0", "--after 0"));
            return 1;
        }
    }
}
