package dev.mlsync.source.rets;

import java.io.BufferedInputStream;
import java.io.ByteArrayOutputStream;
import java.io.Closeable;
import java.io.IOException;
import java.io.InputStream;
import java.io.PushbackInputStream;
import java.io.SequenceInputStream;
import java.nio.charset.StandardCharsets;
import java.util.Locale;
import java.util.Map;
import java.util.TreeMap;

/**
 * Reads a {@code multipart/parallel} (or any multipart) body part by part as it arrives: each part's
 * headers, then its body as a stream that ends at the next boundary. Only one part is open at a
 * time; asking for the next part skips whatever of the current one was not read. A part that declares its
 * {@code Content-Length} must hold exactly that many bytes: one cut short (the body ended inside it) or
 * overrun fails with an {@link IOException} saying so, rather than passing its bytes on as a whole object.
 */
final class MultipartReader implements Closeable {
    static final int MAX_HEADER_BYTES = 16 * 1024;

    /** A part: headers by lower-case name, and its body up to the next boundary. */
    record Part(Map<String, String> headers, InputStream body) {
        String header(String name) {
            return headers.get(name.toLowerCase(Locale.ROOT));
        }
    }

    private final PushbackInputStream in;
    private final byte[] delimiter;
    private PartBody current;
    private boolean finished;

    MultipartReader(InputStream body, String boundary) {
        this.delimiter = ("\r\n--" + boundary).getBytes(StandardCharsets.ISO_8859_1);
        // The first boundary may open the body without a CRLF before it; a virtual CRLF lets one scan find all.
        InputStream withLead = new SequenceInputStream(new java.io.ByteArrayInputStream(new byte[] {'\r', '\n'}),
                new BufferedInputStream(body, 64 * 1024));
        this.in = new PushbackInputStream(withLead, delimiter.length + 2);
    }

    /** The boundary parameter of a multipart Content-Type, or null. */
    static String boundary(String contentType) {
        if (contentType == null) {
            return null;
        }
        for (String parameter : contentType.split(";")) {
            String p = parameter.strip();
            if (p.regionMatches(true, 0, "boundary=", 0, 9)) {
                String value = p.substring(9).strip();
                return value.startsWith("\"") && value.endsWith("\"") && value.length() > 1
                        ? value.substring(1, value.length() - 1) : value;
            }
        }
        return null;
    }

    /** The next part, or null after the closing boundary (or the end of a body that lacks it). */
    Part next() throws IOException {
        if (finished) {
            return null;
        }
        if (current == null) {
            skipToDelimiter(); // the preamble
        } else {
            current.skipRest();
        }
        if (finished || atEndOfBoundary()) {
            finished = true;
            return null;
        }
        Map<String, String> headers = headers();
        current = new PartBody(declaredLength(headers));
        return new Part(headers, current);
    }

    @Override
    public void close() throws IOException {
        finished = true;
        in.close();
    }

    /** The part's Content-Length when it declares a valid one, else -1 (not checked). */
    private static long declaredLength(Map<String, String> headers) {
        String value = headers.get("content-length");
        if (value == null) {
            return -1;
        }
        try {
            long length = Long.parseLong(value.strip());
            return length >= 0 ? length : -1;
        } catch (NumberFormatException e) {
            return -1;
        }
    }

    private void skipToDelimiter() throws IOException {
        PartBody preamble = new PartBody(-1);
        preamble.skipRest();
    }

    /** After a delimiter: {@code --} closes the body; otherwise the rest of the boundary line is skipped. */
    private boolean atEndOfBoundary() throws IOException {
        int first = in.read();
        if (first < 0) {
            return true;
        }
        if (first == '-') {
            int second = in.read();
            if (second == '-' || second < 0) {
                return true;
            }
            in.unread(second);
        }
        int b = first;
        while (b >= 0 && b != '\n') {
            b = in.read();
        }
        return b < 0;
    }

    private Map<String, String> headers() throws IOException {
        Map<String, String> headers = new TreeMap<>();
        int total = 0;
        while (true) {
            ByteArrayOutputStream line = new ByteArrayOutputStream();
            int b;
            while ((b = in.read()) >= 0 && b != '\n') {
                line.write(b);
                if (++total > MAX_HEADER_BYTES) {
                    throw new IOException("part headers longer than " + MAX_HEADER_BYTES + " bytes");
                }
            }
            String text = line.toString(StandardCharsets.ISO_8859_1).stripTrailing();
            if (text.isEmpty()) {
                return headers;
            }
            int colon = text.indexOf(':');
            if (colon > 0) {
                headers.putIfAbsent(text.substring(0, colon).strip().toLowerCase(Locale.ROOT), text.substring(colon + 1).strip());
            }
            if (b < 0) {
                return headers;
            }
        }
    }

    /** The bytes of the current part up to (not including) the next delimiter. */
    private final class PartBody extends InputStream {
        private final long declared;
        private long count;
        private boolean ended;

        PartBody(long declared) {
            this.declared = declared;
        }

        @Override
        public int read() throws IOException {
            if (ended) {
                return -1;
            }
            int b = in.read();
            if (b < 0) {
                ended = true;
                finished = true;
                if (declared >= 0 && count != declared) {
                    throw new IOException("the multipart body ended inside a part after " + count + " of its "
                            + declared + " bytes (Content-Length): the answer was cut short");
                }
                return -1;
            }
            if (b != delimiter[0]) {
                count++;
                return b;
            }
            byte[] ahead = new byte[delimiter.length - 1];
            int n = in.readNBytes(ahead, 0, ahead.length);
            boolean match = n == ahead.length;
            for (int i = 0; match && i < ahead.length; i++) {
                match = ahead[i] == delimiter[i + 1];
            }
            if (match) {
                ended = true;
                if (declared >= 0 && count != declared) {
                    throw new IOException("a multipart part declared Content-Length " + declared + " but held "
                            + count + " bytes before the next boundary");
                }
                return -1;
            }
            in.unread(ahead, 0, n);
            count++;
            return b;
        }

        @Override
        public int read(byte[] buffer, int offset, int length) throws IOException {
            if (length == 0) {
                return 0;
            }
            int count = 0;
            while (count < length) {
                int b = read();
                if (b < 0) {
                    break;
                }
                buffer[offset + count++] = (byte) b;
                if (in.available() == 0 && count > 0) {
                    break;
                }
            }
            return count == 0 ? -1 : count;
        }

        void skipRest() throws IOException {
            while (read() >= 0) {
                // discard
            }
        }

        @Override
        public void close() {
            // the reader owns the stream; next() skips what is left
        }
    }
}
