package dev.mlsync.quota;

import dev.mlsync.config.AuthConfig;
import dev.mlsync.config.FeedConfig;
import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.util.HexFormat;

/**
 * Names a credential without revealing it: the provider and 16 hex digits of SHA-256 over provider,
 * service root and secret. Feeds (and deployments) on the same token get the same id and so share windows.
 */
final class CredentialId {
    private static final int HEX_DIGITS = 16;

    private CredentialId() {
    }

    static String of(FeedConfig feed) {
        AuthConfig auth = feed.auth() == null ? AuthConfig.none() : feed.auth();
        String material = String.join("\n", feed.provider().configName(), String.valueOf(feed.baseUrl()),
                auth.type().name(), String.valueOf(auth.token()), String.valueOf(auth.tokenUrl()),
                String.valueOf(auth.clientId()), String.valueOf(auth.clientSecret()));
        return feed.provider().configName() + "-" + sha256(material).substring(0, HEX_DIGITS);
    }

    private static String sha256(String text) {
        try {
            byte[] digest = MessageDigest.getInstance("SHA-256").digest(text.getBytes(StandardCharsets.UTF_8));
            return HexFormat.of().formatHex(digest);
        } catch (NoSuchAlgorithmException e) {
            throw new IllegalStateException("every JVM has SHA-256", e);
        }
    }
}
