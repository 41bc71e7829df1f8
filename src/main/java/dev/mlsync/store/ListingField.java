package dev.mlsync.store;

import java.math.BigDecimal;
import java.util.Arrays;
import java.util.Map;
import java.util.Optional;
import java.util.function.Function;
import java.util.stream.Collectors;

/**
 * The RESO fields that have a typed column in {@code listing} (and so in {@code listing_effective}, which casts
 * an override of the field to the column's type). An override of one of them must fit that type; any other
 * field lives only in {@code raw} and takes any JSON value.
 */
public enum ListingField {
    LISTING_ID("ListingId", "listing_id", Type.TEXT, null),
    STANDARD_STATUS("StandardStatus", "standard_status", Type.TEXT, null),
    PHOTOS_CHANGE_TIMESTAMP("PhotosChangeTimestamp", "photos_change_timestamp", Type.TIMESTAMP, null),
    PROPERTY_TYPE("PropertyType", "property_type", Type.TEXT, null),
    PROPERTY_SUB_TYPE("PropertySubType", "property_sub_type", Type.TEXT, null),
    LIST_PRICE("ListPrice", "list_price", Type.DECIMAL, new BigDecimal("1e12")),
    CLOSE_PRICE("ClosePrice", "close_price", Type.DECIMAL, new BigDecimal("1e12")),
    STREET_NUMBER("StreetNumber", "street_number", Type.TEXT, null),
    STREET_NAME("StreetName", "street_name", Type.TEXT, null),
    STREET_SUFFIX("StreetSuffix", "street_suffix", Type.TEXT, null),
    UNIT_NUMBER("UnitNumber", "unit_number", Type.TEXT, null),
    UNPARSED_ADDRESS("UnparsedAddress", "unparsed_address", Type.TEXT, null),
    CITY("City", "city", Type.TEXT, null),
    STATE_OR_PROVINCE("StateOrProvince", "state_or_province", Type.TEXT, null),
    POSTAL_CODE("PostalCode", "postal_code", Type.TEXT, null),
    COUNTY_OR_PARISH("CountyOrParish", "county_or_parish", Type.TEXT, null),
    LATITUDE("Latitude", "latitude", Type.DECIMAL, new BigDecimal("1e300")),
    LONGITUDE("Longitude", "longitude", Type.DECIMAL, new BigDecimal("1e300")),
    BEDROOMS_TOTAL("BedroomsTotal", "bedrooms_total", Type.INTEGER, null),
    BATHROOMS_TOTAL_DECIMAL("BathroomsTotalDecimal", "bathrooms_total", Type.DECIMAL, new BigDecimal("1e4")),
    BATHROOMS_TOTAL_INTEGER("BathroomsTotalInteger", "bathrooms_total", Type.INTEGER, new BigDecimal("1e4")),
    LIVING_AREA("LivingArea", "living_area", Type.DECIMAL, new BigDecimal("1e10")),
    LOT_SIZE_ACRES("LotSizeAcres", "lot_size_acres", Type.DECIMAL, new BigDecimal("1e10")),
    LOT_SIZE_SQUARE_FEET("LotSizeSquareFeet", "lot_size_square_feet", Type.DECIMAL, new BigDecimal("1e14")),
    YEAR_BUILT("YearBuilt", "year_built", Type.INTEGER, null),
    LIST_AGENT_KEY("ListAgentKey", "list_agent_key", Type.TEXT, null),
    LIST_OFFICE_KEY("ListOfficeKey", "list_office_key", Type.TEXT, null),
    LISTING_CONTRACT_DATE("ListingContractDate", "listing_contract_date", Type.DATE, null),
    CLOSE_DATE("CloseDate", "close_date", Type.DATE, null),
    PHOTOS_COUNT("PhotosCount", "photos_count", Type.INTEGER, null);

    /** How a typed column takes a JSON value. */
    public enum Type { TEXT, DECIMAL, INTEGER, DATE, TIMESTAMP }

    private static final Map<String, ListingField> BY_NAME = Arrays.stream(values())
            .collect(Collectors.toUnmodifiableMap(ListingField::resoName, Function.identity()));

    private final String resoName;
    private final String column;
    private final Type type;
    private final BigDecimal bound;

    ListingField(String resoName, String column, Type type, BigDecimal bound) {
        this.resoName = resoName;
        this.column = column;
        this.type = type;
        this.bound = bound;
    }

    public String resoName() {
        return resoName;
    }

    public String column() {
        return column;
    }

    public Type type() {
        return type;
    }

    /** Numbers must be below this in absolute value (the column's precision), or null for the type's own range. */
    public BigDecimal bound() {
        return bound;
    }

    /** The typed field of this RESO name, or empty for a field kept only in {@code raw}. */
    public static Optional<ListingField> of(String resoName) {
        return Optional.ofNullable(BY_NAME.get(resoName));
    }
}
