package dev.mlsync.config;

import java.util.List;
import java.util.Optional;

/** The whole validated configuration (from {@code mlsync.yml}); immutable. */
public record MlsyncConfig(DatabaseConfig database, List<FeedConfig> feeds, StorageConfig storage,
                           WorkersConfig workers, ServerConfig server) {
    public MlsyncConfig {
        feeds = List.copyOf(feeds);
        storage = storage == null ? StorageConfig.ofDefaults() : storage;
        workers = workers == null ? WorkersConfig.ofDefaults() : workers;
        server = server == null ? ServerConfig.ofDefaults() : server;
    }

    /** Database and feeds with the default {@code storage:}, {@code workers:} and {@code server:} sections. */
    public MlsyncConfig(DatabaseConfig database, List<FeedConfig> feeds) {
        this(database, feeds, null, null, null);
    }

    public MlsyncConfig withStorage(StorageConfig value) {
        return new MlsyncConfig(database, feeds, value, workers, server);
    }

    public MlsyncConfig withWorkers(WorkersConfig value) {
        return new MlsyncConfig(database, feeds, storage, value, server);
    }

    public MlsyncConfig withServer(ServerConfig value) {
        return new MlsyncConfig(database, feeds, storage, workers, value);
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
