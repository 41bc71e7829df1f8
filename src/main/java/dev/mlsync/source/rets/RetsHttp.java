package dev.mlsync.source.rets;

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
 * Sends one feed's RETS requests through the (quota-wrapped) client: counts them, turns transport
 * failures and error statuses into {@link SourceException}s naming the feed, transaction and path,
 * and masks every registered secret. Never retries or waits.
 */
final class RetsHttp {
    static final int BODY_EXCERPT_CHARS = 300;
    private static final int MIN_MASKED_LENGTH = 4;

    private final String feedId;
    private final HttpClient http;
    private final AtomicLong requests = new AtomicLong();
    private final Set<String> secrets = ConcurrentHashMap.newKeySet();

    RetsHttp(String feedId, HttpClient http) {
        this.feedId = feedId;
        this.http = http;
    }

    String feedId() {
        return feedId;
    }

    long requestCount() {
        return requests.get();
    }

    void addSecret(String secret) {
        if (secret != null && secret.length() >= MIN_MASKED_LENGTH) {
            secrets.add(secret);
        }
    }

    HttpResponse<InputStream> send(HttpRequest request, String transaction) {
        requests.incrementAndGet();
        try {
            return http.send(request, HttpResponse.BodyHandlers.ofInputStream());
        } catch (IOException e) {
            throw new SourceException(Category.NETWORK, 0, message(transaction, request.uri(), "request failed: " + e), e);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new SourceException(Category.NETWORK, 0, message(transaction, request.uri(), "interrupted"), e);
        }
    }

    /** The exception for a non-2xx answer, with the start of its body; closes the body. */
    SourceException failure(HttpResponse<InputStream> response, String transaction) {
        int status = response.statusCode();
        String retryAfter = response.headers().firstValue("Retry-After").map(v -> ", Retry-After " + v).orElse("");
        return new SourceException(category(status), status,
                message(transaction, response.request().uri(), "HTTP " + status + retryAfter + ": " + excerpt(response)));
    }

    static Category category(int status) {
        return Category.ofHttpStatus(status);
    }

    /** {@code feed F, RETS Search: detail (/path?query)} with secrets masked. */
    String message(String transaction, URI uri, String detail) {
        String target = uri.getRawPath() + (uri.getRawQuery() == null ? "" : "?" + uri.getRawQuery());
        return redact("feed " + feedId + ", RETS " + transaction + ": " + detail + " (" + Secrets.redactUrl(target) + ")");
    }

    String redact(String text) {
        return Secrets.mask(text, secrets);
    }

    static InputStream body(HttpResponse<InputStream> response) throws IOException {
        boolean gzip = response.headers().firstValue("Content-Encoding").map(v -> v.equalsIgnoreCase("gzip")).orElse(false);
        return gzip ? new GZIPInputStream(response.body()) : response.body();
    }

    static void discard(HttpResponse<InputStream> response) {
        try (InputStream ignored = response.body()) {
            // closing releases the connection
        } catch (IOException ignored) {
            // nothing more to release
        }
    }

    private static String excerpt(HttpResponse<InputStream> response) {
        try (InputStream body = body(response)) {
            String text = new String(body.readNBytes(BODY_EXCERPT_CHARS * 4), StandardCharsets.UTF_8).strip();
            return text.length() > BODY_EXCERPT_CHARS ? text.substring(0, BODY_EXCERPT_CHARS) : text;
        } catch (IOException e) {
            return "(body unreadable: " + e.getMessage() + ")";
        }
    }
}
