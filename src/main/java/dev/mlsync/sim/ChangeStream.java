package dev.mlsync.sim;

import java.time.Instant;
import java.util.HashSet;
import java.util.Set;
import java.util.SplittableRandom;
import java.util.function.Predicate;

/**
 * Applies the deterministic changes of one clock advance. Every change stamps its record with a
 * ModificationTimestamp inside (from, to]; about 30 % of an advance's changes share one timestamp, as a bulk
 * update would. A listing changes at most once per advance, and a deleted listing never comes back.
 */
final class ChangeStream {
    private static final double CHANGE_SHARE_PER_HOUR = 0.01;
    private static final int MIN_CHANGES = 5;
    private static final int MAX_PICK_TRIES = 40;
    private static final long SALT_ADVANCE = 0x5EEDL << 48;

    private final Dataset data;
    private final DatasetGenerator generator;

    ChangeStream(Dataset data) {
        this.data = data;
        this.generator = new DatasetGenerator(data);
    }

    ChangeSummary advance(long millis) {
        long from = data.now;
        long to = from + Math.max(0, millis);
        Counts counts = new Counts();
        if (to > from) {
            new Round(data.random(SALT_ADVANCE + from * 31 + to), from, to, counts).run();
            data.now = to;
            data.version++;
        }
        return new ChangeSummary(Instant.ofEpochMilli(from), Instant.ofEpochMilli(to), counts.created,
                counts.prices, counts.statuses, counts.photos, counts.deleted, counts.others);
    }

    /**
     * Moves the clock 1 ms forward and gives one live listing that instant as its ModificationTimestamp without
     * changing anything else, as an MLS "touch" does: the listing moves to the end of every timestamp-ordered result,
     * so a client paging by offset meets it twice or skips another.
     *
     * @return the new ModificationTimestamp
     * @throws IllegalArgumentException when no live listing has the key
     */
    long touch(String key) {
        Listing listing = data.listingsByKey.get(key);
        if (listing == null || listing.deleted || listing.dropped) {
            throw new IllegalArgumentException("no live listing " + key);
        }
        data.now += 1;
        listing.modification = data.now;
        data.version++;
        return data.now;
    }

    /**
     * Removes one live listing from the feed without any deletion signal: no MlgCanView=false, no Delete status,
     * no new timestamp; it is simply absent from every later answer (OData and RETS), as when an MLS purges a
     * record. Only a key reconciliation can notice. The clock does not move.
     *
     * @throws IllegalArgumentException when no live listing has the key
     */
    void drop(String key) {
        Listing listing = data.listingsByKey.get(key);
        if (listing == null || listing.deleted || listing.dropped) {
            throw new IllegalArgumentException("no live listing " + key);
        }
        listing.dropped = true;
        data.dropped++;
        data.version++;
    }

    private static final class Counts {
        int created;
        int prices;
        int statuses;
        int photos;
        int deleted;
        int others;
    }

    /** One advance's worth of changes. */
    private final class Round {
        private final SplittableRandom random;
        private final long from;
        private final long to;
        private final long bulk;
        private final Counts counts;
        private final Set<Listing> touched = new HashSet<>();

        Round(SplittableRandom random, long from, long to, Counts counts) {
            this.random = random;
            this.from = from;
            this.to = to;
            this.counts = counts;
            this.bulk = instant();
        }

        void run() {
            int total = Math.max(MIN_CHANGES,
                    (int) Math.round(data.listings.size() * CHANGE_SHARE_PER_HOUR * (to - from) / 3_600_000.0));
            for (int i = 0; i < total; i++) {
                change(random.nextInt(100));
            }
            for (int i = 0; i < Math.max(1, total / 5); i++) {
                otherResource();
            }
        }

        private long instant() {
            return from + 1 + random.nextLong(to - from);
        }

        private long stamp() {
            return random.nextInt(10) < 3 ? bulk : instant();
        }

        private void change(int roll) {
            if (roll < 12) {
                create();
            } else if (roll < 47) {
                withListing(l -> !l.isTerminal(), this::reprice);
            } else if (roll < 70) {
                withListing(l -> !l.isTerminal(), this::changeStatus);
            } else if (roll < 92) {
                withListing(l -> true, this::changePhotos);
            } else {
                withListing(l -> true, this::delete);
            }
        }

        private void withListing(Predicate<Listing> eligible, java.util.function.Consumer<Listing> change) {
            for (int i = 0; i < MAX_PICK_TRIES; i++) {
                Listing l = data.listings.get(random.nextInt(data.listings.size()));
                if (!l.deleted && !l.dropped && eligible.test(l) && touched.add(l)) {
                    l.modification = stamp();
                    change.accept(l);
                    return;
                }
            }
        }

        private void create() {
            Listing l = generator.listing(data.listings.size() + 1, stamp(), true);
            data.add(l);
            touched.add(l);
            counts.created++;
        }

        private void reprice(Listing l) {
            double factor = random.nextInt(5) == 0 ? 1.01 + random.nextDouble() * 0.04 : 0.92 + random.nextDouble() * 0.07;
            l.listPrice = ListingShapes.round(l.listPrice * factor, l.kind == 1 ? 50 : 1000);
            counts.prices++;
        }

        private void changeStatus(Listing l) {
            l.status = nextStatus(l.status);
            l.statusChange = l.modification;
            if (l.status == Vocabulary.CLOSED) {
                l.closePrice = ListingShapes.round(l.listPrice * (0.95 + random.nextDouble() * 0.1), 1000);
                l.closeDate = Math.floorDiv(l.modification, 86_400_000L);
            }
            counts.statuses++;
        }

        private int nextStatus(int status) {
            return switch (status) {
                case Vocabulary.COMING_SOON -> Vocabulary.ACTIVE;
                case Vocabulary.UNDER_CONTRACT -> Vocabulary.PENDING;
                case Vocabulary.PENDING -> Vocabulary.CLOSED;
                default -> activeNext(random.nextInt(100));
            };
        }

        private int activeNext(int roll) {
            if (roll < 50) {
                return Vocabulary.UNDER_CONTRACT;
            }
            if (roll < 75) {
                return Vocabulary.PENDING;
            }
            return roll < 85 ? Vocabulary.WITHDRAWN : (roll < 95 ? Vocabulary.WITHDRAWN + 1 : Vocabulary.WITHDRAWN + 2);
        }

        private void changePhotos(Listing l) {
            new PhotoChange(l, random, l.modification).apply();
            l.photosChange = l.modification;
            counts.photos++;
        }

        private void delete(Listing l) {
            l.deleted = true;
            counts.deleted++;
        }

        private void otherResource() {
            long t = stamp();
            switch (random.nextInt(3)) {
                case 0 -> {
                    Member m = data.members.get(random.nextInt(data.members.size()));
                    m.phoneVersion++;
                    m.modification = Math.max(m.modification, t);
                }
                case 1 -> {
                    Office o = data.offices.get(random.nextInt(data.offices.size()));
                    o.phoneVersion++;
                    o.modification = Math.max(o.modification, t);
                }
                default -> {
                    OpenHouse h = data.openHouses.get(random.nextInt(data.openHouses.size()));
                    h.start += 86_400_000L;
                    h.remarks = random.nextInt(Vocabulary.REMARKS.size());
                    h.modification = Math.max(h.modification, t);
                }
            }
            counts.others++;
        }
    }
}
