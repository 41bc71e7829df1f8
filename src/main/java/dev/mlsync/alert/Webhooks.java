package dev.mlsync.alert;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.SerializationFeature;
import com.fasterxml.jackson.datatype.jsr310.JavaTimeModule;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.TimeUnit;

/**
 * Posts alerts as JSON (with a Slack-compatible {@code text}) to every configured webhook, retrying a
 * failed delivery after each of {@code retryDelays} on the scheduler, never blocking the caller.
 * Webhook URLs are credentials (Slack's are): logs name a webhook by its position only.
 */
final class Webhooks {
    private static final Logger LOG = LoggerFactory.getLogger(Webhooks.class);
    private static final ObjectMapper MAPPER = new ObjectMapper().registerModule(new JavaTimeModule())
            .disable(SerializationFeature.WRITE_DATES_AS_TIMESTAMPS);

    private final List<URI> urls;
    private final HttpClient http;
    private final ScheduledExecutorService scheduler;
    private final List<Duration> retryDelays;

    Webhooks(List<String> urls, HttpClient http, ScheduledExecutorService scheduler, List<Duration> retryDelays) {
        this.urls = urls.stream().map(URI::create).toList();
        this.http = http;
        this.scheduler = scheduler;
        this.retryDelays = List.copyOf(retryDelays);
    }

    void deliver(Map<String, Object> payload) {
        String body;
        try {
            body = MAPPER.writeValueAsString(payload);
        } catch (JsonProcessingException e) {
            throw new IllegalStateException("cannot write an alert as JSON", e);
        }
        for (int i = 0; i < urls.size(); i++) {
            int index = i;
            scheduler.execute(() -> attempt(index, body, 0));
        }
    }

    private void attempt(int index, String body, int attempt) {
        String name = "webhook " + (index + 1) + " of " + urls.size();
        String failure;
        try {
            HttpRequest request = HttpRequest.newBuilder(urls.get(index)).timeout(Duration.ofSeconds(10))
                    .header("Content-Type", "application/json").POST(HttpRequest.BodyPublishers.ofString(body)).build();
            int status = http.send(request, HttpResponse.BodyHandlers.discarding()).statusCode();
            if (status / 100 == 2) {
                return;
            }
            failure = "HTTP " + status;
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            return;
        } catch (Exception e) {
            failure = e.getClass().getSimpleName();
        }
        if (attempt >= retryDelays.size()) {
            LOG.warn("alert not delivered to {} ({}) after {} attempts; it stays in GET /api/alerts", name, failure,
                    attempt + 1);
            return;
        }
        Duration delay = retryDelays.get(attempt);
        LOG.info("alert delivery to {} failed ({}); retrying in {} s, attempt {} of {}", name, failure,
                delay.toSeconds(), attempt + 2, retryDelays.size() + 1);
        scheduler.schedule(() -> attempt(index, body, attempt + 1), delay.toMillis(), TimeUnit.MILLISECONDS);
    }
}
