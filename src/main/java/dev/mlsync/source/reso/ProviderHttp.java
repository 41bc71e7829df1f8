package dev.mlsync.source.reso;

import dev.mlsync.config.Secrets;
import dev.mlsync.source.SourceException;
import dev.mlsync.source.SourceException.Category;
import java.io.IOException;
import java.io.InputStream;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.atomic.AtomicLong;
import java.util.zip.GZIPInputStream;

/**
 * Sends requests to one feed's provider: counts every request, turns failures into
 * {@link SourceException}s that name the feed, resource and URL path and query, and masks secrets.
 * It never retries or waits: the quota/retry layer around the source does that.
 */
final class ProviderHttp {
    static final int BODY_EXCERPT_CHARS = 300;
    static final int MIN_MASKED_LENGTH = 6;

    private final String feedId;
    private final HttpClient http;
    private final AtomicLong requests = new AtomicLong();
    private final Set<String> secrets = ConcurrentHashMap.newKeySet();

    ProviderHttp(String feedId, HttpClient http) {
        this.feedId = feedId;
        this.http = http;
    }

    long requestCount() {
        return requests.get();
    }

    /**
     * Registers a value that must never appear in a message (token, client secret). Values shorter
     * than {@value #MIN_MASKED_LENGTH} characters are not masked: they would mangle every message.
     */
    void addSecret(String secret) {
        if (secret != null && secret.length() >= MIN_MASKED_LENGTH) {
            secrets.add(secret);
        }
    }

    HttpResponse<InputStream> send(HttpRequest request, String resource) {
        requests.incrementAndGet();
        try {
            return http.send(request, HttpResponse.BodyHandlers.ofInputStream());
        } catch (IOException e) {
            throw new SourceException(Category.NETWORK, 0,
                    message(resource, request.uri(), "request failed: " + e), e);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new SourceException(Category.NETWORK, 0, message(resource, request.uri(), "interrupted"), e);
        }
    }

    /** The exception for a non-2xx response, with up to 300 characters of its body; closes the body. */
    SourceException failure(HttpResponse<InputStream> response, String resource) {
        int status = response.statusCode();
        String retryAfter = response.headers().firstValue("Retry-After").map(v -> ", Retry-After " + v).orElse("");
        String detail = "HTTP " + status + retryAfter + ": " + excerpt(response);
        return new SourceException(category(status), status, message(resource, response.uri(), detail));
    }

    static Category category(int status) {
        return Category.ofHttpStatus(status);
    }

    /** {@code feed F, Resource: detail (GET /path?query)} with secrets masked. */
    String message(String resource, URI uri, String detail) {
        String target = uri.getRawPath() + (uri.getRawQuery() == null ? "" : "?" + uri.getRawQuery());
        return redact("feed " + feedId + ", " + resource + ": " + detail + " (" + Secrets.redactUrl(target) + ")");
    }

    String redact(String text) {
        return Secrets.mask(text, secrets);
    }

    static void discard(HttpResponse<InputStream> response) {
        try (InputStream ignored = response.body()) {
            // closing releases the connection
        } catch (IOException ignored) {
            // nothing more to release
        }
    }

    private static String excerpt(HttpResponse<InputStream> response) {
        try (InputStream raw = response.body(); InputStream body = isGzip(response) ? new GZIPInputStream(raw) : raw) {
            byte[] head = body.readNBytes(BODY_EXCERPT_CHARS * 4);
            String text = new String(head, StandardCharsets.UTF_8).strip();
            return text.length() > BODY_EXCERPT_CHARS ? text.substring(0, BODY_EXCERPT_CHARS) : text;
        } catch (IOException e) {
            return "(body unreadable: " + e.getMessage() + ")";
        }
    }

    static boolean isGzip(HttpResponse<?> response) {
        return response.headers().firstValue("Content-Encoding").map(v -> v.equalsIgnoreCase("gzip")).orElse(false);
    }
}
