package dev.mlsync.sim;

import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;

import static dev.mlsync.sim.EdmType.BOOLEAN;
import static dev.mlsync.sim.EdmType.DATETIMEOFFSET;
import static dev.mlsync.sim.EdmType.INT32;
import static dev.mlsync.sim.EdmType.STRING;

/**
 * The Media resource: every current photo of every listing not deleted. A media record's
 * ModificationTimestamp is its listing's PhotosChangeTimestamp; MediaModificationTimestamp moves only when
 * the file is replaced (which also gives it a new MediaKey).
 */
final class MediaTable extends Table<MediaRow> {
    static final int WIDTH = 320;
    static final int HEIGHT = 240;

    private final Dataset data;

    MediaTable(Dataset data, ProfileRules rules, MediaUrls mediaUrls) {
        super("Media", "MediaKey", fields(rules, mediaUrls), () -> data.version);
        this.data = data;
    }

    private static List<Field<MediaRow>> fields(ProfileRules rules, MediaUrls mediaUrls) {
        List<Field<MediaRow>> f = new ArrayList<>();
        f.add(Field.of("MediaKey", STRING, MediaRow::key));
        f.add(Field.of("ResourceRecordKey", STRING, m -> m.listing().key));
        f.add(Field.of("ResourceName", STRING, m -> "Property"));
        f.add(Field.of("OriginatingSystemName", STRING, m -> Dataset.ORIGINATING_SYSTEM));
        f.add(Field.of("MediaCategory", STRING, m -> "Photo"));
        f.add(Field.of("MimeType", STRING, m -> "image/jpeg"));
        f.add(rules.mediaOrderIsString()
                ? Field.of("Order", STRING, m -> String.valueOf(m.index()))
                : Field.of("Order", INT32, m -> (long) m.index()));
        f.add(Field.of("MediaURL", STRING, m -> mediaUrls.of(m.key())));
        f.add(Field.of("MediaModificationTimestamp", DATETIMEOFFSET, m -> m.listing().mediaModified[m.index()]));
        f.add(Field.of("ModificationTimestamp", DATETIMEOFFSET, m -> m.listing().photosChange));
        f.add(Field.of("ImageWidth", INT32, m -> (long) (portrait(m) ? HEIGHT : WIDTH)));
        f.add(Field.of("ImageHeight", INT32, m -> (long) (portrait(m) ? WIDTH : HEIGHT)));
        f.add(Field.of("ShortDescription", STRING, MediaTable::caption));
        f.add(Field.of("PreferredPhotoYN", BOOLEAN, m -> m.index() == 0));
        f.add(Field.of("ImageSizeDescription", STRING, m -> "Large"));
        return f;
    }

    /** One in eight photos is portrait, decided by its listing and media code (so by its key). */
    static boolean portrait(MediaRow m) {
        return Math.floorMod(Dataset.mix(m.listing().number * 4096L + m.listing().media[m.index()]), 8) == 0;
    }

    static String caption(MediaRow m) {
        if (m.index() == 0) {
            return "Front exterior";
        }
        int code = m.listing().media[m.index()];
        return Vocabulary.CAPTIONS.get(Math.floorMod(m.listing().number * 31 + code, Vocabulary.CAPTIONS.size()));
    }

    @Override
    String keyOf(MediaRow row) {
        return row.key();
    }

    @Override
    List<MediaRow> rows() {
        List<MediaRow> rows = new ArrayList<>();
        for (Listing listing : data.listings) {
            addRows(rows, listing);
        }
        return rows;
    }

    @Override
    String lookupField() {
        return "ResourceRecordKey";
    }

    @Override
    boolean hasLookup() {
        return true;
    }

    @Override
    List<MediaRow> lookup(String value) {
        Listing listing = data.listingsByKey.get(value);
        List<MediaRow> rows = new ArrayList<>();
        if (listing != null) {
            addRows(rows, listing);
        }
        return rows;
    }

    /** Listings by (PhotosChangeTimestamp, key), each listing's photos by MediaKey: the (ModificationTimestamp, MediaKey) order. */
    @Override
    protected List<MediaRow> sortDefault() {
        List<Listing> listings = new ArrayList<>(data.listings);
        listings.sort(Comparator.comparingLong((Listing l) -> l.photosChange).thenComparingInt(l -> l.number));
        List<MediaRow> rows = new ArrayList<>();
        for (Listing listing : listings) {
            addRows(rows, listing);
        }
        return rows;
    }

    private static void addRows(List<MediaRow> rows, Listing listing) {
        int from = rows.size();
        for (int i = 0; i < listing.mediaCount(); i++) {
            rows.add(new MediaRow(listing, i));
        }
        rows.subList(from, rows.size()).sort(Comparator.comparing(MediaRow::key));
    }

    /** The media row for a key if it is current, else null. */
    MediaRow find(String mediaKey) {
        int dash = mediaKey.indexOf("-M");
        Listing listing = dash < 0 ? null : data.listingsByKey.get(mediaKey.substring(0, dash));
        if (listing == null) {
            return null;
        }
        for (int i = 0; i < listing.mediaCount(); i++) {
            if (listing.mediaKey(i).equals(mediaKey)) {
                return new MediaRow(listing, i);
            }
        }
        return null;
    }
}
