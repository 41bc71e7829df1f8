package dev.mlsync.sim;

/**
 * One column of the RETS Property tables: its system name (flexmls style, {@code LIST_87}), the RESO field of the
 * simulator's Property resource it is read from, and how METADATA-TABLE describes it.
 *
 * @param lookup the lookup name of a coded field (COMPACT sends the code, COMPACT-DECODED the long value), or null
 * @param source the Property field the value is read from
 */
record RetsField(String systemName, String resoName, String longName, String dbName, String dataType, int maximumLength,
                 int precision, RetsLookup lookup, Field<Listing> source) {

    boolean isLookup() {
        return lookup != null;
    }

    /** The RETS data type for an OData type. */
    static String dataTypeOf(EdmType type) {
        return switch (type) {
            case STRING -> "Character";
            case DECIMAL, DOUBLE -> "Decimal";
            case INT32 -> "Int";
            case DATETIMEOFFSET -> "DateTime";
            case DATE -> "Date";
            case BOOLEAN -> "Boolean";
        };
    }
}
