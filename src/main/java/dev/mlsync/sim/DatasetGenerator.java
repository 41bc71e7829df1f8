package dev.mlsync.sim;

import java.util.SplittableRandom;

/** Builds the initial dataset and new listings, deterministically from the seed. */
final class DatasetGenerator {
    private static final long DAY = 86_400_000L;
    private static final long SECOND = 1000L;
    private static final int SALT_TIMES = 1;
    private static final int SALT_MEMBERS = 2;
    private static final int SALT_OFFICES = 3;
    private static final int SALT_OPEN_HOUSES = 4;
    private static final long SALT_LISTING = 1L << 40;

    private final Dataset data;

    DatasetGenerator(Dataset data) {
        this.data = data;
    }

    static Dataset generate(long seed, int listings) {
        Dataset data = new Dataset(seed);
        DatasetGenerator generator = new DatasetGenerator(data);
        generator.offices(Math.max(1, listings / 100));
        generator.members(Math.max(1, listings / 10));
        long[] modifications = new InitialTimestamps(data.random(SALT_TIMES), listings).modifications();
        for (int i = 0; i < listings; i++) {
            data.add(generator.listing(i + 1, modifications[i], false));
        }
        generator.openHouses(Math.max(1, listings / 10));
        return data;
    }

    private void offices(int count) {
        SplittableRandom r = data.random(SALT_OFFICES);
        for (int i = 0; i < count; i++) {
            String name = pick(r, Vocabulary.BRANDS) + " Realty " + pick(r, Vocabulary.CITIES).name();
            data.offices.add(new Office(i + 1, name, r.nextInt(Vocabulary.CITIES.size()), 100 + r.nextInt(9900),
                    pastSeconds(r, 90)));
        }
    }

    private void members(int count) {
        SplittableRandom r = data.random(SALT_MEMBERS);
        for (int i = 0; i < count; i++) {
            data.members.add(new Member(i + 1, pick(r, Vocabulary.FIRST_NAMES), pick(r, Vocabulary.LAST_NAMES),
                    i % data.offices.size(), pastSeconds(r, 90)));
        }
    }

    private void openHouses(int count) {
        SplittableRandom r = data.random(SALT_OPEN_HOUSES);
        for (int i = 0; i < count; i++) {
            Listing listing = data.listings.get(r.nextInt(data.listings.size()));
            long start = Dataset.START + r.nextInt(14) * DAY + (16 + r.nextInt(5)) * 3_600_000L;
            data.openHouses.add(new OpenHouse(i + 1, listing, start, 2 + r.nextInt(2),
                    r.nextInt(Vocabulary.REMARKS.size()), pastSeconds(r, 14)));
        }
    }

    /** A listing whose ModificationTimestamp is {@code modification}; fresh ones were just entered. */
    Listing listing(int number, long modification, boolean fresh) {
        SplittableRandom r = data.random(SALT_LISTING + number);
        int kind = pickKind(r);
        Listing listing = new Listing(number, ListingShapes.shape(r, kind), r.nextInt(data.members.size()),
                fresh ? modification : modification - r.nextLong(240) * DAY - r.nextLong(86_400) * SECOND);
        listing.status = fresh ? (r.nextInt(10) == 0 ? Vocabulary.COMING_SOON : Vocabulary.ACTIVE) : pickStatus(r);
        listing.listPrice = ListingShapes.price(r, kind);
        listing.originalListPrice = r.nextInt(10) < 6 ? listing.listPrice
                : ListingShapes.round(listing.listPrice * (1.0 + r.nextInt(1, 9) / 100.0), 1000);
        listing.modification = modification;
        listing.statusChange = between(r, listing.originalEntry, modification);
        listing.photosChange = between(r, listing.originalEntry, modification);
        if (listing.status == Vocabulary.CLOSED) {
            listing.closePrice = ListingShapes.round(listing.listPrice * (0.95 + r.nextDouble() * 0.1), 1000);
            listing.closeDate = Math.floorDiv(listing.statusChange, DAY);
        }
        initialMedia(listing, 5 + r.nextInt(31));
        return listing;
    }

    private static void initialMedia(Listing listing, int count) {
        listing.media = new int[count];
        listing.mediaModified = new long[count];
        for (int i = 0; i < count; i++) {
            listing.media[i] = (i + 1) * 64;
            listing.mediaModified[i] = listing.photosChange;
        }
        listing.nextSlot = count + 1;
    }

    private static long between(SplittableRandom r, long from, long to) {
        long seconds = (to - from) / SECOND;
        return seconds <= 0 ? to : to - r.nextLong(seconds + 1) * SECOND;
    }

    private static long pastSeconds(SplittableRandom r, int days) {
        return Dataset.START - (1 + r.nextLong(days * 86_400L)) * SECOND;
    }

    private static int pickKind(SplittableRandom r) {
        int roll = r.nextInt(100);
        for (int k = 0; k < Vocabulary.KINDS.size(); k++) {
            roll -= Vocabulary.KINDS.get(k).share();
            if (roll < 0) {
                return k;
            }
        }
        return 0;
    }

    private static int pickStatus(SplittableRandom r) {
        int roll = r.nextInt(100);
        for (int s = 0; s < Vocabulary.STATUS_SHARES.length; s++) {
            roll -= Vocabulary.STATUS_SHARES[s];
            if (roll < 0) {
                return s;
            }
        }
        return Vocabulary.ACTIVE;
    }

    static <T> T pick(SplittableRandom r, java.util.List<T> values) {
        return values.get(r.nextInt(values.size()));
    }
}
