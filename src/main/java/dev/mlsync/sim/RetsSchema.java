package dev.mlsync.sim;

import java.math.BigDecimal;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * The RETS view of the Property resource: flexmls-style system names ({@code LIST_1}, {@code LIST_87}, …) over the
 * same fields the RESO profiles serve, one class per property type, and the lookups of coded fields. Every class has
 * the same table; a listing belongs to exactly one class for life (its PropertyType never changes).
 */
final class RetsSchema {
    static final String RESOURCE = "Property";
    static final String KEY_FIELD = "LIST_1";
    static final String TIMESTAMP_FIELD = "LIST_87";
    static final String PHOTO_TIMESTAMP_FIELD = "LIST_134";
    static final String PHOTO_COUNT_FIELD = "LIST_133";

    /** A Property class: the listings of one PropertyType. */
    record RetsClass(String name, String standardName, String visibleName, int kind) {
    }

    static final List<RetsClass> CLASSES = List.of(
            new RetsClass("A", "ResidentialProperty", "Residential", 0),
            new RetsClass("B", "ResidentialLease", "Residential Lease", 1),
            new RetsClass("C", "LotsAndLand", "Lots and Land", 2),
            new RetsClass("D", "MultiFamily", "Residential Income", 3),
            new RetsClass("E", "CommercialProperty", "Commercial Sale", 4));

    private final List<RetsField> fields = new ArrayList<>();
    private final Map<String, RetsField> bySystemName = new HashMap<>();
    private final Map<String, RetsField> byStandardName = new HashMap<>();
    private final Map<String, RetsLookup> lookups = new LinkedHashMap<>();

    RetsSchema(Table<Listing> property) {
        RetsLookup status = lookup("20000426151013377656000000", "Status",
                Vocabulary.STATUSES.subList(0, Vocabulary.DELETE), List.of("A", "U", "P", "S", "W", "X", "C", "CS"));
        RetsLookup type = lookup("20000426151013376279000000", "Property Type",
                Vocabulary.KINDS.stream().map(Vocabulary.PropertyKind::type).toList(),
                CLASSES.stream().map(RetsClass::name).toList());
        RetsLookup subType = lookup("20000426151013376503000000", "Property Sub Type",
                Vocabulary.KINDS.stream().flatMap(k -> k.subTypes().stream()).distinct().toList(), null);
        RetsLookup city = lookup("20000426151013383757000000", "City",
                Vocabulary.CITIES.stream().map(Vocabulary.City::name).toList(), null);
        add(property, "LIST_0", "OriginatingSystemName", "MLS Identifier", "matechid", 26, 0, null);
        add(property, KEY_FIELD, "ListingKey", "Internal Listing ID", "techid", 26, 0, null);
        add(property, "LIST_105", "ListingId", "Listing ID", "listnum", 13, 0, null);
        add(property, "LIST_15", "StandardStatus", "Status", "status", 100, 0, status);
        add(property, "LIST_8", "PropertyType", "Property Type", "proptype", 100, 0, type);
        add(property, "LIST_9", "PropertySubType", "Property Sub Type", "subtype", 100, 0, subType);
        add(property, "LIST_22", "ListPrice", "List Price", "listprice", 15, 2, null);
        add(property, "LIST_21", "OriginalListPrice", "Original List Price", "origprice", 14, 2, null);
        add(property, "LIST_23", "ClosePrice", "Closed Price", "soldprice", 15, 2, null);
        add(property, "LIST_12", "CloseDate", "Closed Date", "solddate", 10, 0, null);
        add(property, "LIST_10", "ListingContractDate", "Begin Date", "listdate", 10, 0, null);
        add(property, "LIST_31", "StreetNumber", "House #", "hsnum", 10, 0, null);
        add(property, "LIST_34", "StreetName", "Street Name", "street", 30, 0, null);
        add(property, "LIST_37", "StreetSuffix", "Street Suffix", "strtype", 20, 0, null);
        add(property, "LIST_35", "UnitNumber", "Unit Number", "unit", 30, 0, null);
        add(property, "LIST_38", "UnparsedAddress", "Full Address", "address", 150, 0, null);
        add(property, "LIST_39", "City", "City", "city", 100, 0, city);
        add(property, "LIST_40", "StateOrProvince", "State/Province", "state", 2, 0, null);
        add(property, "LIST_43", "PostalCode", "Postal Code", "zip", 10, 0, null);
        add(property, "LIST_41", "CountyOrParish", "County", "county", 50, 0, null);
        add(property, "LIST_42", "Country", "Country", "country", 2, 0, null);
        add(property, "LIST_46", "Latitude", "Geo Lat", "latitude", 11, 6, null);
        add(property, "LIST_47", "Longitude", "Geo Lon", "longitude", 11, 6, null);
        add(property, "LIST_66", "BedroomsTotal", "Total Bedrooms", "beds", 4, 0, null);
        add(property, "LIST_67", "BathroomsTotalInteger", "Total Bathrooms", "baths", 4, 0, null);
        add(property, "LIST_68", "BathroomsFull", "Total Full Baths", "fullbaths", 2, 0, null);
        add(property, "LIST_69", "BathroomsHalf", "Total Half Baths", "halfbaths", 2, 0, null);
        add(property, "LIST_48", "LivingArea", "Total SqFt.", "sqft", 10, 2, null);
        add(property, "LIST_57", "LotSizeAcres", "Lot Acres", "acres", 10, 2, null);
        add(property, "LIST_56", "LotSizeSquareFeet", "Lot Size", "lotsize", 12, 2, null);
        add(property, "LIST_53", "YearBuilt", "Year Built", "yearbuilt", 4, 0, null);
        add(property, "LIST_5", "ListAgentKey", "Agent ID", "metechid", 26, 0, null);
        add(property, "listing_member_shortid", "ListAgentMlsId", "ListingMemberShortId", "memshortid", 15, 0, null);
        add(property, "listing_member_name", "ListAgentFullName", "ListingMemberName", "memname", 72, 0, null);
        add(property, "LIST_106", "ListOfficeKey", "Office ID", "oftechid", 26, 0, null);
        add(property, "listing_office_name", "ListOfficeName", "ListingOfficeName", "offname", 150, 0, null);
        add(property, "LIST_78", "PublicRemarks", "Public Remarks", "remarks", 800, 0, null);
        add(property, "LIST_132", "OriginalEntryTimestamp", "Entry Timestamp", "entrydate", 25, 0, null);
        add(property, "LIST_16", "StatusChangeTimestamp", "Status Change Timestamp", "statusdate", 25, 0, null);
        add(property, TIMESTAMP_FIELD, "ModificationTimestamp", "Timestamp", "timestamp", 25, 0, null);
        add(property, PHOTO_TIMESTAMP_FIELD, "PhotosChangeTimestamp", "Picture Timestamp", "phototime", 25, 0, null);
        add(property, PHOTO_COUNT_FIELD, "PhotosCount", "Picture Count", "photocount", 11, 0, null);
    }

    private RetsLookup lookup(String name, String visibleName, List<String> longValues, List<String> codes) {
        RetsLookup lookup = RetsLookup.of(name, visibleName, codes != null ? codes : codesOf(longValues), longValues);
        lookups.put(name, lookup);
        return lookup;
    }

    /** Upper-case letters of each value, first five: unique for the simulator's word lists (checked). */
    private static List<String> codesOf(List<String> values) {
        List<String> codes = values.stream()
                .map(v -> v.replaceAll("[^A-Za-z]", "").toUpperCase(java.util.Locale.ROOT))
                .map(v -> v.substring(0, Math.min(5, v.length()))).toList();
        if (codes.stream().distinct().count() != codes.size()) {
            throw new IllegalStateException("lookup codes collide: " + codes);
        }
        return codes;
    }

    private void add(Table<Listing> property, String systemName, String resoName, String longName, String dbName,
                     int maximumLength, int precision, RetsLookup lookup) {
        Field<Listing> source = property.field(resoName, "RETS schema", 0);
        String type = lookup != null ? "Character" : RetsField.dataTypeOf(source.type());
        RetsField field = new RetsField(systemName, resoName, longName, dbName, type, maximumLength, precision, lookup,
                source);
        fields.add(field);
        bySystemName.put(systemName, field);
        byStandardName.put(resoName, field);
    }

    List<RetsField> fields() {
        return fields;
    }

    /** The field a name in Select or Query refers to (system name, or standard name when {@code standardNames}). */
    RetsField field(String name, boolean standardNames) {
        return standardNames ? byStandardName.get(name) : bySystemName.get(name);
    }

    /** The name a column goes by in a reply. */
    static String nameOf(RetsField field, boolean standardNames) {
        return standardNames ? field.resoName() : field.systemName();
    }

    Iterable<RetsLookup> lookups() {
        return lookups.values();
    }

    RetsLookup lookupNamed(String name) {
        return lookups.get(name);
    }

    static RetsClass classNamed(String name) {
        for (RetsClass c : CLASSES) {
            if (c.name().equals(name)) {
                return c;
            }
        }
        return null;
    }

    /** The field's typed value (as the RESO profiles hold it: Long millis, Long epoch day, Long, Double, String). */
    Object value(RetsField field, Listing listing) {
        return field.source().value(listing);
    }

    EdmType typeOf(RetsField field) {
        return field.source().type();
    }

    /** The value as a COMPACT cell: empty for null, lookup code (or long value when decoded), ISO times. */
    String format(RetsField field, Listing listing, boolean decoded) {
        Object value = value(field, listing);
        if (value == null) {
            return "";
        }
        if (field.isLookup()) {
            return decoded ? (String) value : field.lookup().codeOf((String) value);
        }
        return switch (typeOf(field)) {
            case DATETIMEOFFSET -> Values.timestamp((Long) value);
            case DATE -> Values.date((Long) value);
            case BOOLEAN -> (Boolean) value ? "1" : "0";
            case DECIMAL, DOUBLE -> decimal(value, field.precision());
            default -> value.toString();
        };
    }

    private static String decimal(Object value, int precision) {
        BigDecimal number = value instanceof Double d ? BigDecimal.valueOf(d) : BigDecimal.valueOf(((Number) value).longValue());
        return number.scale() < precision ? number.setScale(precision).toPlainString() : number.toPlainString();
    }
}
