package dev.mlsync.sim;

import java.util.Arrays;
import java.util.SplittableRandom;

/** Replaces 1–3 photos of a listing with new versions (new MediaKeys), adds 0–2 and removes 0–2. */
final class PhotoChange {
    private static final int MIN_PHOTOS = 5;
    private static final int MAX_VERSION = 63;

    private final Listing listing;
    private final SplittableRandom random;
    private final long at;
    private int[] media;
    private long[] modified;

    PhotoChange(Listing listing, SplittableRandom random, long at) {
        this.listing = listing;
        this.random = random;
        this.at = at;
        this.media = listing.media.clone();
        this.modified = listing.mediaModified.clone();
    }

    void apply() {
        int replace = 1 + random.nextInt(3);
        for (int i = 0; i < replace; i++) {
            replace(random.nextInt(media.length));
        }
        int remove = random.nextInt(3);
        for (int i = 0; i < remove && media.length > MIN_PHOTOS; i++) {
            remove(random.nextInt(media.length));
        }
        int add = random.nextInt(3);
        for (int i = 0; i < add; i++) {
            append(listing.nextSlot++ * 64);
        }
        listing.media = media;
        listing.mediaModified = modified;
    }

    private void replace(int index) {
        int code = media[index];
        media[index] = code % 64 < MAX_VERSION ? code + 1 : listing.nextSlot++ * 64;
        modified[index] = at;
    }

    private void remove(int index) {
        int[] m = new int[media.length - 1];
        long[] t = new long[media.length - 1];
        System.arraycopy(media, 0, m, 0, index);
        System.arraycopy(media, index + 1, m, index, m.length - index);
        System.arraycopy(modified, 0, t, 0, index);
        System.arraycopy(modified, index + 1, t, index, t.length - index);
        media = m;
        modified = t;
    }

    private void append(int code) {
        media = Arrays.copyOf(media, media.length + 1);
        modified = Arrays.copyOf(modified, modified.length + 1);
        media[media.length - 1] = code;
        modified[modified.length - 1] = at;
    }
}
