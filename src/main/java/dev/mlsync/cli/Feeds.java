package dev.mlsync.cli;

import dev.mlsync.config.ConfigException;
import dev.mlsync.config.FeedConfig;
import dev.mlsync.config.MlsyncConfig;

import java.nio.file.Path;
import java.util.List;
import java.util.stream.Collectors;

/** Picks the feeds a command works on. */
final class Feeds {
    private Feeds() {
    }

    static List<FeedConfig> select(MlsyncConfig config, String feedId, Path configPath) {
        if (config.feeds().isEmpty()) {
            throw new ConfigException(List.of(configPath + ": no feeds configured (see README, \"Configuration\"); "
                    + "try ./mlsync demo for a simulated feed"));
        }
        if (feedId == null) {
            return config.feeds();
        }
        return List.of(config.feed(feedId).orElseThrow(() -> new ConfigException(List.of(
                "--feed: no feed \"" + feedId + "\" in " + configPath + " (feeds: "
                        + config.feeds().stream().map(FeedConfig::id).collect(Collectors.joining(", ")) + ")"))));
    }
}
