package dev.mlsync.source.reso;

import dev.mlsync.config.ProfileOverrides;

/**
 * FBS Spark (flexmls): {@code $top} 1,000, nextLink paging, and incremental queries that start
 * 20 minutes before the cursor because the server caches.
 */
final class SparkProfile extends ProviderProfile {
    static final int OVERLAP_SECONDS = 1200;

    SparkProfile(ProfileOverrides overrides) {
        super(overrides);
    }

    @Override
    int presetOverlapSeconds() {
        return OVERLAP_SECONDS;
    }

    @Override
    boolean presetKeysetPaging() {
        return false;
    }
}
