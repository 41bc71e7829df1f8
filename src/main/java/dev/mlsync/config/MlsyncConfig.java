package dev.mlsync.config;

import java.util.List;
import java.util.Optional;

/** The whole validated configuration (from {@code mlsync.yml}); immutable. */
public record MlsyncConfig(DatabaseConfig database, List<FeedConfig> feeds, StorageConfig storage,
                           MediaConfig media, WorkersConfig workers, ServerConfig server, EventsConfig events) {
    public MlsyncConfig {
        feeds = List.copyOf(feeds);
        storage = storage == null ? StorageConfig.ofDefaults() : storage;
        media = media == null ? MediaConfig.ofDefaults() : media;
        workers = workers == null ? WorkersConfig.ofDefaults() : workers;
        server = server == null ? ServerConfig.ofDefaults() : server;
        events = events == null ? EventsConfig.ofDefaults() : events;
    }

    /** As the canonical constructor with the default {@code events:}. */
    public MlsyncConfig(DatabaseConfig database, List<FeedConfig> feeds, StorageConfig storage, MediaConfig media,
                        WorkersConfig workers, ServerConfig server) {
        this(database, feeds, storage, media, workers, server, null);
    }

    /** Database and feeds with the default {@code storage:}, {@code media:}, {@code workers:} and {@code server:}. */
    public MlsyncConfig(DatabaseConfig database, List<FeedConfig> feeds) {
        this(database, feeds, null, null, null, null, null);
    }

    public MlsyncConfig withStorage(StorageConfig value) {
        return new MlsyncConfig(database, feeds, value, media, workers, server, events);
    }

    /** A copy with other {@code media:} settings. */
    public MlsyncConfig withMedia(MediaConfig value) {
        return new MlsyncConfig(database, feeds, storage, value, workers, server, events);
    }

    public MlsyncConfig withWorkers(WorkersConfig value) {
        return new MlsyncConfig(database, feeds, storage, media, value, server, events);
    }

    public MlsyncConfig withServer(ServerConfig value) {
        return new MlsyncConfig(database, feeds, storage, media, workers, value, events);
    }

    /** A copy with other {@code events:} settings. */
    public MlsyncConfig withEvents(EventsConfig value) {
        return new MlsyncConfig(database, feeds, storage, media, workers, server, value);
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
