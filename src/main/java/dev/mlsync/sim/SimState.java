package dev.mlsync.sim;

import java.time.Instant;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.Callable;
import java.util.concurrent.locks.ReadWriteLock;
import java.util.concurrent.locks.ReentrantReadWriteLock;

/**
 * The dataset with its tables, guarded by one read-write lock: requests read (and stream) under the read
 * lock, advances mutate under the write lock, so a response never sees a half-applied advance.
 */
final class SimState {
    private final Dataset data;
    private final ChangeStream changes;
    private final ReadWriteLock lock = new ReentrantReadWriteLock();
    private final Map<String, Table<?>> tables = new LinkedHashMap<>();
    private final MediaTable media;
    final Corruptions corruptions = new Corruptions();

    SimState(Dataset data, ProfileRules rules, String mediaBaseUrl) {
        this(data, rules, new MediaUrls(mediaBaseUrl, false));
    }

    SimState(Dataset data, ProfileRules rules, MediaUrls mediaUrls) {
        this.data = data;
        this.changes = new ChangeStream(data);
        this.media = new MediaTable(data, rules, mediaUrls);
        tables.put("Property", new PropertyTable(data, rules, media));
        tables.put("Member", RosterTables.members(data, rules));
        tables.put("Office", RosterTables.offices(data, rules));
        tables.put("OpenHouse", RosterTables.openHouses(data, rules));
        tables.put("Media", media);
    }

    Table<?> table(String name) {
        return tables.get(name);
    }

    Iterable<Table<?>> tables() {
        return tables.values();
    }

    MediaTable media() {
        return media;
    }

    /** A listing by key, deleted or not; null when there is none. Callers hold the read lock. */
    Listing listing(String key) {
        return data.listingsByKey.get(key);
    }

    /** Stamps one listing with a new ModificationTimestamp one millisecond past now; see {@link ChangeStream#touch}. */
    long touch(String key) {
        lock.writeLock().lock();
        try {
            return changes.touch(key);
        } finally {
            lock.writeLock().unlock();
        }
    }

    /** Drops one listing silently; see {@link ChangeStream#drop}. */
    void drop(String key) {
        lock.writeLock().lock();
        try {
            changes.drop(key);
        } finally {
            lock.writeLock().unlock();
        }
    }

    <T> T read(Callable<T> work) throws Exception {
        lock.readLock().lock();
        try {
            return work.call();
        } finally {
            lock.readLock().unlock();
        }
    }

    ChangeSummary advance(long millis) {
        lock.writeLock().lock();
        try {
            return changes.advance(millis);
        } finally {
            lock.writeLock().unlock();
        }
    }

    Instant now() {
        lock.readLock().lock();
        try {
            return Instant.ofEpochMilli(data.now);
        } finally {
            lock.readLock().unlock();
        }
    }

    /** Every record ever published in a resource, by key. */
    List<TruthRecord> truth(String resource) {
        lock.readLock().lock();
        try {
            return switch (resource) {
                case "Property" -> data.listings.stream().map(l -> new TruthRecord(l.key,
                        Instant.ofEpochMilli(l.modification), l.deleted || l.dropped, l.mediaKeys())).toList();
                case "Media" -> mediaTruth();
                default -> rosterTruth(resource);
            };
        } finally {
            lock.readLock().unlock();
        }
    }

    private List<TruthRecord> mediaTruth() {
        return media.rows().stream().map(m -> new TruthRecord(m.key(),
                Instant.ofEpochMilli(m.listing().photosChange), false, List.of())).toList();
    }

    private <R> List<TruthRecord> rosterTruth(String resource) {
        @SuppressWarnings("unchecked")
        Table<R> table = (Table<R>) tables.get(resource);
        Field<R> modified = table.field("ModificationTimestamp", "truth", 0);
        List<TruthRecord> out = new ArrayList<>();
        for (R row : table.rows()) {
            out.add(new TruthRecord(table.keyOf(row), Instant.ofEpochMilli((Long) modified.value(row)), false, List.of()));
        }
        out.sort(Comparator.comparing(TruthRecord::key));
        return out;
    }
}
