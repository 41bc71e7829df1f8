package dev.mlsync.source.reso;

import java.io.FilterInputStream;
import java.io.IOException;
import java.io.InputStream;
import java.nio.charset.StandardCharsets;
import java.util.Arrays;

/**
 * Keeps the first {@link #LIMIT} bytes read through it, so a record that turns out not to be valid JSON can be
 * quoted in its error. A page split down to one record is that small.
 */
final class HeadCapture extends FilterInputStream {
    static final int LIMIT = 64 * 1024;
    /** How much of a broken record is quoted. */
    static final int EXCERPT = 1000;

    private final byte[] head = new byte[LIMIT];
    private int captured;

    HeadCapture(InputStream in) {
        super(in);
    }

    @Override
    public int read() throws IOException {
        int b = super.read();
        if (b >= 0 && captured < LIMIT) {
            head[captured++] = (byte) b;
        }
        return b;
    }

    @Override
    public int read(byte[] buffer, int offset, int length) throws IOException {
        int n = in.read(buffer, offset, length);
        if (n > 0 && captured < LIMIT) {
            int kept = Math.min(n, LIMIT - captured);
            System.arraycopy(buffer, offset, head, captured, kept);
            captured += kept;
        }
        return n;
    }

    /** Up to {@link #EXCERPT} bytes read from {@code offset} on, as text; null when they were not kept. */
    String text(long offset) {
        if (offset < 0 || offset >= captured) {
            return null;
        }
        int from = (int) offset;
        return new String(Arrays.copyOfRange(head, from, Math.min(captured, from + EXCERPT)), StandardCharsets.UTF_8);
    }
}
