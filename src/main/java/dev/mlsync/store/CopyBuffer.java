package dev.mlsync.store;

import org.postgresql.PGConnection;
import org.postgresql.copy.CopyIn;

import java.math.BigDecimal;
import java.sql.Connection;
import java.sql.SQLException;
import java.time.Instant;
import java.time.LocalDate;
import java.util.Arrays;
import java.util.List;

/**
 * Rows in PostgreSQL's COPY text format, accumulated for one page and sent in one COPY: far
 * cheaper than one INSERT per row, and the page is still applied in its own transaction. Values are
 * written as UTF-8 bytes as they are added (on the fetching thread), so a commit only streams bytes.
 */
final class CopyBuffer {
    private static final byte[] NULL = {'\\', 'N'};
    private static final byte[] REPLACEMENT = {(byte) 0xEF, (byte) 0xBF, (byte) 0xBD};
    private static final byte[] JSON_NUL_ESCAPE = {'u', '0', '0', '0', '0'};

    private byte[] bytes;
    private int size;
    private boolean rowStarted;
    private int rows;

    CopyBuffer() {
        this(1 << 12);
    }

    /** A buffer that will not have to grow below {@code capacity} bytes. */
    CopyBuffer(int capacity) {
        bytes = new byte[Math.max(capacity, 1 << 12)];
    }

    /** Text, escaped for COPY; NUL (which PostgreSQL text cannot hold) becomes U+FFFD. */
    CopyBuffer add(String value) {
        separate();
        if (value == null) {
            return write(NULL);
        }
        ensure(value.length() * 3 + 8);
        for (int i = 0; i < value.length(); i++) {
            char c = value.charAt(i);
            if (c < 0x80) {
                writeAscii(c);
            } else if (c < 0x800) {
                bytes[size++] = (byte) (0xC0 | c >> 6);
                bytes[size++] = (byte) (0x80 | c & 0x3F);
            } else if (Character.isHighSurrogate(c) && i + 1 < value.length()
                    && Character.isLowSurrogate(value.charAt(i + 1))) {
                int cp = Character.toCodePoint(c, value.charAt(++i));
                bytes[size++] = (byte) (0xF0 | cp >> 18);
                bytes[size++] = (byte) (0x80 | cp >> 12 & 0x3F);
                bytes[size++] = (byte) (0x80 | cp >> 6 & 0x3F);
                bytes[size++] = (byte) (0x80 | cp & 0x3F);
            } else if (Character.isSurrogate(c)) {
                System.arraycopy(REPLACEMENT, 0, bytes, size, 3);
                size += 3;
            } else {
                bytes[size++] = (byte) (0xE0 | c >> 12);
                bytes[size++] = (byte) (0x80 | c >> 6 & 0x3F);
                bytes[size++] = (byte) (0x80 | c & 0x3F);
            }
        }
        return this;
    }

    private void writeAscii(char c) {
        switch (c) {
            case '\\' -> {
                bytes[size++] = '\\';
                bytes[size++] = '\\';
            }
            case '\n' -> {
                bytes[size++] = '\\';
                bytes[size++] = 'n';
            }
            case '\r' -> {
                bytes[size++] = '\\';
                bytes[size++] = 'r';
            }
            case '\t' -> {
                bytes[size++] = '\\';
                bytes[size++] = 't';
            }
            case '\0' -> {
                System.arraycopy(REPLACEMENT, 0, bytes, size, 3);
                size += 3;
            }
            default -> bytes[size++] = (byte) c;
        }
    }

    /**
     * UTF-8 JSON as written by Jackson (no raw control characters), escaped for COPY: backslashes are
     * doubled, and the {@code \u0000} escape, which jsonb rejects, becomes {@code \uFFFD}.
     */
    CopyBuffer addJson(byte[] json) {
        separate();
        if (json == null) {
            return write(NULL);
        }
        ensure(json.length * 2);
        for (int i = 0; i < json.length; i++) {
            byte b = json[i];
            if (b != '\\') {
                bytes[size++] = b;
                continue;
            }
            bytes[size++] = '\\';
            bytes[size++] = '\\';
            if (i + 1 < json.length && json[i + 1] == '\\') {
                bytes[size++] = '\\';
                bytes[size++] = '\\';
                i++;
            } else if (i + 5 < json.length && Arrays.equals(json, i + 1, i + 6, JSON_NUL_ESCAPE, 0, 5)) {
                bytes[size++] = 'u';
                bytes[size++] = 'F';
                bytes[size++] = 'F';
                bytes[size++] = 'F';
                bytes[size++] = 'D';
                i += 5;
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
        separate();
        ensure(1);
        bytes[size++] = (byte) (value ? 't' : 'f');
        return this;
    }

    /** ASCII text that needs no escaping (numbers, dates, timestamps). */
    private CopyBuffer addPlain(String value) {
        separate();
        if (value == null) {
            return write(NULL);
        }
        ensure(value.length());
        for (int i = 0; i < value.length(); i++) {
            bytes[size++] = (byte) value.charAt(i);
        }
        return this;
    }

    private CopyBuffer write(byte[] data) {
        ensure(data.length);
        System.arraycopy(data, 0, bytes, size, data.length);
        size += data.length;
        return this;
    }

    private void separate() {
        ensure(1);
        if (rowStarted) {
            bytes[size++] = '\t';
        }
        rowStarted = true;
    }

    private void ensure(int more) {
        if (size + more > bytes.length) {
            bytes = Arrays.copyOf(bytes, Math.max(bytes.length * 2, size + more));
        }
    }

    void endRow() {
        ensure(1);
        bytes[size++] = '\n';
        rowStarted = false;
        rows++;
    }

    /** Ends a row here that holds the bytes of {@code other} from {@code start} to its current end. */
    void appendRow(CopyBuffer other, int start) {
        int length = other.size - start;
        ensure(length + 1);
        System.arraycopy(other.bytes, start, bytes, size, length);
        size += length;
        bytes[size++] = '\n';
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
