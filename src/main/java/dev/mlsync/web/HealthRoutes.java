package dev.mlsync.web;

import io.javalin.http.Context;

import java.util.LinkedHashMap;
import java.util.Map;
import java.util.Set;

/** {@code /health/live} (the process answers) and {@code /health/ready} (it can do its work). */
final class HealthRoutes {
    private final WebServices services;

    HealthRoutes(WebServices services) {
        this.services = services;
    }

    void live(Context ctx) {
        Params.of(ctx, Set.of());
        ctx.json(Map.of("status", "up"));
    }

    /** Ready when the database answers, no migration is pending and (when there is one) the scheduler runs. */
    void ready(Context ctx) {
        Params.of(ctx, Set.of());
        Map<String, Object> checks = new LinkedHashMap<>();
        boolean ready = true;
        try {
            int pending = services.database().pendingMigrations();
            checks.put("database", "ok");
            checks.put("migrations", pending == 0 ? "current" : pending + " pending");
            ready = pending == 0;
        } catch (RuntimeException e) {
            checks.put("database", e.getMessage());
            checks.put("migrations", "unknown");
            ready = false;
        }
        if (services.schedulerRunning() != null) {
            boolean running = services.schedulerRunning().getAsBoolean();
            checks.put("scheduler", running ? "running" : "stopped");
            ready &= running;
        }
        Map<String, Object> body = new LinkedHashMap<>();
        body.put("status", ready ? "ready" : "not ready");
        body.put("checks", checks);
        ctx.status(ready ? 200 : 503).json(body);
    }

    void metrics(Context ctx) {
        Params.of(ctx, Set.of());
        ctx.contentType("text/plain; version=0.0.4; charset=utf-8").result(services.metrics().scrape());
    }
}
