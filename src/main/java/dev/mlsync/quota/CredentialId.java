package dev.mlsync.quota;

import dev.mlsync.config.AuthConfig;
import dev.mlsync.config.FeedConfig;
import java.net.URI;
import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.util.HexFormat;
import java.util.Locale;

/**
 * Names a credential without revealing it: the provider and 16 hex digits of SHA-256 over provider, the
 * service's origin (scheme, host and port, not its path) and the secret. Feeds (and deployments) on the same
 * token get the same id and so share windows, also when they use other paths of the provider (another Bridge
 * dataset, {@code /v2} beside {@code /v2/}): a provider counts a token's requests wherever they go.
 */
final class CredentialId {
    private static final int HEX_DIGITS = 16;

    private CredentialId() {
    }

    static String of(FeedConfig feed) {
        return id(feed, origin(feed.baseUrl()));
    }

    /** The id stop 13 and before gave: over the whole service root, so each path of one token had its own windows. */
    static String legacy(FeedConfig feed) {
        return id(feed, String.valueOf(feed.baseUrl()));
    }

    private static String id(FeedConfig feed, String service) {
        AuthConfig auth = feed.auth() == null ? AuthConfig.none() : feed.auth();
        String material = String.join("\n", feed.provider().configName(), service,
                auth.type().name(), String.valueOf(auth.token()), String.valueOf(auth.tokenUrl()),
                String.valueOf(auth.clientId()), String.valueOf(auth.clientSecret()));
        return feed.provider().configName() + "-" + sha256(material).substring(0, HEX_DIGITS);
    }

    /** {@code scheme://host:port} in lower case, the port made explicit; the whole URI when it has no host. */
    static String origin(URI uri) {
        if (uri == null || uri.getHost() == null || uri.getScheme() == null) {
            return String.valueOf(uri);
        }
        String scheme = uri.getScheme().toLowerCase(Locale.ROOT);
        int port = uri.getPort() != -1 ? uri.getPort() : scheme.equals("https") ? 443 : scheme.equals("http") ? 80 : -1;
        return scheme + "://" + uri.getHost().toLowerCase(Locale.ROOT) + ":" + port;
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
