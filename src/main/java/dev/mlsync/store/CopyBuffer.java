package dev.mlsync.store;

import org.postgresql.PGConnection;

import java.io.ByteArrayInputStream;
import java.io.IOException;
import java.math.BigDecimal;
import java.nio.charset.StandardCharsets;
import java.sql.Connection;
import java.sql.SQLException;
import java.time.Instant;
import java.time.LocalDate;
import java.util.List;

/**
 * Rows in PostgreSQL's COPY text format, accumulated for one page and sent in one COPY: far
 * cheaper than one INSERT per row, and the page is still applied in its own transaction.
 */
final class CopyBuffer {
    private final StringBuilder text = new StringBuilder(1 << 12);
    private boolean rowStarted;
    private int rows;

    CopyBuffer add(String value) {
        separate();
        if (value == null) {
            text.append("\\N");
            return this;
        }
        for (int i = 0; i < value.length(); i++) {
            char c = value.charAt(i);
            switch (c) {
                case '\\' -> text.append("\\\\");
                case '\n' -> text.append("\\n");
                case '\r' -> text.append("\\r");
                case '\t' -> text.append("\\t");
                case '\0' -> text.append('\uFFFD'); // PostgreSQL text cannot hold NUL
                default -> text.append(c);
            }
        }
        return this;
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
        text.append(value == null ? "\\N" : value);
        return this;
    }

    private void separate() {
        if (rowStarted) {
            text.append('\t');
        }
        rowStarted = true;
    }

    void endRow() {
        text.append('\n');
        rowStarted = false;
        rows++;
    }

    int rows() {
        return rows;
    }

    int length() {
        return text.length();
    }

    /** A new buffer holding the given [start, end) ranges of this one; each range must hold whole rows. */
    CopyBuffer slice(List<int[]> ranges) {
        CopyBuffer slice = new CopyBuffer();
        for (int[] range : ranges) {
            slice.text.append(text, range[0], range[1]);
            for (int i = range[0]; i < range[1]; i++) {
                if (text.charAt(i) == '\n') {
                    slice.rows++;
                }
            }
        }
        return slice;
    }

    /** Sends the rows with {@code COPY table (columns) FROM STDIN}; the buffer keeps them. */
    void copyInto(Connection connection, String tableAndColumns) throws SQLException {
        if (rows == 0) {
            return;
        }
        byte[] bytes = text.toString().getBytes(StandardCharsets.UTF_8);
        try {
            connection.unwrap(PGConnection.class).getCopyAPI()
                    .copyIn("COPY " + tableAndColumns + " FROM STDIN", new ByteArrayInputStream(bytes));
        } catch (IOException e) {
            throw new SQLException("COPY into " + tableAndColumns + " failed: " + e.getMessage(), e);
        }
    }
}
