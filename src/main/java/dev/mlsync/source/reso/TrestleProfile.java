package dev.mlsync.source.reso;

import dev.mlsync.config.ProfileOverrides;

/** CoreLogic Trestle: generic RESO paging ($top 1,000, keyset, $expand=Media) behind OAuth2 scope {@code api}. */
final class TrestleProfile extends ProviderProfile {
    TrestleProfile(ProfileOverrides overrides) {
        super(overrides);
    }

    @Override
    String defaultScope() {
        return "api";
    }
}
