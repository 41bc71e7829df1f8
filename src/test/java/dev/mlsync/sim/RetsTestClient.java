package dev.mlsync.sim;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.net.URI;
import java.net.URLEncoder;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * A raw RETS client for the simulator tests: Login with a hand-written RFC 2617 Digest step (or Basic), the session
 * cookie, capability URLs resolved against the Login URL, and a COMPACT parser. Deliberately independent of
 * {@code source.rets}.
 */
final class RetsTestClient {
    private static final HttpClient HTTP = HttpClient.newHttpClient();

    private final URI loginUrl;
    private String cookie;
    private final Map<String, URI> capabilities = new LinkedHashMap<>();
    private int nc;
    private String userAgent;
    private String uaPassword;

    RetsTestClient(URI loginUrl) {
        this.loginUrl = loginUrl;
    }

    record Response(int status, String body, java.net.http.HttpHeaders headers, byte[] bytes) {
        String header(String name) {
            return headers.firstValue(name).orElse(null);
        }

        int replyCode() {
            int at = body.indexOf("ReplyCode=\"");
            return at < 0 ? -1 : Integer.parseInt(body.substring(at + 11, body.indexOf('"', at + 11)));
        }
    }

    /** A parsed COMPACT search reply. */
    record Compact(int replyCode, Integer count, List<String> columns, List<List<String>> rows, boolean maxRows,
                   String delimiter) {
        List<String> column(String name) {
            int i = columns.indexOf(name);
            return rows.stream().map(r -> r.get(i)).toList();
        }
    }

    /** Logs in with Digest: an unauthenticated GET, then the answer to its challenge. */
    Response login(String user, String password) {
        cookie = null;
        Response challenge = send(identify(HttpRequest.newBuilder(loginUrl)).GET().build());
        if (challenge.status() != 401) {
            return challenge;
        }
        String header = challenge.header("WWW-Authenticate");
        Map<String, String> p = RetsAuthenticator.params(header.substring(header.indexOf(' ') + 1));
        String uri = loginUrl.getRawPath();
        String cnonce = "0a4f113b";
        String count = String.format("%08x", ++nc);
        String ha1 = RetsAuthenticator.md5(user + ":" + p.get("realm") + ":" + password);
        String ha2 = RetsAuthenticator.md5("GET:" + uri);
        String response = RetsAuthenticator.md5(ha1 + ":" + p.get("nonce") + ":" + count + ":" + cnonce + ":auth:" + ha2);
        String authorization = "Digest username=\"" + user + "\", realm=\"" + p.get("realm") + "\", nonce=\""
                + p.get("nonce") + "\", uri=\"" + uri + "\", qop=auth, nc=" + count + ", cnonce=\"" + cnonce
                + "\", response=\"" + response + "\", opaque=\"" + p.get("opaque") + "\"";
        return loginWith(authorization);
    }

    Response loginBasic(String user, String password) {
        String pair = java.util.Base64.getEncoder().encodeToString((user + ":" + password).getBytes(StandardCharsets.UTF_8));
        return loginWith("Basic " + pair);
    }

    Response loginWith(String authorization) {
        Response r = send(identify(HttpRequest.newBuilder(loginUrl)).header("Authorization", authorization).GET().build());
        r.headers().firstValue("Set-Cookie").ifPresent(c -> cookie = c.substring(0, c.indexOf(';')));
        if (r.status() == 200) {
            capabilities.clear();
            for (String line : r.body().split("\r?\n")) {
                int eq = line.indexOf('=');
                String value = eq > 0 ? line.substring(eq + 1).trim() : "";
                if (!line.startsWith("<") && (value.startsWith("/") || value.startsWith("http"))) {
                    capabilities.put(line.substring(0, eq).trim(), value.startsWith("http") ? URI.create(value)
                            : loginUrl.resolve(value));
                }
            }
        }
        return r;
    }

    /** Sends this User-Agent and, when {@code password} is set, a RETS-UA-Authorization header computed with it. */
    void userAgent(String agent, String password) {
        this.userAgent = agent;
        this.uaPassword = password;
    }

    private HttpRequest.Builder identify(HttpRequest.Builder request) {
        request.header("RETS-Version", "RETS/1.7.2");
        if (userAgent != null) {
            request.header("User-Agent", userAgent);
        }
        if (uaPassword != null) {
            String session = cookie == null ? "" : cookie.substring(cookie.indexOf('=') + 1);
            String a1 = RetsAuthenticator.md5(userAgent + ":" + uaPassword);
            request.header("RETS-UA-Authorization", "Digest " + RetsAuthenticator.md5(a1 + "::" + session
                    + ":RETS/1.7.2"));
        }
        return request;
    }

    Map<String, URI> capabilities() {
        return capabilities;
    }

    String cookie() {
        return cookie;
    }

    void cookie(String c) {
        cookie = c;
    }

    static String enc(String text) {
        return URLEncoder.encode(text, StandardCharsets.UTF_8);
    }

    /** GET a transaction named in the capabilities with form-style parameters (name, value, name, value, …). */
    Response call(String transaction, String... params) {
        StringBuilder query = new StringBuilder();
        for (int i = 0; i < params.length; i += 2) {
            query.append(query.isEmpty() ? "" : "&").append(params[i]).append('=').append(enc(params[i + 1]));
        }
        URI base = capabilities.containsKey(transaction) ? capabilities.get(transaction)
                : loginUrl.resolve(transaction);
        HttpRequest.Builder request = identify(HttpRequest.newBuilder(URI.create(base + "?" + query))).GET();
        if (cookie != null) {
            request.header("Cookie", cookie);
        }
        return send(request.build());
    }

    Compact search(String... params) {
        return compact(call("Search", params));
    }

    static Compact compact(Response r) {
        String body = r.body();
        int dAt = body.indexOf("<DELIMITER value=\"");
        String delimiter = dAt < 0 ? "\t" : String.valueOf((char) Integer.parseInt(body.substring(dAt + 18, dAt + 20), 16));
        int cAt = body.indexOf("<COUNT Records=\"");
        Integer count = cAt < 0 ? null : Integer.valueOf(body.substring(cAt + 16, body.indexOf('"', cAt + 16)));
        List<String> columns = List.of();
        List<List<String>> rows = new ArrayList<>();
        for (String line : body.split("\r\n")) {
            if (line.startsWith("<COLUMNS>")) {
                columns = cells(line, "<COLUMNS>", "</COLUMNS>", delimiter);
            } else if (line.startsWith("<DATA>")) {
                rows.add(cells(line, "<DATA>", "</DATA>", delimiter));
            }
        }
        return new Compact(r.replyCode(), count, columns, rows, body.contains("<MAXROWS/>"), delimiter);
    }

    private static List<String> cells(String line, String open, String close, String delimiter) {
        String inner = line.substring(open.length(), line.length() - close.length());
        String[] parts = inner.split(java.util.regex.Pattern.quote(delimiter), -1);
        return List.of(parts).subList(1, parts.length - 1);
    }

    private static Response send(HttpRequest request) {
        try {
            HttpResponse<byte[]> r = HTTP.send(request, HttpResponse.BodyHandlers.ofByteArray());
            return new Response(r.statusCode(), new String(r.body(), StandardCharsets.ISO_8859_1), r.headers(), r.body());
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IllegalStateException(e);
        }
    }
}
