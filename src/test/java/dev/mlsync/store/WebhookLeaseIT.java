package dev.mlsync.store;

import dev.mlsync.testing.TestPostgres;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

import java.time.Duration;
import java.time.Instant;

import static org.assertj.core.api.Assertions.assertThat;

/** One process at a time delivers a webhook; its position and retry state survive it. */
class WebhookLeaseIT {
    private static final Instant T0 = Instant.parse("2026-06-01T00:00:00Z");
    private static final Duration LEASE = Duration.ofMinutes(1);
    private static Database database;

    @BeforeAll
    static void open() {
        database = TestPostgres.freshDatabase();
    }

    @AfterAll
    static void close() {
        database.close();
    }

    @Test
    void a_held_lease_should_exclude_others_until_it_lapses_or_is_released() {
        WebhookStore webhooks = database.webhooks();
        webhooks.register("hook-a", T0);
        webhooks.register("hook-a", T0.plusSeconds(5)); // a second process registering changes nothing
        assertThat(webhooks.lease("hook-a", "p1", T0, T0.plus(LEASE))).isPresent();
        assertThat(webhooks.lease("hook-a", "p2", T0.plusSeconds(30), T0.plusSeconds(30).plus(LEASE))).isEmpty();

        Instant lapsed = T0.plus(LEASE).plusSeconds(1);
        assertThat(webhooks.lease("hook-a", "p2", lapsed, lapsed.plus(LEASE))).isPresent();
        assertThat(webhooks.delivered("hook-a", "p1", new EventPosition("5", 7), lapsed))
                .as("the process that lost the lease cannot move the position").isFalse();
        assertThat(webhooks.failed("hook-a", "p2", 3, lapsed.plusSeconds(8), "HTTP 500")).isTrue();
        webhooks.release("hook-a", "p2");

        WebhookState state = webhooks.lease("hook-a", "p3", lapsed, lapsed.plus(LEASE)).orElseThrow();
        assertThat(state.attempts()).isEqualTo(3);
        assertThat(state.nextAttemptAt()).isEqualTo(lapsed.plusSeconds(8));
        assertThat(webhooks.delivered("hook-a", "p3", new EventPosition("9", 11), lapsed)).isTrue();
        WebhookState after = webhooks.lease("hook-a", "p3", lapsed, lapsed.plus(LEASE)).orElseThrow();
        assertThat(after.delivered()).isEqualTo(new EventPosition("9", 11));
        assertThat(after.attempts()).isZero();
        assertThat(after.nextAttemptAt()).isNull();
    }

    @Test
    void purge_should_keep_old_events_a_webhook_has_not_delivered() {
        WebhookStore webhooks = database.webhooks();
        EventStore events = database.events();
        webhooks.register("hook-p", T0);
        long first = events.append(new NewEvent("purge", "Property", "A", "created", null, null));
        long second = events.append(new NewEvent("purge", "Property", "B", "created", null, null));
        EventPosition firstAt = events.positionOf(first).orElseThrow();
        webhooks.lease("hook-p", "p1", T0, T0.plus(LEASE));
        webhooks.delivered("hook-p", "p1", firstAt, T0);

        Instant future = Instant.now().plus(Duration.ofDays(1));
        events.purge(future, java.util.List.of("hook-p"));
        assertThat(events.positionOf(first)).as("delivered and old: removed").isEmpty();
        assertThat(events.positionOf(second)).as("old but not delivered yet: kept").isPresent();
    }
}
