package dev.mlsync.sim;

import com.sun.net.httpserver.HttpExchange;

import java.io.BufferedOutputStream;
import java.io.FilterOutputStream;
import java.io.IOException;
import java.io.OutputStream;
import java.nio.charset.StandardCharsets;
import java.util.zip.Deflater;
import java.util.zip.GZIPOutputStream;

/** The response to one exchange: streams a body (gzip when asked) and remembers status and bytes sent. */
final class Reply {
    private static final int BUFFER = 64 * 1024;

    private final HttpExchange exchange;
    private final boolean gzip;
    private int status;
    private long bytes;
    private boolean started;
    private boolean truncate;
    private boolean malformRecord;
    private java.util.function.LongConsumer beforeEnd = bytes -> { };
    private boolean ended;

    Reply(HttpExchange exchange, boolean gzip) {
        this.exchange = exchange;
        this.gzip = gzip;
    }

    interface Body {
        void writeTo(OutputStream out) throws IOException;
    }

    int status() {
        return status;
    }

    /**
     * Runs {@code counter} with the body's bytes just before the body ends, i.e. before the client can see the
     * whole answer and send its next request: a quota counting bytes must have counted them by then.
     */
    void beforeEnd(java.util.function.LongConsumer counter) {
        this.beforeEnd = counter;
    }

    private void end() {
        if (!ended) {
            ended = true;
            beforeEnd.accept(bytes);
        }
    }

    long bytes() {
        return bytes;
    }

    boolean started() {
        return started;
    }

    /** Fault: announce the whole body's length, send half of it, and let the connection drop. */
    void truncateBody() {
        truncate = true;
    }

    /** Fault: the page should carry one broken record. */
    /** Sets a response header (before anything is sent). */
    void header(String name, String value) {
        exchange.getResponseHeaders().set(name, value);
    }

    void malformRecord() {
        malformRecord = true;
    }

    boolean malformsRecord() {
        return malformRecord;
    }

    /** Sends status and headers, then streams the body through gzip when the client accepts it. */
    void send(int code, String contentType, Body body) throws IOException {
        status = code;
        started = true;
        exchange.getResponseHeaders().set("Content-Type", contentType);
        if (gzip) {
            exchange.getResponseHeaders().set("Content-Encoding", "gzip");
        }
        if (truncate) {
            sendHalf(code, body);
            return;
        }
        exchange.sendResponseHeaders(code, 0);
        try (OutputStream out = open()) {
            body.writeTo(out);
        }
    }

    private void sendHalf(int code, Body body) throws IOException {
        java.io.ByteArrayOutputStream whole = new java.io.ByteArrayOutputStream();
        try (OutputStream out = gzip ? new FastGzip(whole) : whole) {
            body.writeTo(out);
        }
        byte[] all = whole.toByteArray();
        exchange.sendResponseHeaders(code, all.length);
        OutputStream raw = exchange.getResponseBody();
        bytes = all.length / 2;
        end();
        raw.write(all, 0, all.length / 2);
        raw.flush();
    }

    void sendText(int code, String contentType, String text) throws IOException {
        send(code, contentType, out -> out.write(text.getBytes(StandardCharsets.UTF_8)));
    }

    void sendError(int code, String message) throws IOException {
        sendText(code, "application/json", ErrorBody.of(code, message));
    }

    private OutputStream open() throws IOException {
        OutputStream counted = new FilterOutputStream(exchange.getResponseBody()) {
            @Override
            public void write(byte[] b, int off, int len) throws IOException {
                out.write(b, off, len);
                bytes += len;
            }

            @Override
            public void write(int b) throws IOException {
                out.write(b);
                bytes++;
            }

            @Override
            public void close() throws IOException {
                flush();
                end();
                out.close();
            }
        };
        return gzip ? new BufferedOutputStream(new FastGzip(counted), BUFFER) : new BufferedOutputStream(counted, BUFFER);
    }

    /** gzip at the fastest level: the simulator shares its cores with the client under benchmark. */
    private static final class FastGzip extends GZIPOutputStream {
        FastGzip(OutputStream out) throws IOException {
            super(out, BUFFER);
            def.setLevel(Deflater.BEST_SPEED);
        }
    }
}
