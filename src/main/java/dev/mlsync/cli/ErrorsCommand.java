package dev.mlsync.cli;

import dev.mlsync.App;
import dev.mlsync.config.ConfigException;
import dev.mlsync.replicate.NotOpenException;
import dev.mlsync.store.DeadLetterRow;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Option;

import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.Callable;

/** {@code mlsync errors}: dead letters (failed runs, quarantined records) and re-queueing them. */
@Command(name = "errors", mixinStandardHelpOptions = true, subcommands = ErrorsCommand.Retry.class,
        description = "List dead letters: runs that failed for good (a page that exhausted its retries, an auth "
                + "failure) and records quarantined as bad data.")
final class ErrorsCommand implements Callable<Integer> {
    @Mixin
    ConfigOption config;

    @Option(names = "--feed", paramLabel = "F", description = "only this feed")
    String feed;

    @Option(names = "--json", description = "print JSON instead of a table")
    boolean json;

    @Override
    public Integer call() {
        try (App app = App.open(config.load())) {
            print(app.deadLetters().open(feed), json);
            return 0;
        }
    }

    static void print(List<DeadLetterRow> letters, boolean json) {
        if (json) {
            List<Map<String, Object>> rows = new ArrayList<>();
            letters.forEach(letter -> rows.add(asMap(letter)));
            System.out.println(Json.write(rows));
            return;
        }
        if (letters.isEmpty()) {
            System.out.println("No open errors.");
            return;
        }
        System.out.printf("%-6s %-7s %-9s %-14s %-12s %-16s %s%n", "ID", "KIND", "STATE", "FEED", "RESOURCE", "KEY",
                "MESSAGE");
        for (DeadLetterRow letter : letters) {
            System.out.printf("%-6d %-7s %-9s %-14s %-12s %-16s %s%n", letter.id(), letter.kind(), letter.state(),
                    letter.feedId(), letter.resource(), letter.recordKey() == null ? "-" : letter.recordKey(),
                    firstLine(letter.message()));
        }
    }

    private static Map<String, Object> asMap(DeadLetterRow letter) {
        Map<String, Object> row = new LinkedHashMap<>();
        row.put("id", letter.id());
        row.put("kind", letter.kind());
        row.put("state", letter.state());
        row.put("feed", letter.feedId());
        row.put("resource", letter.resource());
        row.put("key", letter.recordKey());
        row.put("runId", letter.runId());
        row.put("category", letter.category());
        row.put("message", letter.message());
        row.put("createdAt", letter.createdAt().toString());
        return row;
    }

    private static String firstLine(String message) {
        String line = message.lines().findFirst().orElse("");
        return line.length() > 120 ? line.substring(0, 117) + "..." : line;
    }

    /** {@code mlsync errors retry}: re-queues dead letters. */
    @Command(name = "retry", mixinStandardHelpOptions = true,
            description = "Re-queue dead letters: a failed run's page is fetched again by the next run (it resumes "
                    + "from its committed cursor); a quarantined record is stored again when a run next brings it "
                    + "(after it changes, or with sync --full).")
    static final class Retry implements Callable<Integer> {
        @Mixin
        ConfigOption config;

        @Option(names = "--id", paramLabel = "N", description = "the dead letter with this id")
        Long id;

        @Option(names = "--feed", paramLabel = "F", description = "every open dead letter of this feed")
        String feed;

        @Option(names = "--json", description = "print JSON instead of a table")
        boolean json;

        @Override
        public Integer call() {
            if ((id == null) == (feed == null)) {
                throw new ConfigException(List.of("errors retry: give exactly one of --id N or --feed F"));
            }
            try (App app = App.open(config.load())) {
                List<DeadLetterRow> requeued;
                try {
                    requeued = id != null ? List.of(app.deadLetters().retry(id)) : app.deadLetters().retryFeed(feed);
                } catch (NotOpenException e) {
                    requeued = List.of();
                    if (!json) {
                        System.out.println("Nothing to re-queue: " + e.getMessage() + ".");
                    }
                }
                if (!json && (id == null || !requeued.isEmpty())) {
                    System.out.println(requeued.isEmpty() ? "Nothing to re-queue: no open dead letter of feed "
                            + feed + "." : "Re-queued " + requeued.size() + "; the next sync of each feed picks them up.");
                }
                if (json || !requeued.isEmpty()) {
                    print(requeued, json);
                }
                return requeued.isEmpty() && id != null ? 1 : 0;
            }
        }
    }
}
