package dev.mlsync.sim;

/** OData primitive types the simulator's fields use, with the Java value each accessor returns. */
enum EdmType {
    /** {@link String}. */
    STRING("Edm.String"),
    /** {@link Long} or {@link Double}, written as a JSON number. */
    DECIMAL("Edm.Decimal"),
    /** {@link Long}. */
    INT32("Edm.Int32"),
    /** {@link Long} epoch milliseconds. */
    DATETIMEOFFSET("Edm.DateTimeOffset"),
    /** {@link Long} epoch day. */
    DATE("Edm.Date"),
    /** {@link Boolean}. */
    BOOLEAN("Edm.Boolean"),
    /** {@link Double}. */
    DOUBLE("Edm.Double");

    private final String edmName;

    EdmType(String edmName) {
        this.edmName = edmName;
    }

    String edmName() {
        return edmName;
    }

    boolean isNumeric() {
        return this == DECIMAL || this == INT32 || this == DOUBLE;
    }

    boolean isTemporal() {
        return this == DATETIMEOFFSET || this == DATE;
    }
}
