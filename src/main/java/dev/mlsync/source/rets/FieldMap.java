package dev.mlsync.source.rets;

import com.fasterxml.jackson.databind.node.JsonNodeFactory;
import com.fasterxml.jackson.databind.node.ObjectNode;
import java.math.BigDecimal;
import java.time.Instant;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Set;

/**
 * Turns a RETS row (system names) into a record with RESO Data Dictionary names, so RETS listings
 * fill the same {@code listing} columns as RESO ones. Each column's name comes from, in order: the
 * feed's {@code rets.fieldMap}; its metadata StandardName (as its RESO name when {@link #ALIASES} knows
 * it, e.g. ListingID → ListingId); the RESO name of the system name itself when it is a common one
 * ({@link #ALIASES}); else the system name is kept as is
 * (it stays in {@code raw}). The key column is always {@code ListingKey} and the timestamp column
 * {@code ModificationTimestamp}, normalised to ISO-8601 UTC. Values are typed by the metadata's
 * DataType; COMPACT lookups are decoded from the metadata; empty values are left out.
 */
final class FieldMap {
    static final String KEY = "ListingKey";
    static final String TIMESTAMP = "ModificationTimestamp";

    /** RETS standard names and names common in RETS systems → RESO Data Dictionary names (lower-cased keys). */
    static final Map<String, String> ALIASES = aliases(
            "ListingKey", KEY, "ListingRid", KEY, "ListingKeyNumeric", KEY, "Matrix_Unique_ID", KEY,
            "ListingID", "ListingId", "MLSNumber", "ListingId", "MLNumber", "ListingId", "ListNumber", "ListingId",
            "ModificationTimestamp", TIMESTAMP, "LastModified", TIMESTAMP, "LastModifiedDateTime", TIMESTAMP,
            "ListingStatus", "StandardStatus", "ListStatus", "StandardStatus", "Status", "StandardStatus",
            "StandardStatus", "StandardStatus",
            "ListPrice", "ListPrice", "ClosePrice", "ClosePrice", "SoldPrice", "ClosePrice",
            "City", "City", "StateOrProvince", "StateOrProvince", "State", "StateOrProvince",
            "PostalCode", "PostalCode", "ZipCode", "PostalCode", "Zip", "PostalCode",
            "County", "CountyOrParish", "CountyOrParish", "CountyOrParish",
            "StreetNumber", "StreetNumber", "StreetName", "StreetName", "StreetSuffix", "StreetSuffix",
            "UnitNumber", "UnitNumber", "UnparsedAddress", "UnparsedAddress", "FullAddress", "UnparsedAddress",
            "Bedrooms", "BedroomsTotal", "Beds", "BedroomsTotal", "BedroomsTotal", "BedroomsTotal",
            "Baths", "BathroomsTotalDecimal", "BathsTotal", "BathroomsTotalDecimal",
            "BathroomsTotalDecimal", "BathroomsTotalDecimal", "BathroomsTotalInteger", "BathroomsTotalInteger",
            "BathsFull", "BathroomsFull", "BathsHalf", "BathroomsHalf",
            "SquareFeet", "LivingArea", "SqFt", "LivingArea", "LivingArea", "LivingArea",
            "LotSizeAcres", "LotSizeAcres", "Acres", "LotSizeAcres", "LotSizeSquareFeet", "LotSizeSquareFeet",
            "YearBuilt", "YearBuilt", "Latitude", "Latitude", "Longitude", "Longitude",
            "PropertyType", "PropertyType", "PropertySubType", "PropertySubType",
            "ListAgentKey", "ListAgentKey", "ListOfficeKey", "ListOfficeKey",
            "ListDate", "ListingContractDate", "ListingContractDate", "ListingContractDate",
            "CloseDate", "CloseDate", "PhotoCount", "PhotosCount", "PictureCount", "PhotosCount",
            "PhotosCount", "PhotosCount", "PhotoTimestamp", "PhotosChangeTimestamp",
            "PhotoModificationTimestamp", "PhotosChangeTimestamp", "PictureTimestamp", "PhotosChangeTimestamp",
            "PhotosChangeTimestamp", "PhotosChangeTimestamp", "StatusChangeTimestamp", "StatusChangeTimestamp",
            "PublicRemarks", "PublicRemarks", "Remarks", "PublicRemarks");

    private static final Set<String> INTEGER_TYPES = Set.of("int", "small", "tiny", "long");

    private final RetsMetadata metadata;
    private final boolean decodeLookups;
    private final String keyColumn;
    private final String timestampColumn;
    private final Map<String, String> names = new HashMap<>();

    /**
     * @param columns the search's COLUMNS
     * @param decodeLookups COMPACT format: lookup values are codes the metadata decodes
     */
    FieldMap(List<String> columns, Map<String, String> configured, RetsMetadata metadata, String keyColumn,
             String timestampColumn, boolean decodeLookups) {
        this.metadata = metadata;
        this.decodeLookups = decodeLookups;
        this.keyColumn = keyColumn;
        this.timestampColumn = timestampColumn;
        Set<String> taken = new java.util.HashSet<>(List.of(KEY, TIMESTAMP));
        for (String column : columns) {
            if (column.equals(keyColumn) || column.equals(timestampColumn)) {
                continue;
            }
            String name = resoName(column, configured, metadata);
            names.put(column, name != null && taken.add(name) ? name : column);
        }
    }

    /** The RESO name a system name maps to, or null when it has none. */
    static String resoName(String column, Map<String, String> configured, RetsMetadata metadata) {
        if (configured.containsKey(column)) {
            return configured.get(column);
        }
        RetsMetadata.Field field = metadata.field(column);
        if (field != null && field.standardName() != null) {
            // A RETS standard name the alias table knows becomes its RESO name; any other is a better name than
            // LIST_87 and, on servers that give RESO names as standard names, already the right one.
            return ALIASES.getOrDefault(field.standardName().toLowerCase(Locale.ROOT), field.standardName());
        }
        return ALIASES.get(column.toLowerCase(Locale.ROOT));
    }

    /** The record of one row; values of columns absent from the row (short rows) are left out. */
    ObjectNode record(List<String> columns, List<String> values) {
        ObjectNode record = JsonNodeFactory.instance.objectNode();
        for (int i = 0; i < columns.size() && i < values.size(); i++) {
            String column = columns.get(i);
            String value = values.get(i);
            if (value == null || value.isEmpty()) {
                continue;
            }
            if (column.equals(keyColumn)) {
                record.put(KEY, value.strip());
            } else if (column.equals(timestampColumn)) {
                Instant instant = RetsTimestamps.parse(value);
                record.put(TIMESTAMP, instant == null ? value : instant.toString());
            } else {
                put(record, names.getOrDefault(column, column), metadata.field(column), value);
            }
        }
        return record;
    }

    private void put(ObjectNode record, String name, RetsMetadata.Field field, String raw) {
        String value = decodeLookups && field != null && field.isLookup() ? decode(field, raw) : raw;
        String type = field == null || field.dataType() == null ? "" : field.dataType().toLowerCase(Locale.ROOT);
        if (INTEGER_TYPES.contains(type) && value.strip().matches("-?\\d{1,18}")) {
            record.put(name, Long.parseLong(value.strip()));
        } else if (type.equals("decimal") && value.strip().matches("-?\\d+(\\.\\d+)?")) {
            record.put(name, new BigDecimal(value.strip()));
        } else if (type.equals("boolean") && value.strip().matches("(?i)1|0|y|n|yes|no|true|false")) {
            record.put(name, value.strip().matches("(?i)1|y|yes|true"));
        } else if (type.equals("datetime") && RetsTimestamps.parse(value) != null) {
            record.put(name, RetsTimestamps.parse(value).toString());
        } else {
            record.put(name, value);
        }
    }

    private String decode(RetsMetadata.Field field, String raw) {
        if (!field.isMultiLookup()) {
            String decoded = metadata.decode(field.lookupName(), raw.strip());
            return decoded == null ? raw : decoded;
        }
        StringBuilder decoded = new StringBuilder();
        for (String code : raw.split(",")) {
            String one = metadata.decode(field.lookupName(), code.strip());
            decoded.append(decoded.isEmpty() ? "" : ",").append(one == null ? code.strip() : one);
        }
        return decoded.toString();
    }

    private static Map<String, String> aliases(String... pairs) {
        Map<String, String> aliases = new LinkedHashMap<>();
        for (int i = 0; i < pairs.length; i += 2) {
            aliases.put(pairs[i].toLowerCase(Locale.ROOT), pairs[i + 1]);
        }
        return Map.copyOf(aliases);
    }
}
