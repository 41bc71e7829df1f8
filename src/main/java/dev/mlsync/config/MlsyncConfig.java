package dev.mlsync.config;

import java.util.List;
import java.util.Optional;

/** The whole validated configuration (from {@code mlsync.yml}); immutable. */
public record MlsyncConfig(DatabaseConfig database, List<FeedConfig> feeds, StorageConfig storage,
                           MediaConfig media) {
    public MlsyncConfig {
        feeds = List.copyOf(feeds);
        storage = storage == null ? StorageConfig.ofDefaults() : storage;
        media = media == null ? MediaConfig.ofDefaults() : media;
    }

    /** With the default photo storage ({@link StorageConfig#ofDefaults()}) and {@code media:} settings. */
    public MlsyncConfig(DatabaseConfig database, List<FeedConfig> feeds) {
        this(database, feeds, StorageConfig.ofDefaults(), null);
    }

    /** With the default {@code media:} settings. */
    public MlsyncConfig(DatabaseConfig database, List<FeedConfig> feeds, StorageConfig storage) {
        this(database, feeds, storage, null);
    }

    /** A copy with other {@code media:} settings. */
    public MlsyncConfig withMedia(MediaConfig settings) {
        return new MlsyncConfig(database, feeds, storage, settings);
    }

    /** Embedded database, no feeds: what runs when there is no {@code mlsync.yml}. */
    public static MlsyncConfig ofDefaults() {
        return new MlsyncConfig(DatabaseConfig.ofDefaults(), List.of(), StorageConfig.ofDefaults());
    }

    /** A short human summary (database, then one line per feed) without any secret. */
    public String describe() {
        return ConfigDescription.of(this);
    }

    public Optional<FeedConfig> feed(String id) {
        return feeds.stream().filter(f -> f.id().equals(id)).findFirst();
    }
}
