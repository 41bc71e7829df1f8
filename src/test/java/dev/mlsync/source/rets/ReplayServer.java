package dev.mlsync.source.rets;

import com.sun.net.httpserver.HttpExchange;
import com.sun.net.httpserver.HttpServer;
import java.io.IOException;
import java.io.OutputStream;
import java.net.InetSocketAddress;
import java.net.URI;
import java.nio.charset.StandardCharsets;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.Executors;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.function.Function;

/**
 * A loopback RETS server that replays recorded answers: each path answers with the exchange set for
 * it. It checks HTTP Digest (qop=auth) like a real server, keeps a session that a Login opens and
 * {@link #expireSession()} ends (later requests get 401 until the next Login), and records requests.
 */
final class ReplayServer implements AutoCloseable {
    static final String REALM = "rets@replay";
    static final String USER = "demo";
    static final String PASSWORD = "s3cret-pass";

    /** A request as the server saw it. */
    record Seen(String path, String query, Map<String, List<String>> headers) {
        String header(String name) {
            return headers.entrySet().stream().filter(e -> e.getKey().equalsIgnoreCase(name))
                    .map(e -> e.getValue().getFirst()).findFirst().orElse(null);
        }
    }

    private final HttpServer server;
    private final Map<String, Function<String, RecordedExchange>> answers = new ConcurrentHashMap<>();
    private final List<Seen> seen = new CopyOnWriteArrayList<>();
    private final AtomicInteger nonces = new AtomicInteger();
    private volatile String nonce = "n0";
    private volatile boolean sessionOpen;
    private volatile String replyOnce;
    private volatile boolean loginsOpenSessions = true;

    ReplayServer() throws IOException {
        server = HttpServer.create(new InetSocketAddress("127.0.0.1", 0), 0);
        server.createContext("/", this::handle);
        server.setExecutor(Executors.newFixedThreadPool(4));
        server.start();
    }

    URI loginUrl() {
        return URI.create("http://127.0.0.1:" + server.getAddress().getPort() + "/rets2_1/Login");
    }

    /** Answers {@code path} (e.g. /rets2_1/Search) with the recorded exchange at {@code fixture}. */
    ReplayServer answer(String path, String fixture) {
        RecordedExchange exchange = RecordedExchange.load(fixture);
        answers.put(path, query -> exchange);
        return this;
    }

    /** Answers {@code path} with what {@code byQuery} picks for the request's raw query. */
    ReplayServer answer(String path, Function<String, RecordedExchange> byQuery) {
        answers.put(path, byQuery);
        return this;
    }

    /** The session ends: requests other than Login get 401 (with a fresh nonce) until the next Login. */
    void expireSession() {
        sessionOpen = false;
        nonce = "n" + nonces.incrementAndGet();
    }

    /** From now on a Login is accepted but opens no session (a server that drops sessions at once). */
    void dropSessions() {
        loginsOpenSessions = false;
        expireSession();
    }

    /** The next non-Login request gets this RETS reply code instead of its answer. */
    void replyOnce(String code) {
        replyOnce = code;
    }

    List<Seen> seen() {
        return seen;
    }

    long count(String path) {
        return seen.stream().filter(s -> s.path().equals(path)).count();
    }

    private void handle(HttpExchange exchange) throws IOException {
        try (exchange) {
            URI uri = exchange.getRequestURI();
            String path = uri.getRawPath();
            seen.add(new Seen(path, uri.getRawQuery(), Map.copyOf(exchange.getRequestHeaders())));
            String target = uri.getRawPath() + (uri.getRawQuery() == null ? "" : "?" + uri.getRawQuery());
            String authorization = exchange.getRequestHeaders().getFirst("Authorization");
            boolean login = path.endsWith("/Login");
            if (!DigestCheck.valid(authorization, exchange.getRequestMethod(), target, REALM, nonce, USER, PASSWORD)
                    || (!login && !sessionOpen)) {
                exchange.getResponseHeaders().add("WWW-Authenticate", "Digest realm=\"" + REALM + "\", nonce=\""
                        + nonce + "\", opaque=\"op4que\", qop=\"auth\"");
                send(exchange, 401, "text/html", "<html>401 Unauthorized</html>".getBytes(StandardCharsets.UTF_8));
                return;
            }
            if (login) {
                sessionOpen = loginsOpenSessions;
            }
            String reply = replyOnce;
            if (!login && reply != null) {
                replyOnce = null;
                send(exchange, 200, "text/xml", ("<RETS ReplyCode=\"" + reply + "\" ReplyText=\"replayed\"/>")
                        .getBytes(StandardCharsets.UTF_8));
                return;
            }
            Function<String, RecordedExchange> answer = answers.get(path);
            if (answer == null) {
                send(exchange, 404, "text/plain", ("no recorded answer for " + path).getBytes(StandardCharsets.UTF_8));
                return;
            }
            RecordedExchange recorded = answer.apply(uri.getRawQuery() == null ? "" : uri.getRawQuery());
            recorded.headers().forEach(h -> exchange.getResponseHeaders().add(h[0], h[1]));
            exchange.sendResponseHeaders(recorded.status(), recorded.body().length == 0 ? -1 : recorded.body().length);
            try (OutputStream out = exchange.getResponseBody()) {
                out.write(recorded.body());
            }
        }
    }

    private static void send(HttpExchange exchange, int status, String type, byte[] body) throws IOException {
        exchange.getResponseHeaders().set("Content-Type", type);
        exchange.sendResponseHeaders(status, body.length);
        try (OutputStream out = exchange.getResponseBody()) {
            out.write(body);
        }
    }

    @Override
    public void close() {
        server.stop(0);
    }
}
