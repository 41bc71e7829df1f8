package dev.mlsync.config;

import java.util.List;
import java.util.Optional;

/** The whole validated configuration (from {@code mlsync.yml}); immutable. */
public record MlsyncConfig(DatabaseConfig database, List<FeedConfig> feeds, StorageConfig storage,
                           MediaConfig media, WorkersConfig workers, ServerConfig server) {
    public MlsyncConfig {
        feeds = List.copyOf(feeds);
        storage = storage == null ? StorageConfig.ofDefaults() : storage;
        media = media == null ? MediaConfig.ofDefaults() : media;
        workers = workers == null ? WorkersConfig.ofDefaults() : workers;
        server = server == null ? ServerConfig.ofDefaults() : server;
    }

    /** Database and feeds with the default {@code storage:}, {@code media:}, {@code workers:} and {@code server:}. */
    public MlsyncConfig(DatabaseConfig database, List<FeedConfig> feeds) {
        this(database, feeds, null, null, null, null);
    }

    public MlsyncConfig withStorage(StorageConfig value) {
        return new MlsyncConfig(database, feeds, value, media, workers, server);
    }

    /** A copy with other {@code media:} settings. */
    public MlsyncConfig withMedia(MediaConfig value) {
        return new MlsyncConfig(database, feeds, storage, value, workers, server);
    }

    public MlsyncConfig withWorkers(WorkersConfig value) {
        return new MlsyncConfig(database, feeds, storage, media, value, server);
    }

    public MlsyncConfig withServer(ServerConfig value) {
        return new MlsyncConfig(database, feeds, storage, media, workers, value);
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
