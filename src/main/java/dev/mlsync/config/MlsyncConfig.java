package dev.mlsync.config;

import java.util.List;
import java.util.Optional;

/** The whole validated configuration (from {@code mlsync.yml}); immutable. */
public record MlsyncConfig(DatabaseConfig database, List<FeedConfig> feeds, ServerConfig server) {
    public MlsyncConfig {
        feeds = List.copyOf(feeds);
        server = server == null ? ServerConfig.ofDefaults() : server;
    }

    /** Database and feeds with the default {@code server:} section (no admin token, 127.0.0.1:8080). */
    public MlsyncConfig(DatabaseConfig database, List<FeedConfig> feeds) {
        this(database, feeds, ServerConfig.ofDefaults());
    }

    public MlsyncConfig withServer(ServerConfig newServer) {
        return new MlsyncConfig(database, feeds, newServer);
    }

    /** Embedded database, no feeds: what runs when there is no {@code mlsync.yml}. */
    public static MlsyncConfig ofDefaults() {
        return new MlsyncConfig(DatabaseConfig.ofDefaults(), List.of());
    }

    /** A short human summary (database, then one line per feed) without any secret. */
    public String describe() {
        return ConfigDescription.of(this);
    }

    public Optional<FeedConfig> feed(String id) {
        return feeds.stream().filter(f -> f.id().equals(id)).findFirst();
    }
}
