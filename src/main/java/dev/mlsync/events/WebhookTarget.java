package dev.mlsync.events;

import dev.mlsync.config.EventsConfig;

import java.net.URI;
import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.util.HexFormat;

/**
 * A configured webhook as delivery sees it: its key in {@code event_webhook} (the SHA-256 of its URL, which
 * may be a credential and is never stored) and a name for logs ({@code event webhook 2 of 3}).
 */
record WebhookTarget(EventsConfig.Webhook config, URI uri, String key, String name) {
    static WebhookTarget of(EventsConfig.Webhook config, int index, int count) {
        return new WebhookTarget(config, URI.create(config.url()), keyOf(config.url()),
                "event webhook " + (index + 1) + " of " + count);
    }

    static String keyOf(String url) {
        try {
            return HexFormat.of().formatHex(MessageDigest.getInstance("SHA-256")
                    .digest(url.getBytes(StandardCharsets.UTF_8)));
        } catch (NoSuchAlgorithmException e) {
            throw new IllegalStateException("SHA-256 is not available in this JVM", e);
        }
    }

    @Override
    public String toString() {
        return name;
    }
}
