package dev.mlsync.config;

import com.fasterxml.jackson.databind.JsonNode;

import java.net.URI;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Set;

/** Reads {@code events:}. Webhook URLs and secrets are read as secrets: problems never echo them. */
final class EventsBinder {
    private static final List<String> KEYS = List.of("webhooks", "retentionDays");
    private static final List<String> WEBHOOK_KEYS = List.of("url", "secret", "kinds", "feeds");

    private EventsBinder() {
    }

    static EventsConfig bind(Mapping events, Set<String> feedIds, Placeholders placeholders) {
        if (events == null) {
            return EventsConfig.ofDefaults();
        }
        events.allowOnly(KEYS);
        Integer retention = events.integer("retentionDays");
        if (retention != null && retention <= 0) {
            events.problems().add(events.pathOf("retentionDays"), "must be > 0, was " + retention);
            retention = null;
        }
        List<EventsConfig.Webhook> webhooks = new ArrayList<>();
        List<JsonNode> nodes = events.list("webhooks");
        Set<String> urls = new HashSet<>();
        for (int i = 0; nodes != null && i < nodes.size(); i++) {
            Mapping webhook = Mapping.of(nodes.get(i), events.pathOf("webhooks") + "[" + i + "]", placeholders,
                    events.problems());
            EventsConfig.Webhook bound = webhook == null ? null : webhook(webhook, feedIds);
            if (bound != null && !urls.add(bound.url())) {
                events.problems().add(webhook.pathOf("url"), "the same URL as an earlier webhook");
            } else if (bound != null) {
                webhooks.add(bound);
            }
        }
        return new EventsConfig(webhooks, retention == null ? EventsConfig.DEFAULT_RETENTION_DAYS : retention);
    }

    private static EventsConfig.Webhook webhook(Mapping webhook, Set<String> feedIds) {
        webhook.allowOnly(WEBHOOK_KEYS);
        String url = url(webhook);
        String secret = webhook.secret("secret");
        if (!webhook.has("secret")) {
            webhook.problems().add(webhook.pathOf("secret"), "required: receivers verify X-Mlsync-Signature with it");
        } else if (secret != null && secret.isEmpty()) {
            webhook.problems().add(webhook.pathOf("secret"), "must not be empty");
        }
        List<String> kinds = names(webhook, "kinds", EventsConfig.KINDS);
        List<String> feeds = names(webhook, "feeds", List.copyOf(feedIds));
        return url == null || secret == null || secret.isEmpty() ? null
                : new EventsConfig.Webhook(url, secret, kinds, feeds);
    }

    private static String url(Mapping webhook) {
        if (!webhook.has("url")) {
            webhook.problems().add(webhook.pathOf("url"), "required");
            return null;
        }
        String text = webhook.secret("url");
        if (text == null) {
            return null;
        }
        try {
            URI uri = URI.create(text.trim());
            if (("http".equals(uri.getScheme()) || "https".equals(uri.getScheme())) && uri.getHost() != null) {
                return uri.toString();
            }
        } catch (IllegalArgumentException e) {
            // reported below, without the URL
        }
        webhook.problems().add(webhook.pathOf("url"), "must be an http:// or https:// URL");
        return null;
    }

    /** A list of names each in {@code allowed}; null when absent (meaning all). */
    private static List<String> names(Mapping webhook, String key, List<String> allowed) {
        if (!webhook.has(key)) {
            return null;
        }
        List<JsonNode> nodes = webhook.list(key);
        List<String> names = new ArrayList<>();
        for (int i = 0; nodes != null && i < nodes.size(); i++) {
            String at = webhook.pathOf(key) + "[" + i + "]";
            String name = webhook.text(nodes.get(i), at, false);
            if (name != null && !allowed.contains(name)) {
                webhook.problems().add(at, "unknown " + key.substring(0, key.length() - 1) + " " + Mapping.quote(name)
                        + "; one of " + String.join(", ", allowed));
            } else if (name != null) {
                names.add(name);
            }
        }
        if (nodes != null && nodes.isEmpty()) {
            webhook.problems().add(webhook.pathOf(key), "must not be empty; leave it out for all");
        }
        return names;
    }
}
