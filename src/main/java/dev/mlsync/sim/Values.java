package dev.mlsync.sim;

import java.time.LocalDate;

/** Comparison and ISO formatting of field values, shared by $filter, $orderby and serialization. */
final class Values {

    private Values() {
    }

    /** Compares two non-null values of one field type. */
    static int compare(EdmType type, Object a, Object b) {
        if (type.isTemporal()) {
            return Long.compare(((Number) a).longValue(), ((Number) b).longValue());
        }
        if (type.isNumeric()) {
            return Double.compare(((Number) a).doubleValue(), ((Number) b).doubleValue());
        }
        if (type == EdmType.BOOLEAN) {
            return Boolean.compare((Boolean) a, (Boolean) b);
        }
        return ((String) a).compareTo((String) b);
    }

    /** Compares with nulls first, as OData orders them ascending. */
    static int compareNullable(EdmType type, Object a, Object b) {
        if (a == null || b == null) {
            return a == null ? (b == null ? 0 : -1) : 1;
        }
        return compare(type, a, b);
    }

    static final int TIMESTAMP_LENGTH = 24;

    /** {@code 2026-01-01T00:00:00.000Z} for epoch milliseconds. */
    static String timestamp(long millis) {
        char[] out = new char[TIMESTAMP_LENGTH];
        timestamp(millis, out);
        return new String(out);
    }

    /** Writes {@code 2026-01-01T00:00:00.000Z} into the first 24 chars of {@code out}. */
    static void timestamp(long millis, char[] out) {
        long seconds = Math.floorDiv(millis, 1000L);
        int ms = (int) Math.floorMod(millis, 1000L);
        int secondOfDay = (int) Math.floorMod(seconds, 86_400L);
        writeDate(out, Math.floorDiv(seconds, 86_400L));
        out[10] = 'T';
        two(out, 11, secondOfDay / 3600);
        out[13] = ':';
        two(out, 14, secondOfDay / 60 % 60);
        out[16] = ':';
        two(out, 17, secondOfDay % 60);
        out[19] = '.';
        out[20] = (char) ('0' + ms / 100);
        two(out, 21, ms % 100);
        out[23] = 'Z';
    }

    /** {@code 2026-01-01} for an epoch day. */
    static String date(long epochDay) {
        char[] out = new char[10];
        writeDate(out, epochDay);
        return new String(out);
    }

    private static void writeDate(char[] out, long epochDay) {
        LocalDate d = LocalDate.ofEpochDay(epochDay);
        int y = d.getYear();
        two(out, 0, y / 100);
        two(out, 2, y % 100);
        out[4] = '-';
        two(out, 5, d.getMonthValue());
        out[7] = '-';
        two(out, 8, d.getDayOfMonth());
    }

    private static void two(char[] out, int at, int value) {
        out[at] = (char) ('0' + value / 10);
        out[at + 1] = (char) ('0' + value % 10);
    }
}
