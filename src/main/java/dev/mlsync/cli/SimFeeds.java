package dev.mlsync.cli;

import dev.mlsync.config.AuthConfig;
import dev.mlsync.config.ConfigException;
import dev.mlsync.config.DatabaseConfig;
import dev.mlsync.config.FeedConfig;
import dev.mlsync.config.MlsyncConfig;
import dev.mlsync.config.ProfileOverrides;
import dev.mlsync.config.Provider;
import dev.mlsync.config.ProviderPreset;
import dev.mlsync.config.RateLimits;
import dev.mlsync.config.RetsConfig;
import dev.mlsync.sim.RetsOptions;
import dev.mlsync.sim.SimProfile;
import dev.mlsync.sim.Simulator;

import java.net.URI;
import java.util.List;

/** Feed configurations that point at an in-process simulator (demo and benchmarks). */
final class SimFeeds {
    static final String SIM_TOKEN = "sim-demo-token";
    /** The simulator enforces no limits; the preset's (MLS Grid: 2 requests/s) would only slow demo and bench. */
    static final RateLimits SIMULATOR_LIMITS = new RateLimits(10_000, 600_000, 36_000_000, 864_000_000);

    private SimFeeds() {
    }

    /** Where a simulator answers, in process or in a child process. */
    record Endpoint(URI serviceRoot, URI tokenUrl, String originatingSystem) {
        static Endpoint of(Simulator sim) {
            return new Endpoint(sim.serviceRoot(), sim.tokenUrl(), sim.originatingSystem());
        }
    }

    static FeedConfig feed(String id, Endpoint sim, SimProfile profile, List<String> resources) {
        if (profile == SimProfile.RETS) {
            return retsFeed(id, sim);
        }
        Provider provider = Provider.valueOf(profile.name());
        AuthConfig auth = profile == SimProfile.TRESTLE
                ? AuthConfig.oauth2(sim.tokenUrl().toString(), "mlsync-demo", SIM_TOKEN, "api")
                : AuthConfig.bearer(SIM_TOKEN);
        int pageSize = ProviderPreset.of(provider).maxPageSizeWithExpand();
        return new FeedConfig(id, provider, sim.serviceRoot(), auth, sim.originatingSystem(), resources,
                Math.min(FeedConfig.DEFAULT_PAGE_SIZE, pageSize), ProfileOverrides.none(), SIMULATOR_LIMITS, null);
    }

    /**
     * A rets feed on the simulator's RETS server (same origin, {@code /rets2_1/Login}, its default user) searching
     * every class of Property; photos by GetObject Location=1.
     */
    static FeedConfig retsFeed(String id, Endpoint sim) {
        URI login = sim.serviceRoot().resolve("/rets2_1/Login");
        RetsConfig rets = new RetsConfig(null, List.of("A", "B", "C", "D", "E"), null, null, null, null, null, null, null);
        return new FeedConfig(id, Provider.RETS, login,
                AuthConfig.password(RetsOptions.DEFAULT_USERNAME, RetsOptions.DEFAULT_PASSWORD, null, null), null,
                FeedConfig.DEFAULT_RESOURCES, FeedConfig.DEFAULT_PAGE_SIZE, ProfileOverrides.none(), SIMULATOR_LIMITS,
                null).withRets(rets);
    }

    /** Parses a {@code --profile} value, naming the option and the choices when it is wrong. */
    static SimProfile profile(String name) {
        try {
            return SimProfile.ofName(name);
        } catch (IllegalArgumentException e) {
            throw new ConfigException(List.of("--profile: unknown profile \"" + name
                    + "\" (one of mlsgrid, trestle, bridge, spark, reso, rets)"));
        }
    }

    /** Rejects a {@code --listings} value below 1. */
    static int listings(int listings) {
        if (listings < 1) {
            throw new ConfigException(List.of("--listings: must be at least 1, was " + listings));
        }
        return listings;
    }

    static MlsyncConfig config(DatabaseConfig database, FeedConfig feed) {
        return new MlsyncConfig(database, List.of(feed));
    }
}
