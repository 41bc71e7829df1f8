package dev.mlsync.media;

import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.net.URI;
import java.net.URISyntaxException;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.time.Duration;
import java.util.HexFormat;
import java.util.Map;
import java.util.function.Function;

/**
 * One GET of a media URL, streamed to a temporary file while its SHA-256 is computed, with a size cap
 * (a body larger than the cap is abandoned, never buffered). The status decides the outcome: 2xx goes on,
 * 403/410 means the signed URL expired, 404 and other 4xx reject this version of the photo, 429/5xx and
 * transport errors (a body cut short included) are retried. Redirects are followed here, not by the client,
 * so that {@link MediaHosts} checks every hop.
 */
final class MediaDownload {
    private static final Duration TIMEOUT = Duration.ofSeconds(60);
    private static final int BUFFER = 64 * 1024;
    static final int MAX_REDIRECTS = 5;

    private final long maxBytes;
    private final Path tempDir;

    MediaDownload(long maxBytes, Path tempDir) {
        this.maxBytes = maxBytes;
        this.tempDir = tempDir;
    }

    /** The downloaded file (the caller deletes it), its digest, size and the Content-Type the server claimed. */
    record Downloaded(Path file, String sha256, long bytes, String contentType) {
    }

    /**
     * Fetches the URL, following up to {@value #MAX_REDIRECTS} redirects; every hop is checked by {@code hosts}
     * first and gets the headers {@code headers} gives for it (a token never follows a redirect by itself).
     */
    Downloaded fetch(HttpClient http, URI url, Function<URI, Map<String, String>> headers, MediaHosts hosts)
            throws InterruptedException {
        URI current = url;
        for (int hop = 0; hop <= MAX_REDIRECTS; hop++) {
            hosts.check(current);
            HttpResponse<InputStream> response = send(http, current, headers.apply(current));
            URI next = redirect(response, current);
            if (next == null) {
                return read(response, current);
            }
            close(response);
            current = next;
        }
        throw MediaFetchException.rejected("more than " + MAX_REDIRECTS + " redirects from " + url.getHost());
    }

    private static HttpResponse<InputStream> send(HttpClient http, URI url, Map<String, String> headers)
            throws InterruptedException {
        HttpRequest.Builder request = HttpRequest.newBuilder(url).timeout(TIMEOUT).GET()
                .header("Accept", "image/*");
        headers.forEach(request::header);
        try {
            return http.send(request.build(), HttpResponse.BodyHandlers.ofInputStream());
        } catch (IOException e) {
            throw MediaFetchException.retry("connection to " + url.getHost() + " failed: " + e, true);
        } catch (IllegalArgumentException e) {
            throw MediaFetchException.rejected("MediaURL cannot be requested: " + e.getMessage());
        }
    }

    /** The Location of a redirect answer, resolved against the URL asked, or null for any other answer. */
    private static URI redirect(HttpResponse<InputStream> response, URI url) {
        int status = response.statusCode();
        if (status != 301 && status != 302 && status != 303 && status != 307 && status != 308) {
            return null;
        }
        String location = response.headers().firstValue("Location").orElse(null);
        if (location == null || location.isBlank()) {
            close(response);
            throw MediaFetchException.rejected("HTTP " + status + " from " + url.getHost() + " without a Location");
        }
        try {
            return url.resolve(new URI(location.strip()));
        } catch (URISyntaxException | IllegalArgumentException e) {
            close(response);
            throw MediaFetchException.rejected("HTTP " + status + " from " + url.getHost()
                    + " redirects to an invalid URL: " + e.getMessage());
        }
    }

    private static void close(HttpResponse<InputStream> response) {
        try {
            response.body().close();
        } catch (IOException e) {
            // the connection is dropped either way
        }
    }

    private Downloaded read(HttpResponse<InputStream> response, URI url) {
        try (InputStream body = response.body()) {
            int status = response.statusCode();
            if (status / 100 != 2) {
                throw statusFailure(status, url);
            }
            String contentType = response.headers().firstValue("Content-Type").orElse(null);
            long declared = response.headers().firstValueAsLong("Content-Length").orElse(-1);
            if (declared > maxBytes) {
                throw MediaFetchException.rejected("file of " + declared + " bytes exceeds the cap of " + maxBytes
                        + " bytes (media.maxBytes)");
            }
            return save(body, declared, contentType);
        } catch (IOException e) {
            throw MediaFetchException.retry("download from " + url.getHost() + " broke off: " + e.getMessage(), true);
        }
    }

    /** Streams {@code body} to a temporary file with the size cap and digest ({@code declared} -1 = unknown). */
    Downloaded save(InputStream body, long declared, String contentType) throws IOException {
        Files.createDirectories(tempDir);
        Path file = Files.createTempFile(tempDir, "media-", ".part");
        boolean ok = false;
        try (OutputStream out = Files.newOutputStream(file)) {
            MessageDigest digest = sha256();
            byte[] buffer = new byte[BUFFER];
            long total = 0;
            int read;
            while ((read = body.read(buffer)) >= 0) {
                total += read;
                if (total > maxBytes) {
                    throw MediaFetchException.rejected("file exceeds the cap of " + maxBytes
                            + " bytes (media.maxBytes)");
                }
                digest.update(buffer, 0, read);
                out.write(buffer, 0, read);
            }
            if (declared >= 0 && total != declared) {
                throw MediaFetchException.retry("truncated transfer: " + total + " of " + declared + " bytes", true);
            }
            ok = true;
            return new Downloaded(file, HexFormat.of().formatHex(digest.digest()), total, contentType);
        } finally {
            if (!ok) {
                Files.deleteIfExists(file);
            }
        }
    }

    private static MediaFetchException statusFailure(int status, URI url) {
        String at = "HTTP " + status + " from " + url.getHost();
        return switch (status) {
            case 403, 410 -> new MediaFetchException(MediaFetchException.Outcome.EXPIRED, false,
                    at + ": the media URL has expired or is refused");
            case 404 -> MediaFetchException.rejected(at + ": the provider has no file at this media URL");
            case 408, 429 -> MediaFetchException.retry(at + ": too many requests or timeout, retrying later", false);
            default -> status >= 500 ? MediaFetchException.retry(at + ": server error", true)
                    : MediaFetchException.rejected(at + ": request refused");
        };
    }

    static MessageDigest sha256() {
        try {
            return MessageDigest.getInstance("SHA-256");
        } catch (NoSuchAlgorithmException e) {
            throw new IllegalStateException("SHA-256 is missing from this JVM", e);
        }
    }
}
