package dev.mlsync.config;

import com.fasterxml.jackson.databind.JsonNode;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;

/** Turns the YAML tree into an {@link MlsyncConfig}, recording every problem on the way. */
final class ConfigBinder {
    private static final List<String> ROOT_KEYS = List.of("database", "feeds", "storage", "media", "workers", "server",
            "events");

    private final Placeholders placeholders;
    private final Problems problems;

    ConfigBinder(Map<String, String> env, Problems problems) {
        this.placeholders = new Placeholders(env, problems);
        this.problems = problems;
    }

    /** The configuration, or null when there were problems. An absent root means all defaults. */
    MlsyncConfig bind(JsonNode root, String source) {
        if (root == null) {
            return new MlsyncConfig(DatabaseBinder.bind(null, placeholders, problems), List.of())
                    .withServer(ServerBinder.bind(null, placeholders, problems));
        }
        if (!root.isObject()) {
            problems.add(source, "the top level must be a mapping with database: and feeds:, was " + Mapping.kind(root));
            return null;
        }
        Mapping mapping = Mapping.of(root, "", placeholders, problems);
        mapping.allowOnly(ROOT_KEYS);
        DatabaseConfig database = DatabaseBinder.bind(mapping.get("database"), placeholders, problems);
        List<FeedConfig> feeds = feeds(mapping);
        StorageConfig storage = StorageBinder.bind(mapping);
        MediaConfig media = MediaBinder.bind(mapping);
        WorkersConfig workers = ScheduleBinder.workers(mapping);
        ServerConfig server = ServerBinder.bind(mapping.mapping("server"), placeholders, problems);
        EventsConfig events = EventsBinder.bind(mapping.mapping("events"),
                feeds.stream().map(FeedConfig::id).collect(java.util.stream.Collectors.toSet()), placeholders);
        return problems.isEmpty() ? new MlsyncConfig(database, feeds, storage, media, workers, server, events) : null;
    }

    private List<FeedConfig> feeds(Mapping root) {
        List<JsonNode> nodes = root.list("feeds");
        List<FeedConfig> feeds = new ArrayList<>();
        Map<String, Integer> firstIndexOfId = new HashMap<>();
        for (int i = 0; nodes != null && i < nodes.size(); i++) {
            Mapping feed = Mapping.of(nodes.get(i), "feeds[" + i + "]", placeholders, problems);
            FeedConfig config = feed == null ? null : FeedBinder.bind(feed);
            if (config == null || config.id() == null) {
                continue;
            }
            Integer first = firstIndexOfId.putIfAbsent(config.id(), i);
            if (first != null) {
                problems.add("feeds[" + i + "].id", "duplicate feed id " + Mapping.quote(config.id())
                        + " (also feeds[" + first + "].id)");
            }
            feeds.add(config);
        }
        return feeds;
    }
}
