package dev.mlsync.events;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.SerializationFeature;
import com.fasterxml.jackson.datatype.jsr310.JavaTimeModule;
import dev.mlsync.config.EventsConfig;
import dev.mlsync.store.ChangeEvent;
import dev.mlsync.store.Database;
import dev.mlsync.store.EventBatch;
import dev.mlsync.store.EventStore;
import dev.mlsync.store.WebhookState;
import dev.mlsync.store.WebhookStore;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.time.temporal.ChronoUnit;
import java.util.List;
import java.util.Map;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.ThreadLocalRandom;
import java.util.concurrent.TimeUnit;
import java.util.stream.Collectors;

/**
 * Delivers change events to the configured webhooks and removes events past their retention.
 *
 * <p>Each webhook gets its events in log order (see {@link EventStore}), in batches of up to
 * {@link #BATCH_SIZE}, POSTed as {@code {"events": [...]}} signed with {@link WebhookSignature}. A batch is
 * marked delivered only after a 2xx answer, so delivery is at least once: after a failure, a crash or a lost
 * lease the same batch (same event ids) comes again. Failures wait {@link Backoff} (exponential, full
 * jitter), kept in {@code event_webhook} with the position, so delivery resumes where it was after a
 * restart. One process at a time delivers a webhook, cluster-wide: the holder of its lease.
 */
public final class EventDelivery implements AutoCloseable {
    public static final Duration POLL = Duration.ofSeconds(1);
    static final int BATCH_SIZE = 100;
    static final Duration LEASE = Duration.ofMinutes(1);
    /** A pass stops taking batches after this long, so the lease (renewed per batch) never lapses mid-pass. */
    static final Duration PASS_BUDGET = Duration.ofSeconds(20);
    static final Duration PURGE_EVERY = Duration.ofHours(1);
    private static final Duration REQUEST_TIMEOUT = Duration.ofSeconds(10);
    private static final Logger LOG = LoggerFactory.getLogger(EventDelivery.class);
    private static final ObjectMapper MAPPER = new ObjectMapper().registerModule(new JavaTimeModule())
            .disable(SerializationFeature.WRITE_DATES_AS_TIMESTAMPS);

    private final EventsConfig config;
    private final EventStore events;
    private final WebhookStore webhooks;
    private final Clock clock;
    private final HttpClient http;
    private final String owner;
    private final Backoff backoff;
    private final List<WebhookTarget> targets;
    private final ScheduledExecutorService executor;
    private boolean registered;
    private Instant lastPurge = Instant.MIN;

    EventDelivery(EventsConfig config, Database database, Clock clock, HttpClient http, String owner, Backoff backoff) {
        this.config = config;
        this.events = database.events();
        this.webhooks = database.webhooks();
        this.clock = clock;
        this.http = http;
        this.owner = owner;
        this.backoff = backoff;
        int count = config.webhooks().size();
        this.targets = java.util.stream.IntStream.range(0, count)
                .mapToObj(i -> WebhookTarget.of(config.webhooks().get(i), i, count)).toList();
        this.executor = Executors.newSingleThreadScheduledExecutor(runnable -> {
            Thread thread = new Thread(runnable, "mlsync-events");
            thread.setDaemon(true);
            return thread;
        });
    }

    /** Delivery with the default backoff, not started: call {@link #deliverDue()} (tests) or {@link #start()}. */
    public static EventDelivery of(EventsConfig config, Database database, Clock clock, HttpClient http, String owner) {
        return new EventDelivery(config, database, clock, http, owner,
                new Backoff(Backoff.BASE, Backoff.MAX, () -> ThreadLocalRandom.current().nextDouble()));
    }

    /** Runs {@link #deliverDue()} every {@link #POLL} on its own thread until closed. */
    public EventDelivery start() {
        executor.scheduleWithFixedDelay(this::deliverQuietly, 0, POLL.toMillis(), TimeUnit.MILLISECONDS);
        if (!targets.isEmpty()) {
            LOG.info("delivering change events to {} webhook(s); events are kept {} days", targets.size(),
                    config.retentionDays());
        }
        return this;
    }

    /**
     * One pass, on the calling thread: every webhook whose lease this process holds (or takes) and whose
     * retry time has come gets its pending events, then old events are purged if an hour has passed.
     * Returns the number of events delivered.
     */
    public synchronized int deliverDue() {
        if (!registered) {
            targets.forEach(target -> webhooks.register(target.key(), clock.instant()));
            registered = true;
        }
        int delivered = 0;
        try {
            for (WebhookTarget target : targets) {
                delivered += deliver(target);
            }
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt(); // closing: the batch in flight is not marked, so it comes again
            return delivered;
        }
        purgeWhenDue();
        return delivered;
    }

    private int deliver(WebhookTarget target) throws InterruptedException {
        Instant started = clock.instant();
        int delivered = 0;
        while (!clock.instant().isAfter(started.plus(PASS_BUDGET))) {
            Instant now = clock.instant();
            WebhookState state = webhooks.lease(target.key(), owner, now, now.plus(LEASE)).orElse(null);
            if (state == null || state.nextAttemptAt() != null && now.isBefore(state.nextAttemptAt())) {
                return delivered; // another process delivers it, or its retry time has not come
            }
            EventBatch batch = events.after(state.delivered(), target.config().feeds(), target.config().kinds(),
                    BATCH_SIZE);
            if (batch.events().isEmpty()) {
                if (!batch.horizon().equals(state.delivered())) {
                    webhooks.delivered(target.key(), owner, batch.horizon(), now);
                }
                return delivered;
            }
            String failure = post(target, batch.events());
            if (failure != null) {
                failed(target, state, failure);
                return delivered;
            }
            if (!webhooks.delivered(target.key(), owner, batch.horizon(), clock.instant())) {
                LOG.warn("{}: lease lost while delivering; the process holding it now delivers (maybe these {} "
                        + "events again)", target, batch.events().size());
                return delivered;
            }
            delivered += batch.events().size();
            if (batch.events().size() < BATCH_SIZE) {
                return delivered;
            }
        }
        return delivered;
    }

    /** Null when the receiver answered 2xx; otherwise what went wrong, without the URL. */
    private String post(WebhookTarget target, List<ChangeEvent> batch) throws InterruptedException {
        byte[] body = body(batch);
        HttpRequest request = HttpRequest.newBuilder(target.uri()).timeout(REQUEST_TIMEOUT)
                .header("Content-Type", "application/json")
                .header("User-Agent", "mlsync")
                .header("X-Mlsync-Event-Id", batch.stream().map(e -> e.eventId().toString())
                        .collect(Collectors.joining(",")))
                .header("X-Mlsync-Timestamp", String.valueOf(clock.instant().getEpochSecond()))
                .header(WebhookSignature.HEADER, WebhookSignature.of(target.config().secret(), body))
                .POST(HttpRequest.BodyPublishers.ofByteArray(body)).build();
        try {
            int status = http.send(request, HttpResponse.BodyHandlers.discarding()).statusCode();
            return status / 100 == 2 ? null : "HTTP " + status;
        } catch (java.io.IOException e) {
            return e.getClass().getSimpleName();
        }
    }

    static byte[] body(List<ChangeEvent> batch) {
        try {
            return MAPPER.writeValueAsBytes(Map.of("events", batch));
        } catch (JsonProcessingException e) {
            throw new IllegalStateException("cannot write change events as JSON", e);
        }
    }

    private void failed(WebhookTarget target, WebhookState state, String failure) {
        int attempts = state.attempts() + 1;
        Instant next = clock.instant().plus(backoff.after(attempts));
        webhooks.failed(target.key(), owner, attempts, next, failure);
        LOG.warn("{}: delivery of events after id {} failed ({}); retrying at {}, attempt {}", target,
                state.delivered().id(), failure, next.truncatedTo(ChronoUnit.SECONDS), attempts + 1);
    }

    private void purgeWhenDue() {
        Instant now = clock.instant();
        if (now.isBefore(lastPurge.plus(PURGE_EVERY))) {
            return;
        }
        lastPurge = now;
        int purged = events.purge(now.minus(Duration.ofDays(config.retentionDays())),
                targets.stream().map(WebhookTarget::key).toList());
        if (purged > 0) {
            LOG.info("removed {} change events older than {} days (every webhook had them)", purged,
                    config.retentionDays());
        }
    }

    private void deliverQuietly() {
        try {
            deliverDue();
        } catch (RuntimeException e) {
            LOG.warn("change-event delivery failed ({}); trying again in {} s", e.getMessage(), POLL.toSeconds());
        }
    }

    /** Stops delivering and gives the leases up, so another process takes over at once. */
    @Override
    public void close() {
        executor.shutdownNow();
        try {
            executor.awaitTermination(REQUEST_TIMEOUT.toSeconds() + 1, TimeUnit.SECONDS);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
        for (WebhookTarget target : targets) {
            try {
                webhooks.release(target.key(), owner);
            } catch (RuntimeException e) {
                LOG.info("{}: lease not released ({}); it lapses within {} s", target, e.getMessage(),
                        LEASE.toSeconds());
            }
        }
    }
}
