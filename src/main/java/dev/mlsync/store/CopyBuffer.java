package dev.mlsync.store;

import org.postgresql.PGConnection;
import org.postgresql.copy.CopyIn;

import java.math.BigDecimal;
import java.nio.charset.StandardCharsets;
import java.sql.Connection;
import java.sql.SQLException;
import java.time.Instant;
import java.time.LocalDate;
import java.util.Arrays;
import java.util.List;

/**
 * Rows in PostgreSQL's COPY text format, accumulated for one page and sent in one COPY: far
 * cheaper than one INSERT per row, and the page is still applied in its own transaction. Rows are
 * encoded to UTF-8 as they are added (on the fetching thread), so a commit only streams bytes.
 */
final class CopyBuffer {
    private final StringBuilder row = new StringBuilder(512);
    private byte[] bytes = new byte[1 << 12];
    private int size;
    private boolean rowStarted;
    private int rows;

    CopyBuffer add(String value) {
        separate();
        if (value == null) {
            row.append("\\N");
            return this;
        }
        int first = firstSpecial(value);
        if (first < 0) {
            row.append(value);
            return this;
        }
        row.append(value, 0, first);
        for (int i = first; i < value.length(); i++) {
            char c = value.charAt(i);
            switch (c) {
                case '\\' -> row.append("\\\\");
                case '\n' -> row.append("\\n");
                case '\r' -> row.append("\\r");
                case '\t' -> row.append("\\t");
                case '\0' -> row.append('\uFFFD'); // PostgreSQL text cannot hold NUL
                default -> row.append(c);
            }
        }
        return this;
    }

    /** Index of the first character COPY text must escape, or -1: most values need no escaping. */
    private static int firstSpecial(String value) {
        for (int i = 0; i < value.length(); i++) {
            char c = value.charAt(i);
            if (c == '\\' || c == '\n' || c == '\r' || c == '\t' || c == '\0') {
                return i;
            }
        }
        return -1;
    }

    CopyBuffer add(Instant value) {
        return addPlain(value == null ? null : value.toString());
    }

    CopyBuffer add(LocalDate value) {
        return addPlain(value == null ? null : value.toString());
    }

    CopyBuffer add(BigDecimal value) {
        return addPlain(value == null ? null : value.toPlainString());
    }

    CopyBuffer add(Number value) {
        return addPlain(value == null ? null : value.toString());
    }

    CopyBuffer add(boolean value) {
        return addPlain(value ? "t" : "f");
    }

    private CopyBuffer addPlain(String value) {
        separate();
        row.append(value == null ? "\\N" : value);
        return this;
    }

    private void separate() {
        if (rowStarted) {
            row.append('\t');
        }
        rowStarted = true;
    }

    void endRow() {
        row.append('\n');
        byte[] encoded = row.toString().getBytes(StandardCharsets.UTF_8);
        if (size + encoded.length > bytes.length) {
            bytes = Arrays.copyOf(bytes, Math.max(bytes.length * 2, size + encoded.length));
        }
        System.arraycopy(encoded, 0, bytes, size, encoded.length);
        size += encoded.length;
        row.setLength(0);
        rowStarted = false;
        rows++;
    }

    int rows() {
        return rows;
    }

    /** Bytes written so far: the position the next row starts at. */
    int length() {
        return size;
    }

    /** Sends every row with {@code COPY table (columns) FROM STDIN}. */
    void copyInto(Connection connection, String tableAndColumns) throws SQLException {
        if (rows > 0) {
            copyInto(connection, tableAndColumns, List.of(new int[] {0, size}));
        }
    }

    /** Sends the rows in the given [start, end) byte ranges; each range must hold whole rows. */
    void copyInto(Connection connection, String tableAndColumns, List<int[]> ranges) throws SQLException {
        if (ranges.isEmpty()) {
            return;
        }
        CopyIn copy = connection.unwrap(PGConnection.class).getCopyAPI()
                .copyIn("COPY " + tableAndColumns + " FROM STDIN");
        try {
            for (int[] range : ranges) {
                copy.writeToCopy(bytes, range[0], range[1] - range[0]);
            }
            copy.endCopy();
        } finally {
            if (copy.isActive()) {
                copy.cancelCopy();
            }
        }
    }
}
