package dev.mlsync.config;

import java.util.List;
import java.util.Optional;

/** The whole validated configuration (from {@code mlsync.yml}); immutable. */
public record MlsyncConfig(DatabaseConfig database, List<FeedConfig> feeds, WorkersConfig workers,
                           ServerConfig server) {
    public MlsyncConfig {
        feeds = List.copyOf(feeds);
        workers = workers == null ? WorkersConfig.ofDefaults() : workers;
        server = server == null ? ServerConfig.ofDefaults() : server;
    }

    /** Database and feeds with the default {@code workers:} and {@code server:} sections. */
    public MlsyncConfig(DatabaseConfig database, List<FeedConfig> feeds) {
        this(database, feeds, WorkersConfig.ofDefaults(), ServerConfig.ofDefaults());
    }

    public MlsyncConfig(DatabaseConfig database, List<FeedConfig> feeds, WorkersConfig workers) {
        this(database, feeds, workers, ServerConfig.ofDefaults());
    }

    public MlsyncConfig(DatabaseConfig database, List<FeedConfig> feeds, ServerConfig server) {
        this(database, feeds, WorkersConfig.ofDefaults(), server);
    }

    public MlsyncConfig withWorkers(WorkersConfig value) {
        return new MlsyncConfig(database, feeds, value, server);
    }

    public MlsyncConfig withServer(ServerConfig newServer) {
        return new MlsyncConfig(database, feeds, workers, newServer);
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
