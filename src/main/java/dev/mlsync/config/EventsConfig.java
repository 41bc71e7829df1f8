package dev.mlsync.config;

import java.util.List;

/**
 * The {@code events:} section: where change events are delivered, and how long they are kept.
 *
 * @param webhooks      receivers of every event (matching their filters) as signed JSON POSTs
 * @param retentionDays events older than this are removed once every webhook has them (default 30)
 */
public record EventsConfig(List<Webhook> webhooks, int retentionDays) {
    public static final int DEFAULT_RETENTION_DAYS = 30;
    /** Every kind of change event the outbox holds (see V8__lifecycle.sql); webhooks filter on these. */
    public static final List<String> KINDS = List.of("created", "updated", "status_changed", "deleted", "restored",
            "purged", "media_changed", "conflict_opened", "conflict_resolved");

    public EventsConfig {
        webhooks = List.copyOf(webhooks);
        if (retentionDays <= 0) {
            throw new IllegalArgumentException("events.retentionDays must be > 0, was " + retentionDays);
        }
    }

    public static EventsConfig ofDefaults() {
        return new EventsConfig(List.of(), DEFAULT_RETENTION_DAYS);
    }

    /** Webhook URLs and secrets are credentials: only the count is shown. */
    @Override
    public String toString() {
        return "EventsConfig[webhooks=" + webhooks.size() + ", retentionDays=" + retentionDays + "]";
    }

    /**
     * One event webhook. {@link #toString()} shows neither the URL nor the secret.
     *
     * @param url    where events are POSTed (a credential: never logged or shown)
     * @param secret the HMAC-SHA256 key of the {@code X-Mlsync-Signature} header
     * @param kinds  only events of these kinds, or null for all
     * @param feeds  only events of these feeds, or null for all
     */
    public record Webhook(String url, String secret, List<String> kinds, List<String> feeds) {
        public Webhook {
            if (url == null || secret == null || secret.isEmpty()) {
                throw new IllegalArgumentException("an event webhook needs a url and a secret");
            }
            kinds = kinds == null ? null : List.copyOf(kinds);
            feeds = feeds == null ? null : List.copyOf(feeds);
        }

        @Override
        public String toString() {
            return "Webhook[url=***, secret=***, kinds=" + kinds + ", feeds=" + feeds + "]";
        }
    }
}
