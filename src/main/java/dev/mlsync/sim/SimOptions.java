package dev.mlsync.sim;

/**
 * How a {@link Simulator} is set up.
 *
 * @param listings  number of Property records in the initial dataset (≥ 1)
 * @param seed      the dataset and the change stream are a pure function of the seed
 * @param port      port to bind on 127.0.0.1, 0 for an ephemeral port
 * @param token     bearer token required on data requests, or {@code null} to accept any bearer
 * @param profile   the provider the simulator imitates
 * @param nextLinks whether pages carry {@code @odata.nextLink}
 */
public record SimOptions(int listings, long seed, int port, String token, SimProfile profile, boolean nextLinks) {

    /** Default seed of {@link #of(int)}. */
    public static final long DEFAULT_SEED = 42L;

    public SimOptions {
        if (listings < 1) {
            throw new IllegalArgumentException("listings must be >= 1, was " + listings);
        }
        if (port < 0 || port > 65535) {
            throw new IllegalArgumentException("port must be in 0..65535, was " + port);
        }
        if (profile == null) {
            throw new IllegalArgumentException("profile must not be null");
        }
    }

    /** Seed 42, an ephemeral port, any bearer accepted, the generic RESO profile, nextLinks on. */
    public static SimOptions of(int listings) {
        return new SimOptions(listings, DEFAULT_SEED, 0, null, SimProfile.RESO, true);
    }

    /** A copy with another seed. */
    public SimOptions withSeed(long s) {
        return new SimOptions(listings, s, port, token, profile, nextLinks);
    }

    /** A copy with another port (0 = ephemeral). */
    public SimOptions withPort(int p) {
        return new SimOptions(listings, seed, p, token, profile, nextLinks);
    }

    /** A copy requiring this bearer token (null = any bearer). */
    public SimOptions withToken(String t) {
        return new SimOptions(listings, seed, port, t, profile, nextLinks);
    }

    /** A copy imitating another provider. */
    public SimOptions withProfile(SimProfile p) {
        return new SimOptions(listings, seed, port, token, p, nextLinks);
    }

    /** A copy with nextLinks switched on or off. */
    public SimOptions withNextLinks(boolean b) {
        return new SimOptions(listings, seed, port, token, profile, b);
    }
}
