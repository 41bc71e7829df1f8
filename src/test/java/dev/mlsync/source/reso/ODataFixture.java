package dev.mlsync.source.reso;

import com.sun.net.httpserver.Headers;
import com.sun.net.httpserver.HttpExchange;
import com.sun.net.httpserver.HttpServer;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.OutputStream;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.net.URI;
import java.net.URLDecoder;
import java.nio.charset.StandardCharsets;
import java.util.ArrayDeque;
import java.util.ArrayList;
import java.util.Deque;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.zip.GZIPOutputStream;

/**
 * A loopback HTTP server serving canned OData responses per path (in order; the last one repeats)
 * and recording every request it received.
 */
final class ODataFixture implements AutoCloseable {
    /** Writes one response. */
    interface Responder {
        void respond(HttpExchange exchange, Received request) throws IOException;
    }

    /** A request as the server saw it. */
    record Received(String method, URI uri, Headers headers, String body) {
        String path() {
            return uri.getRawPath();
        }

        String rawQuery() {
            return uri.getRawQuery();
        }

        /** Decoded query parameter; '+' is kept literally so a wrongly encoded space shows up. */
        String param(String name) {
            if (uri.getRawQuery() == null) {
                return null;
            }
            for (String pair : uri.getRawQuery().split("&")) {
                int eq = pair.indexOf('=');
                if (decode(pair.substring(0, eq)).equals(name)) {
                    return decode(pair.substring(eq + 1));
                }
            }
            return null;
        }

        String header(String name) {
            return headers.getFirst(name);
        }

        private static String decode(String text) {
            return URLDecoder.decode(text.replace("+", "%2B"), StandardCharsets.UTF_8);
        }
    }

    private final HttpServer server;
    private final Map<String, Deque<Responder>> routes = new ConcurrentHashMap<>();
    private final List<Received> received = new CopyOnWriteArrayList<>();

    ODataFixture() throws IOException {
        server = HttpServer.create(new InetSocketAddress(InetAddress.getLoopbackAddress(), 0), 0);
        server.createContext("/", this::handle);
        server.setExecutor(java.util.concurrent.Executors.newCachedThreadPool());
        server.start();
    }

    /** The service root, {@code http://127.0.0.1:port/api/}. */
    URI baseUrl() {
        return URI.create("http://127.0.0.1:" + server.getAddress().getPort() + "/api/");
    }

    ODataFixture on(String path, Responder... responders) {
        routes.computeIfAbsent(path, p -> new ArrayDeque<>()).addAll(List.of(responders));
        return this;
    }

    /** Like {@link #on}, dropping what the path answered before. */
    ODataFixture only(String path, Responder... responders) {
        routes.remove(path);
        return on(path, responders);
    }

    List<Received> received() {
        return List.copyOf(received);
    }

    List<Received> received(String path) {
        return received.stream().filter(r -> r.path().equals(path)).toList();
    }

    Received last() {
        return received.get(received.size() - 1);
    }

    static Responder json(String body) {
        return respond(200, "application/json; charset=utf-8", body, false);
    }

    static Responder gzipJson(String body) {
        return respond(200, "application/json", body, true);
    }

    static Responder respond(int status, String contentType, String body, boolean gzip) {
        return (exchange, request) -> {
            byte[] bytes = body.getBytes(StandardCharsets.UTF_8);
            if (gzip) {
                ByteArrayOutputStream zipped = new ByteArrayOutputStream();
                try (GZIPOutputStream out = new GZIPOutputStream(zipped)) {
                    out.write(bytes);
                }
                bytes = zipped.toByteArray();
                exchange.getResponseHeaders().add("Content-Encoding", "gzip");
            }
            exchange.getResponseHeaders().add("Content-Type", contentType);
            exchange.sendResponseHeaders(status, bytes.length);
            try (OutputStream out = exchange.getResponseBody()) {
                out.write(bytes);
            }
        };
    }

    /** {@code {"value":[...]}} with the given records and optional nextLink placed before or after value. */
    static String page(List<String> records, String nextLink, boolean linkFirst) {
        String value = "\"value\":[" + String.join(",", records) + "]";
        if (nextLink == null) {
            return "{\"@odata.context\":\"$metadata#Property\"," + value + "}";
        }
        String link = "\"@odata.nextLink\":\"" + nextLink + "\"";
        return "{\"@odata.context\":\"$metadata#Property\"," + (linkFirst ? link + "," + value : value + "," + link) + "}";
    }

    static List<String> listings(int from, int count) {
        List<String> records = new ArrayList<>();
        for (int i = from; i < from + count; i++) {
            records.add(listing("L" + i, "2026-01-01T00:00:00Z"));
        }
        return records;
    }

    static String listing(String key, String timestamp) {
        return "{\"ListingKey\":\"" + key + "\",\"ModificationTimestamp\":\"" + timestamp + "\",\"StandardStatus\":\"Active\"}";
    }

    private void handle(HttpExchange exchange) throws IOException {
        String body = new String(exchange.getRequestBody().readAllBytes(), StandardCharsets.UTF_8);
        Received request = new Received(exchange.getRequestMethod(), exchange.getRequestURI(),
                exchange.getRequestHeaders(), body);
        received.add(request);
        Deque<Responder> queue = routes.get(exchange.getRequestURI().getRawPath());
        try {
            if (queue == null || queue.isEmpty()) {
                respond(404, "application/json", "{\"error\":\"no route\"}", false).respond(exchange, request);
                return;
            }
            Responder responder;
            synchronized (queue) {
                responder = queue.size() > 1 ? queue.removeFirst() : queue.getFirst();
            }
            responder.respond(exchange, request);
        } catch (IOException | RuntimeException e) {
            exchange.close();
        }
    }

    @Override
    public void close() {
        server.stop(0);
    }
}
