package dev.mlsync.config;

import java.util.List;
import java.util.Optional;

/** The whole validated configuration (from {@code mlsync.yml}); immutable. */
public record MlsyncConfig(DatabaseConfig database, List<FeedConfig> feeds) {
    public MlsyncConfig {
        feeds = List.copyOf(feeds);
    }

    public Optional<FeedConfig> feed(String id) {
        return feeds.stream().filter(f -> f.id().equals(id)).findFirst();
    }
}
