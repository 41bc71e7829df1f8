package dev.mlsync.sim;

import java.time.Clock;
import java.time.Duration;

/**
 * How a {@link Simulator} is set up.
 *
 * @param listings   number of Property records in the initial dataset (≥ 1)
 * @param seed       the dataset, the change stream and injected faults are a pure function of the seed
 * @param port       port to bind on 127.0.0.1, 0 for an ephemeral port
 * @param token      bearer token required on data requests, or {@code null} to accept any bearer
 * @param profile    the provider the simulator imitates
 * @param nextLinks  whether pages carry {@code @odata.nextLink}
 * @param limits     rate limits enforced per credential; {@link SimLimits#none()} by default
 * @param faults     faults injected into data and media requests; {@link SimFaults#none()} by default
 * @param suspension how long a breach suspends a credential under {@link SimLimits.Style#MLSGRID}
 * @param clock      wall clock for rate windows, suspensions and the request log (not for data: the sim clock is
 *                   logical); system UTC by default
 * @param rets       the RETS server's credentials, session timeout, row cap and delimiter (used by
 *                   {@link SimProfile#RETS} only); {@link RetsOptions#defaults()} by default
 * @param largePhotos serve 2048×1536 JPEGs of 300–600 KB (benchmarks) instead of 320×240 ones of a few KB
 * @param signedMediaUrls give every MediaURL written a signature of its own ({@code ?signature=N}), as a provider
 *                   that signs media URLs per response does: MLS Grid's one fetch per URL per hour then holds per
 *                   signed URL, so feeds on one token that replicate the same listings fetch distinct URLs
 *                   (bench quota); off by default, so a listing's MediaURL is the same in every response
 */
public record SimOptions(int listings, long seed, int port, String token, SimProfile profile, boolean nextLinks,
                         SimLimits limits, SimFaults faults, Duration suspension, Clock clock, RetsOptions rets,
                         boolean largePhotos, boolean signedMediaUrls) {

    /** Default seed of {@link #of(int)}. */
    public static final long DEFAULT_SEED = 42L;

    /** Default suspension after an MLS Grid style breach (MLS Grid does not publish its length). */
    public static final Duration DEFAULT_SUSPENSION = Duration.ofMinutes(30);

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
        if (limits == null || faults == null || clock == null) {
            throw new IllegalArgumentException("limits, faults and clock must not be null");
        }
        if (suspension == null || suspension.isNegative()) {
            throw new IllegalArgumentException("suspension must be >= 0, was " + suspension);
        }
        if (rets == null) {
            throw new IllegalArgumentException("rets must not be null");
        }
    }

    /** Options with the default RETS settings (the shape before the RETS profile existed). */
    public SimOptions(int listings, long seed, int port, String token, SimProfile profile, boolean nextLinks,
                      SimLimits limits, SimFaults faults, Duration suspension, Clock clock) {
        this(listings, seed, port, token, profile, nextLinks, limits, faults, suspension, clock, RetsOptions.defaults(),
                false, false);
    }

    /** Options without limits or faults, the way they were before limits existed. */
    public SimOptions(int listings, long seed, int port, String token, SimProfile profile, boolean nextLinks) {
        this(listings, seed, port, token, profile, nextLinks, SimLimits.none(), SimFaults.none(), DEFAULT_SUSPENSION,
                Clock.systemUTC());
    }

    /** Seed 42, an ephemeral port, any bearer accepted, the generic RESO profile, nextLinks on, no limits or faults. */
    public static SimOptions of(int listings) {
        return new SimOptions(listings, DEFAULT_SEED, 0, null, SimProfile.RESO, true);
    }

    /** A copy with another seed. */
    public SimOptions withSeed(long s) {
        return new SimOptions(listings, s, port, token, profile, nextLinks, limits, faults, suspension, clock, rets, largePhotos, signedMediaUrls);
    }

    /** A copy with another port (0 = ephemeral). */
    public SimOptions withPort(int p) {
        return new SimOptions(listings, seed, p, token, profile, nextLinks, limits, faults, suspension, clock, rets, largePhotos, signedMediaUrls);
    }

    /** A copy requiring this bearer token (null = any bearer). */
    public SimOptions withToken(String t) {
        return new SimOptions(listings, seed, port, t, profile, nextLinks, limits, faults, suspension, clock, rets, largePhotos, signedMediaUrls);
    }

    /** A copy imitating another provider (limits stay as set; see {@link SimLimits#ofProfile}). */
    public SimOptions withProfile(SimProfile p) {
        return new SimOptions(listings, seed, port, token, p, nextLinks, limits, faults, suspension, clock, rets, largePhotos, signedMediaUrls);
    }

    /** A copy with nextLinks switched on or off. */
    public SimOptions withNextLinks(boolean b) {
        return new SimOptions(listings, seed, port, token, profile, b, limits, faults, suspension, clock, rets, largePhotos, signedMediaUrls);
    }

    /** A copy enforcing these limits per credential ({@link SimLimits#none()} = off). */
    public SimOptions withLimits(SimLimits l) {
        return new SimOptions(listings, seed, port, token, profile, nextLinks, l, faults, suspension, clock, rets, largePhotos, signedMediaUrls);
    }

    /** A copy injecting these faults ({@link SimFaults#none()} = off). */
    public SimOptions withFaults(SimFaults f) {
        return new SimOptions(listings, seed, port, token, profile, nextLinks, limits, f, suspension, clock, rets, largePhotos, signedMediaUrls);
    }

    /** A copy with another MLS Grid style suspension length. */
    public SimOptions withSuspension(Duration d) {
        return new SimOptions(listings, seed, port, token, profile, nextLinks, limits, faults, d, clock, rets, largePhotos, signedMediaUrls);
    }

    /** A copy reading wall time for rate windows from this clock (tests step it). */
    public SimOptions withClock(Clock c) {
        return new SimOptions(listings, seed, port, token, profile, nextLinks, limits, faults, suspension, c, rets, largePhotos, signedMediaUrls);
    }

    /** A copy with these RETS server settings. */
    public SimOptions withRets(RetsOptions r) {
        return new SimOptions(listings, seed, port, token, profile, nextLinks, limits, faults, suspension, clock, r, largePhotos, signedMediaUrls);
    }

    /** A copy serving large (2048×1536, 300–600 KB) or small (320×240) photos. */
    public SimOptions withLargePhotos(boolean large) {
        return new SimOptions(listings, seed, port, token, profile, nextLinks, limits, faults, suspension, clock, rets,
                large, signedMediaUrls);
    }

    /** A copy whose MediaURLs are signed anew each time one is written (see {@code signedMediaUrls}). */
    public SimOptions withSignedMediaUrls(boolean signed) {
        return new SimOptions(listings, seed, port, token, profile, nextLinks, limits, faults, suspension, clock, rets,
                largePhotos, signed);
    }
}
