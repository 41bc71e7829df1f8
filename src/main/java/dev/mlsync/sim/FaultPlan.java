package dev.mlsync.sim;

import java.nio.charset.StandardCharsets;
import java.util.EnumMap;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.atomic.AtomicLong;

/** Decides, deterministically per (seed, credential, path, sequence number), which fault a request meets, and counts them. */
final class FaultPlan {
    private final SimFaults faults;
    private final long seed;
    private final Map<String, AtomicLong> sequences = new ConcurrentHashMap<>();
    private final Map<SimFaults.Kind, AtomicLong> counts = new ConcurrentHashMap<>();

    FaultPlan(SimFaults faults, long seed) {
        this.faults = faults;
        this.seed = seed;
    }

    /** The fault for this request, or null; advances the (credential, path) sequence. */
    SimFaults.Kind decide(String credential, String path, boolean media) {
        if (!faults.isEnabled()) {
            return null;
        }
        String stream = credential + "|" + path;
        long n = sequences.computeIfAbsent(stream, s -> new AtomicLong()).getAndIncrement();
        long base = Dataset.mix(seed ^ Dataset.mix(fnv(stream)) ^ Dataset.mix(n + 0x9E3779B97F4A7C15L));
        for (SimFaults.Kind kind : SimFaults.Kind.values()) {
            double p = faults.probability(kind);
            if (p > 0 && kind.appliesTo(media) && unit(Dataset.mix(base + kind.ordinal())) < p) {
                counts.computeIfAbsent(kind, k -> new AtomicLong()).incrementAndGet();
                return kind;
            }
        }
        return null;
    }

    long slowMillis() {
        return faults.slowMillis();
    }

    Map<SimFaults.Kind, Long> counts() {
        Map<SimFaults.Kind, Long> copy = new EnumMap<>(SimFaults.Kind.class);
        counts.forEach((k, v) -> copy.put(k, v.get()));
        return copy;
    }

    private static double unit(long hash) {
        return (hash >>> 11) * 0x1.0p-53;
    }

    /** FNV-1a over UTF-8: stable across JVMs, unlike String.hashCode's narrow range. */
    private static long fnv(String text) {
        long h = 0xcbf29ce484222325L;
        for (byte b : text.getBytes(StandardCharsets.UTF_8)) {
            h = (h ^ (b & 0xff)) * 0x100000001b3L;
        }
        return h;
    }
}
