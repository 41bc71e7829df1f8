package dev.mlsync.sim;

import java.time.Instant;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.SplittableRandom;

/**
 * All simulated records and the sim clock. Readers hold {@link SimState}'s read lock; the change stream
 * mutates under its write lock and bumps {@link #version} so sorted views are rebuilt.
 */
final class Dataset {
    static final long START = Instant.parse("2026-01-01T00:00:00Z").toEpochMilli();
    static final String ORIGINATING_SYSTEM = "simmls";

    final long seed;
    final List<Listing> listings = new ArrayList<>();
    final Map<String, Listing> listingsByKey = new HashMap<>();
    final List<Member> members = new ArrayList<>();
    final List<Office> offices = new ArrayList<>();
    final List<OpenHouse> openHouses = new ArrayList<>();
    long now = START;
    /** Listings dropped silently so far (see {@link Listing#dropped}). */
    int dropped;
    int version;

    Dataset(long seed) {
        this.seed = seed;
    }

    void add(Listing listing) {
        listings.add(listing);
        listingsByKey.put(listing.key, listing);
    }

    /** A random stream that depends only on the seed and the salt. */
    SplittableRandom random(long salt) {
        return new SplittableRandom(mix(seed * 0x9E3779B97F4A7C15L + salt));
    }

    static long mix(long z) {
        z = (z ^ (z >>> 30)) * 0xBF58476D1CE4E5B9L;
        z = (z ^ (z >>> 27)) * 0x94D049BB133111EBL;
        return z ^ (z >>> 31);
    }

    Member agentOf(Listing listing) {
        return members.get(listing.agent);
    }

    Office officeOf(Listing listing) {
        return offices.get(agentOf(listing).office);
    }
}
