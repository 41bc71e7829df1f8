package dev.mlsync.config;

import java.util.List;

/**
 * The {@code server:} section: how {@code mlsync serve} listens and who may use its API.
 * {@link #toString()} never prints the admin token.
 *
 * @param bind          address and port to listen on (default 127.0.0.1:8080)
 * @param adminToken    the bearer token every {@code /api} route requires ({@code MLSYNC_ADMIN_TOKEN} when not in
 *                      the file), or null
 * @param openHealth    {@code /health/*} answers without the token (default true)
 * @param openMetrics   {@code /metrics} answers without the token (default true)
 * @param jobsPerMinute manual job creations allowed per token and minute (default 30)
 * @param alerts        alert thresholds and webhooks
 */
public record ServerConfig(BindAddress bind, String adminToken, boolean openHealth, boolean openMetrics,
                           int jobsPerMinute, AlertsConfig alerts) {
    public static final String ADMIN_TOKEN_VARIABLE = "MLSYNC_ADMIN_TOKEN";
    public static final int DEFAULT_JOBS_PER_MINUTE = 30;

    public ServerConfig {
        bind = bind == null ? BindAddress.DEFAULT : bind;
        alerts = alerts == null ? AlertsConfig.ofDefaults() : alerts;
    }

    public static ServerConfig ofDefaults() {
        return new ServerConfig(BindAddress.DEFAULT, null, true, true, DEFAULT_JOBS_PER_MINUTE, AlertsConfig.ofDefaults());
    }

    public boolean hasAdminToken() {
        return adminToken != null && !adminToken.isEmpty();
    }

    public ServerConfig withBind(BindAddress newBind) {
        return new ServerConfig(newBind, adminToken, openHealth, openMetrics, jobsPerMinute, alerts);
    }

    public ServerConfig withAdminToken(String token) {
        return new ServerConfig(bind, token, openHealth, openMetrics, jobsPerMinute, alerts);
    }

    @Override
    public String toString() {
        return "ServerConfig[bind=" + bind + ", adminToken=" + (hasAdminToken() ? "***" : null) + ", openHealth="
                + openHealth + ", openMetrics=" + openMetrics + ", jobsPerMinute=" + jobsPerMinute + ", alerts="
                + alerts + "]";
    }

    /**
     * When alerts fire, and where they go besides the log and {@code GET /api/alerts}.
     *
     * @param webhooks          URLs that receive each alert as JSON with a Slack-compatible {@code text}
     * @param longRunMinutes    a run still going after this long fires {@code run_too_long} (default 30)
     * @param errorRatePercent  a run whose failed share of records exceeds this fires {@code error_rate} (default 5)
     * @param staleHours        no successful run for this long fires {@code no_recent_success} (default 24)
     * @param newPhotosPerRun   a run bringing more media than this fires {@code many_new_photos} (default 5000)
     */
    public record AlertsConfig(List<String> webhooks, int longRunMinutes, double errorRatePercent, int staleHours,
                               int newPhotosPerRun) {
        public static final int DEFAULT_LONG_RUN_MINUTES = 30;
        public static final double DEFAULT_ERROR_RATE_PERCENT = 5.0;
        public static final int DEFAULT_STALE_HOURS = 24;
        public static final int DEFAULT_NEW_PHOTOS_PER_RUN = 5000;

        public AlertsConfig {
            webhooks = List.copyOf(webhooks);
        }

        public static AlertsConfig ofDefaults() {
            return new AlertsConfig(List.of(), DEFAULT_LONG_RUN_MINUTES, DEFAULT_ERROR_RATE_PERCENT,
                    DEFAULT_STALE_HOURS, DEFAULT_NEW_PHOTOS_PER_RUN);
        }

        /** Webhook URLs often are secrets themselves (Slack's are): only their count is shown. */
        @Override
        public String toString() {
            return "AlertsConfig[webhooks=" + webhooks.size() + ", longRunMinutes=" + longRunMinutes
                    + ", errorRatePercent=" + errorRatePercent + ", staleHours=" + staleHours
                    + ", newPhotosPerRun=" + newPhotosPerRun + "]";
        }
    }
}
