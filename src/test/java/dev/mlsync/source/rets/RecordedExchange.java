package dev.mlsync.source.rets;

import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.Set;

/**
 * One recorded HTTP answer of {@code src/test/resources/fixtures/rets/flexmls-recorded}: status, headers
 * and the (already decoded) body. Headers describing an encoding the body no longer has are dropped.
 */
record RecordedExchange(int status, List<String[]> headers, byte[] body) {
    static final String ROOT = "/fixtures/rets/flexmls-recorded/";
    private static final Set<String> DROPPED = Set.of("content-encoding", "transfer-encoding", "content-length",
            "x-encoded-content-encoding", "connection", "vary");

    /** {@code path} below flexmls-recorded, e.g. {@code get/retsgw.flexmls.com/rets2_1_Login/e5df….txt} ("Http/" is added). */
    static RecordedExchange load(String path) {
        byte[] file = bytes(ROOT + "Http/" + path);
        int split = indexOf(file, "\r\n\r\n".getBytes(StandardCharsets.ISO_8859_1));
        String head = new String(file, 0, split, StandardCharsets.ISO_8859_1);
        byte[] body = java.util.Arrays.copyOfRange(file, split + 4, file.length);
        String[] lines = head.split("\r\n");
        int status = Integer.parseInt(lines[0].split(" ")[1]);
        List<String[]> headers = new ArrayList<>();
        for (int i = 1; i < lines.length; i++) {
            int colon = lines[i].indexOf(':');
            String name = lines[i].substring(0, colon).strip();
            if (!DROPPED.contains(name.toLowerCase(Locale.ROOT))) {
                headers.add(new String[] {name, lines[i].substring(colon + 1).strip()});
            }
        }
        return new RecordedExchange(status, headers, body);
    }

    String header(String name) {
        return headers.stream().filter(h -> h[0].equalsIgnoreCase(name)).map(h -> h[1]).findFirst().orElse(null);
    }

    static byte[] bytes(String resource) {
        try (InputStream in = RecordedExchange.class.getResourceAsStream(resource)) {
            if (in == null) {
                throw new IllegalStateException("test resource missing: " + resource);
            }
            return in.readAllBytes();
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    private static int indexOf(byte[] data, byte[] pattern) {
        outer:
        for (int i = 0; i + pattern.length <= data.length; i++) {
            for (int j = 0; j < pattern.length; j++) {
                if (data[i + j] != pattern[j]) {
                    continue outer;
                }
            }
            return i;
        }
        throw new IllegalArgumentException("no blank line after the headers");
    }
}
