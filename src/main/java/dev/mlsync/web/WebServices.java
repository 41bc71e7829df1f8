package dev.mlsync.web;

import dev.mlsync.config.MlsyncConfig;
import dev.mlsync.jobs.JobService;
import dev.mlsync.store.AlertRow;
import dev.mlsync.store.Database;

import java.time.Clock;
import java.util.List;
import java.util.function.BooleanSupplier;
import java.util.function.Supplier;

/**
 * What the HTTP layer calls; built by the composition root. The routes hold no business logic.
 *
 * @param schedulerRunning whether this process's job scheduler runs (for readiness), or null without one
 * @param alerts           open and recent alerts for {@code GET /api/alerts}, or null without alerting
 * @param diff             compares a replica record with the provider's now ({@code …/diff}), or null without it
 */
public record WebServices(MlsyncConfig config, Database database, Clock clock, Metrics metrics, JobService jobs,
                          BooleanSupplier schedulerRunning, Supplier<List<AlertRow>> alerts,
                          dev.mlsync.replicate.ListingDiff diff) {
    public WebServices(MlsyncConfig config, Database database, Clock clock, Metrics metrics, JobService jobs,
                       BooleanSupplier schedulerRunning, Supplier<List<AlertRow>> alerts) {
        this(config, database, clock, metrics, jobs, schedulerRunning, alerts, null);
    }
}
