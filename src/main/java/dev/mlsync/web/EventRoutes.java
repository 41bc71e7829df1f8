package dev.mlsync.web;

import dev.mlsync.store.ChangeEvent;
import dev.mlsync.store.EventBatch;
import dev.mlsync.store.EventNotKeptException;
import io.javalin.http.Context;

import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;

/**
 * {@code GET /api/events?after=&feed=&kind=&limit=}: change events after the one with id {@code after}
 * (0 or absent: from the oldest kept), in log order, and {@code next}, the id to pass as {@code after} to
 * continue. Only events whose transaction can no longer be overtaken are listed, so a consumer that keeps
 * passing {@code next} sees every event exactly once, however writers interleave.
 */
final class EventRoutes {
    private static final Set<String> KINDS = Set.copyOf(ChangeEvent.KINDS);
    private final WebServices services;
    private final ApiRoutes api;

    EventRoutes(WebServices services, ApiRoutes api) {
        this.services = services;
        this.api = api;
    }

    void list(Context ctx) {
        Params params = Params.of(ctx, List.of("after", "feed", "kind", "limit"));
        long after = "0".equals(params.text("after")) || params.text("after") == null ? 0 : params.id("after");
        String feed = api.knownFeed(params.text("feed"), "feed");
        String kind = params.oneOf("kind", KINDS);
        int limit = params.integer("limit", 1, ApiRoutes.MAX_LIMIT, 100);
        EventBatch batch;
        try {
            batch = services.database().events().afterId(after, feed == null ? null : List.of(feed),
                    kind == null ? null : List.of(kind), limit);
        } catch (EventNotKeptException e) {
            throw new ApiException(410, "after", e.getMessage());
        }
        Map<String, Object> body = new LinkedHashMap<>();
        body.put("events", batch.events());
        body.put("next", batch.events().isEmpty() ? after : batch.events().getLast().id());
        ctx.json(body);
    }
}
