package dev.mlsync.web;

import io.javalin.http.Context;

import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;

/**
 * Checks {@code Authorization: Bearer <admin token>}. Both sides are hashed first and compared with
 * {@link MessageDigest#isEqual}, so neither the token's content nor its length leaks through timing.
 * Without a configured token every protected request is refused (the server only starts that way on
 * a loopback address, where the dashboard then cannot be used either: the token is the only key).
 */
final class AdminAuth {
    private static final String PREFIX = "Bearer ";
    private final byte[] expectedDigest;

    AdminAuth(String adminToken) {
        this.expectedDigest = adminToken == null || adminToken.isEmpty() ? null : digest(adminToken);
    }

    /** Throws a 401 {@link ApiException} unless the request carries the admin token. */
    void require(Context ctx) {
        if (!accepts(ctx.header("Authorization"))) {
            ctx.header("WWW-Authenticate", "Bearer realm=\"mlsync\"");
            throw new ApiException(401, "Authorization", expectedDigest == null
                    ? "no admin token is configured: set MLSYNC_ADMIN_TOKEN or server.adminToken and restart"
                    : "missing or wrong admin token: send Authorization: Bearer <token>");
        }
    }

    boolean accepts(String header) {
        if (expectedDigest == null || header == null || !header.regionMatches(true, 0, PREFIX, 0, PREFIX.length())) {
            return false;
        }
        return MessageDigest.isEqual(expectedDigest, digest(header.substring(PREFIX.length()).trim()));
    }

    /** An id for the presented token (for per-token rate limits) that is not the token. */
    static String tokenId(Context ctx) {
        String header = ctx.header("Authorization");
        return header == null ? "-" : java.util.HexFormat.of().formatHex(digest(header)).substring(0, 16);
    }

    private static byte[] digest(String text) {
        try {
            return MessageDigest.getInstance("SHA-256").digest(text.getBytes(StandardCharsets.UTF_8));
        } catch (NoSuchAlgorithmException e) {
            throw new IllegalStateException("every JVM has SHA-256", e);
        }
    }
}
