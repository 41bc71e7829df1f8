package dev.mlsync.sim;

import java.io.IOException;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;

import static dev.mlsync.sim.EdmType.BOOLEAN;
import static dev.mlsync.sim.EdmType.DATE;
import static dev.mlsync.sim.EdmType.DATETIMEOFFSET;
import static dev.mlsync.sim.EdmType.DECIMAL;
import static dev.mlsync.sim.EdmType.DOUBLE;
import static dev.mlsync.sim.EdmType.INT32;
import static dev.mlsync.sim.EdmType.STRING;

/** The Property resource over the listings' compact state; Media expand from the same state. */
final class PropertyTable extends Table<Listing> {
    private final Dataset data;
    private final MediaTable media;

    PropertyTable(Dataset data, ProfileRules rules, MediaTable media) {
        super("Property", "ListingKey", fields(data, rules), () -> data.version);
        this.data = data;
        this.media = media;
    }

    private static List<Field<Listing>> fields(Dataset data, ProfileRules rules) {
        List<Field<Listing>> f = new ArrayList<>();
        f.add(Field.of("ListingKey", STRING, l -> l.key));
        f.add(Field.of("ListingId", STRING, Listing::listingId));
        f.add(Field.of("OriginatingSystemName", STRING, l -> Dataset.ORIGINATING_SYSTEM));
        f.add(Field.of("StandardStatus", STRING, l -> Vocabulary.STATUSES.get(shownStatus(l, rules))));
        f.add(Field.of("MlsStatus", STRING, l -> Vocabulary.MLS_STATUSES.get(shownStatus(l, rules))));
        f.add(Field.of("PropertyType", STRING, l -> Vocabulary.KINDS.get(l.kind).type()));
        f.add(Field.of("PropertySubType", STRING, l -> Vocabulary.KINDS.get(l.kind).subTypes().get(l.subType)));
        f.add(Field.of("ListPrice", DECIMAL, l -> l.listPrice));
        f.add(Field.of("OriginalListPrice", DECIMAL, l -> l.originalListPrice));
        f.add(Field.of("ClosePrice", DECIMAL, l -> l.closeDate < 0 ? null : l.closePrice));
        f.add(Field.of("CloseDate", DATE, l -> l.closeDate < 0 ? null : l.closeDate));
        f.add(Field.of("ListingContractDate", DATE, l -> Math.floorDiv(l.originalEntry, 86_400_000L)));
        f.add(Field.of("StreetNumber", STRING, l -> String.valueOf(l.streetNumber)));
        f.add(Field.of("StreetName", STRING, l -> Vocabulary.STREETS.get(l.street)));
        f.add(Field.of("StreetSuffix", STRING, l -> Vocabulary.SUFFIXES.get(l.suffix)));
        f.add(Field.of("UnitNumber", STRING, l -> l.unit));
        f.add(Field.of("UnparsedAddress", STRING, PropertyTable::address));
        f.add(Field.of("City", STRING, l -> city(l).name()));
        f.add(Field.of("StateOrProvince", STRING, l -> "CO"));
        f.add(Field.of("PostalCode", STRING, l -> l.postalCode));
        f.add(Field.of("CountyOrParish", STRING, l -> city(l).county()));
        f.add(Field.of("Country", STRING, l -> "US"));
        f.add(Field.of("Latitude", DOUBLE, l -> l.latitude));
        f.add(Field.of("Longitude", DOUBLE, l -> l.longitude));
        f.add(Field.of("BedroomsTotal", INT32, l -> l.beds == 0 ? null : (long) l.beds));
        f.add(Field.of("BathroomsTotalInteger", INT32, l -> l.beds == 0 ? null : (long) (l.bathsFull + l.bathsHalf)));
        f.add(Field.of("BathroomsFull", INT32, l -> l.beds == 0 ? null : (long) l.bathsFull));
        f.add(Field.of("BathroomsHalf", INT32, l -> l.beds == 0 ? null : (long) l.bathsHalf));
        f.add(Field.of("LivingArea", DECIMAL, l -> l.livingArea == 0 ? null : (long) l.livingArea));
        f.add(Field.of("LivingAreaUnits", STRING, l -> l.livingArea == 0 ? null : "Square Feet"));
        f.add(Field.of("LotSizeAcres", DECIMAL, l -> l.lotAcres));
        f.add(Field.of("LotSizeSquareFeet", DECIMAL, l -> Math.round(l.lotAcres * 43_560)));
        f.add(Field.of("YearBuilt", INT32, l -> l.yearBuilt == 0 ? null : (long) l.yearBuilt));
        f.add(Field.of("ListAgentKey", STRING, l -> data.agentOf(l).key));
        f.add(Field.of("ListAgentMlsId", STRING, l -> data.agentOf(l).mlsId()));
        f.add(Field.of("ListAgentFullName", STRING, l -> data.agentOf(l).fullName()));
        f.add(Field.of("ListOfficeKey", STRING, l -> data.officeOf(l).key));
        f.add(Field.of("ListOfficeName", STRING, l -> data.officeOf(l).name));
        f.add(Field.of("PublicRemarks", STRING, l -> Remarks.of(data.seed, l)));
        f.add(Field.of("OriginalEntryTimestamp", DATETIMEOFFSET, l -> l.originalEntry));
        f.add(Field.of("StatusChangeTimestamp", DATETIMEOFFSET, l -> l.statusChange));
        f.add(Field.of("ModificationTimestamp", DATETIMEOFFSET, l -> l.modification));
        f.add(Field.of("PhotosChangeTimestamp", DATETIMEOFFSET, l -> l.photosChange));
        f.add(Field.of("PhotosCount", INT32, l -> (long) l.mediaCount()));
        if (rules.hasMlgCanView()) {
            f.add(Field.of("MlgCanView", BOOLEAN, l -> !l.deleted));
        }
        if (rules.hasBridgeModificationTimestamp()) {
            f.add(Field.of("BridgeModificationTimestamp", DATETIMEOFFSET, Listing::bridgeModification));
        }
        return f;
    }

    private static int shownStatus(Listing l, ProfileRules rules) {
        return l.deleted && rules.deletesByStatus() ? Vocabulary.DELETE : l.status;
    }

    private static Vocabulary.City city(Listing l) {
        return Vocabulary.CITIES.get(l.city);
    }

    private static String address(Listing l) {
        String unit = l.unit == null ? "" : " Unit " + l.unit;
        return l.streetNumber + " " + Vocabulary.STREETS.get(l.street) + " " + Vocabulary.SUFFIXES.get(l.suffix)
                + unit + ", " + city(l).name() + ", CO " + l.postalCode;
    }

    @Override
    String keyOf(Listing row) {
        return row.key;
    }

    @Override
    List<Listing> rows() {
        return data.dropped == 0 ? data.listings : data.listings.stream().filter(l -> !l.dropped).toList();
    }

    @Override
    boolean hasLookup() {
        return true;
    }

    @Override
    List<Listing> lookup(String value) {
        Listing listing = data.listingsByKey.get(value);
        return listing == null || listing.dropped ? List.of() : List.of(listing);
    }

    @Override
    protected List<Listing> sortDefault() {
        List<Listing> rows = new ArrayList<>(rows());
        rows.sort(Comparator.comparingLong((Listing l) -> l.modification).thenComparingInt(l -> l.number));
        return rows;
    }

    @Override
    boolean expands() {
        return true;
    }

    @Override
    void writeExpansion(RecordWriter writer, Listing row) throws IOException {
        writer.generator().writeArrayFieldStart("Media");
        for (int i = 0; i < row.mediaCount(); i++) {
            writer.write(media, new MediaRow(row, i), null, false);
        }
        writer.generator().writeEndArray();
    }
}
