package dev.mlsync.sim;

import java.util.ArrayList;
import java.util.List;

/**
 * The compact mutable state of one Property record; JSON is derived from it on demand.
 * Mutated only by {@link ChangeStream} under the dataset's write lock.
 */
final class Listing {
    static final int KEY_BASE = 1_000_000;

    final int number;
    final String key;
    final int kind;
    final int subType;
    final int city;
    final int streetNumber;
    final int street;
    final int suffix;
    final String unit;
    final String postalCode;
    final double latitude;
    final double longitude;
    final int beds;
    final int bathsFull;
    final int bathsHalf;
    final int livingArea;
    final int yearBuilt;
    final double lotAcres;
    final int agent;
    final long originalEntry;

    int status;
    long listPrice;
    long originalListPrice;
    long closePrice;
    long closeDate = -1;
    long statusChange;
    long modification;
    long photosChange;
    int remarksVersion;
    boolean deleted;
    /** Gone from the feed without any deletion signal (absent from every answer), as a feed's silent drop. */
    boolean dropped;
    /** Media in display order; each code is {@code slot * 64 + version}. */
    int[] media;
    long[] mediaModified;
    int nextSlot;

    Listing(int number, ListingShape shape, int agent, long originalEntry) {
        this.number = number;
        this.key = keyOf(number);
        this.kind = shape.kind();
        this.subType = shape.subType();
        this.city = shape.city();
        this.streetNumber = shape.streetNumber();
        this.street = shape.street();
        this.suffix = shape.suffix();
        this.unit = shape.unit();
        this.postalCode = shape.postalCode();
        this.latitude = shape.latitude();
        this.longitude = shape.longitude();
        this.beds = shape.beds();
        this.bathsFull = shape.bathsFull();
        this.bathsHalf = shape.bathsHalf();
        this.livingArea = shape.livingArea();
        this.yearBuilt = shape.yearBuilt();
        this.lotAcres = shape.lotAcres();
        this.agent = agent;
        this.originalEntry = originalEntry;
    }

    /** The immutable physical facts of a listing. */
    record ListingShape(int kind, int subType, int city, int streetNumber, int street, int suffix, String unit,
                        String postalCode, double latitude, double longitude, int beds, int bathsFull,
                        int bathsHalf, int livingArea, int yearBuilt, double lotAcres) {
    }

    static String keyOf(int number) {
        return "SIM" + (KEY_BASE + number);
    }

    String listingId() {
        return "S" + (KEY_BASE + number);
    }

    String mediaKey(int index) {
        return mediaKey(key, media[index]);
    }

    static String mediaKey(String listingKey, int code) {
        int slot = code / 64;
        int version = code % 64;
        String base = listingKey + "-M" + (slot < 10 ? "0" : "") + slot;
        return version == 0 ? base : base + "v" + (version + 1);
    }

    int mediaCount() {
        return deleted || dropped ? 0 : media.length;
    }

    List<String> mediaKeys() {
        List<String> keys = new ArrayList<>(mediaCount());
        for (int i = 0; i < mediaCount(); i++) {
            keys.add(mediaKey(i));
        }
        return keys;
    }

    boolean isTerminal() {
        return status == Vocabulary.CLOSED || status >= Vocabulary.WITHDRAWN && status != Vocabulary.COMING_SOON;
    }

    /** A deterministic 1–9 second lag of BridgeModificationTimestamp behind ModificationTimestamp. */
    long bridgeModification() {
        return modification + 1000L * (1 + Math.floorMod(number * 7919, 9));
    }
}
