package dev.mlsync.sim;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;

import java.io.ByteArrayInputStream;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.net.URI;
import java.net.URLEncoder;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;
import java.util.zip.GZIPInputStream;

/** A tiny HTTP client for the simulator tests: gzip by default, bodies as text or JSON. */
final class SimClient {
    static final ObjectMapper JSON = new ObjectMapper();
    private static final HttpClient HTTP = HttpClient.newHttpClient();

    private final Simulator sim;
    private String bearer = "test";
    private boolean gzip = true;

    SimClient(Simulator sim) {
        this.sim = sim;
    }

    SimClient bearer(String token) {
        this.bearer = token;
        return this;
    }

    SimClient gzip(boolean on) {
        this.gzip = on;
        return this;
    }

    record Response(int status, String body, java.net.http.HttpHeaders headers, byte[] bytes) {
        JsonNode json() {
            try {
                return JSON.readTree(body);
            } catch (IOException e) {
                throw new UncheckedIOException(e);
            }
        }
    }

    static String enc(String text) {
        return URLEncoder.encode(text, StandardCharsets.UTF_8).replace("+", "%20");
    }

    /** GET a path (relative to the origin, e.g. "/odata/Property?$top=1") or an absolute URL. */
    Response get(String pathOrUrl) {
        return send(request(pathOrUrl).GET().build());
    }

    Response post(String pathOrUrl, String form) {
        return send(request(pathOrUrl).header("Content-Type", "application/x-www-form-urlencoded")
                .POST(HttpRequest.BodyPublishers.ofString(form)).build());
    }

    private HttpRequest.Builder request(String pathOrUrl) {
        URI uri = URI.create(pathOrUrl.startsWith("http") ? pathOrUrl : "http://127.0.0.1:" + sim.port() + pathOrUrl);
        HttpRequest.Builder b = HttpRequest.newBuilder(uri);
        if (bearer != null) {
            b.header("Authorization", "Bearer " + bearer);
        }
        if (gzip) {
            b.header("Accept-Encoding", "gzip");
        }
        return b;
    }

    private static Response send(HttpRequest request) {
        try {
            HttpResponse<byte[]> r = HTTP.send(request, HttpResponse.BodyHandlers.ofByteArray());
            byte[] bytes = r.body();
            if (r.headers().firstValue("Content-Encoding").orElse("").equals("gzip")) {
                bytes = new GZIPInputStream(new ByteArrayInputStream(bytes)).readAllBytes();
            }
            return new Response(r.statusCode(), new String(bytes, StandardCharsets.UTF_8), r.headers(), bytes);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IllegalStateException(e);
        }
    }

    /** Follows @odata.nextLink from the first page and returns every record. */
    List<JsonNode> walk(String firstPath) {
        List<JsonNode> all = new ArrayList<>();
        String next = firstPath;
        while (next != null) {
            Response r = get(next);
            if (r.status() != 200) {
                throw new AssertionError("HTTP " + r.status() + " for " + next + ": " + r.body());
            }
            JsonNode page = r.json();
            page.get("value").forEach(all::add);
            next = page.hasNonNull("@odata.nextLink") ? page.get("@odata.nextLink").asText() : null;
        }
        return all;
    }
}
