package dev.mlsync.quota;

import dev.mlsync.config.AuthConfig;
import dev.mlsync.config.FeedConfig;
import dev.mlsync.config.ProfileOverrides;
import dev.mlsync.config.Provider;
import dev.mlsync.config.QuotaConfig;
import dev.mlsync.config.RateLimits;
import java.net.URI;
import java.util.List;

/** Feed configurations for quota tests. */
final class QuotaFeeds {
    static final URI BASE = URI.create("http://127.0.0.1:1/odata/");

    private QuotaFeeds() {
    }

    static FeedConfig feed(Provider provider, RateLimits limits) {
        return feed(provider, BASE, limits, 1.0);
    }

    static FeedConfig feed(Provider provider, URI baseUrl, RateLimits limits, double share) {
        String originatingSystem = provider == Provider.MLSGRID ? "actris" : null;
        return new FeedConfig("quota-" + provider.configName(), provider, baseUrl, AuthConfig.bearer("quota-token"),
                originatingSystem, List.of("Property"), 5, ProfileOverrides.none(), limits, new QuotaConfig(share));
    }

    static RateLimits perHour(int perHour) {
        return new RateLimits(null, null, perHour, null);
    }
}
