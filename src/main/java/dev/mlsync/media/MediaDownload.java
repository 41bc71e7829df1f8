package dev.mlsync.media;

import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.net.URI;
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

/**
 * One GET of a media URL, streamed to a temporary file while its SHA-256 is computed, with a size cap
 * (a body larger than the cap is abandoned, never buffered). The status decides the outcome: 2xx goes on,
 * 403/410 means the signed URL expired, 404 and other 4xx reject this version of the photo, 429/5xx and
 * transport errors (a body cut short included) are retried.
 */
final class MediaDownload {
    private static final Duration TIMEOUT = Duration.ofSeconds(60);
    private static final int BUFFER = 64 * 1024;

    private final long maxBytes;
    private final Path tempDir;

    MediaDownload(long maxBytes, Path tempDir) {
        this.maxBytes = maxBytes;
        this.tempDir = tempDir;
    }

    /** The downloaded file (the caller deletes it), its digest, size and the Content-Type the server claimed. */
    record Downloaded(Path file, String sha256, long bytes, String contentType) {
    }

    Downloaded fetch(HttpClient http, URI url, Map<String, String> headers) throws InterruptedException {
        HttpRequest.Builder request = HttpRequest.newBuilder(url).timeout(TIMEOUT).GET()
                .header("Accept", "image/*");
        headers.forEach(request::header);
        HttpResponse<InputStream> response;
        try {
            response = http.send(request.build(), HttpResponse.BodyHandlers.ofInputStream());
        } catch (IOException e) {
            throw MediaFetchException.retry("connection to " + url.getHost() + " failed: " + e, true);
        }
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

    private Downloaded save(InputStream body, long declared, String contentType) throws IOException {
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
