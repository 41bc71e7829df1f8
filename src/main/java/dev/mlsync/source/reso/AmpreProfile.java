package dev.mlsync.source.reso;

import dev.mlsync.config.ProfileOverrides;

/**
 * AMPRE / PropTx: keyset paging ordered by (ModificationTimestamp, ListingKey); Media is not
 * expanded but fetched by {@code ResourceRecordKey in (...)} batches (AMPRE advises 50–100 keys).
 */
final class AmpreProfile extends ProviderProfile {
    AmpreProfile(ProfileOverrides overrides) {
        super(overrides);
    }

    @Override
    MediaMode presetMediaMode() {
        return MediaMode.SEPARATE_QUERY;
    }
}
