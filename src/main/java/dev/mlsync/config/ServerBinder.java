package dev.mlsync.config;

import com.fasterxml.jackson.databind.JsonNode;
import dev.mlsync.config.ServerConfig.AlertsConfig;
import java.net.URI;
import java.util.ArrayList;
import java.util.List;

/** Reads {@code server:} (and {@code server.alerts:}); the admin token falls back to {@code MLSYNC_ADMIN_TOKEN}. */
final class ServerBinder {
    private static final List<String> KEYS = List.of("bind", "adminToken", "openHealth", "openMetrics",
            "jobsPerMinute", "alerts");
    private static final List<String> ALERT_KEYS = List.of("webhooks", "longRunMinutes", "errorRatePercent",
            "staleHours", "newPhotosPerRun");

    private ServerBinder() {
    }

    static ServerConfig bind(Mapping server, Placeholders placeholders, Problems problems) {
        if (server == null) {
            return ServerConfig.ofDefaults().withAdminToken(tokenFromEnv(placeholders));
        }
        server.allowOnly(KEYS);
        BindAddress bind = bindAddress(server);
        String token = server.has("adminToken") ? server.secret("adminToken") : tokenFromEnv(placeholders);
        if (token != null && token.isBlank()) {
            problems.add(server.pathOf("adminToken"), "must not be empty; leave it out to set none");
        }
        if (bind != null && !bind.loopback() && (token == null || token.isBlank())) {
            problems.add(server.pathOf("bind"), bind + " is reachable from other machines: set server.adminToken "
                    + "(or " + ServerConfig.ADMIN_TOKEN_VARIABLE + ") or bind a loopback address such as 127.0.0.1");
        }
        Integer jobsPerMinute = positive(server, "jobsPerMinute");
        AlertsConfig alerts = alerts(server.mapping("alerts"));
        return new ServerConfig(bind, token, bool(server, "openHealth"), bool(server, "openMetrics"),
                jobsPerMinute == null ? ServerConfig.DEFAULT_JOBS_PER_MINUTE : jobsPerMinute, alerts);
    }

    private static String tokenFromEnv(Placeholders placeholders) {
        String value = placeholders.resolve("${" + ServerConfig.ADMIN_TOKEN_VARIABLE + ":-}",
                ServerConfig.ADMIN_TOKEN_VARIABLE);
        return value == null || value.isEmpty() ? null : value;
    }

    private static BindAddress bindAddress(Mapping server) {
        String text = server.text("bind");
        if (text == null) {
            return BindAddress.DEFAULT;
        }
        try {
            return BindAddress.parse(text);
        } catch (IllegalArgumentException e) {
            server.problems().add(server.pathOf("bind"), e.getMessage());
            return null;
        }
    }

    private static boolean bool(Mapping mapping, String key) {
        Boolean value = mapping.bool(key);
        return value == null || value;
    }

    private static Integer positive(Mapping mapping, String key) {
        Integer value = mapping.integer(key);
        if (value != null && value <= 0) {
            mapping.problems().add(mapping.pathOf(key), "must be > 0, was " + value);
            return null;
        }
        return value;
    }

    private static AlertsConfig alerts(Mapping alerts) {
        AlertsConfig defaults = AlertsConfig.ofDefaults();
        if (alerts == null) {
            return defaults;
        }
        alerts.allowOnly(ALERT_KEYS);
        Integer longRun = positive(alerts, "longRunMinutes");
        Integer stale = positive(alerts, "staleHours");
        Integer photos = positive(alerts, "newPhotosPerRun");
        Double rate = alerts.number("errorRatePercent");
        if (rate != null && (rate <= 0 || rate > 100)) {
            alerts.problems().add(alerts.pathOf("errorRatePercent"), "must be > 0 and <= 100, was " + rate);
            rate = null;
        }
        return new AlertsConfig(webhooks(alerts), longRun == null ? defaults.longRunMinutes() : longRun,
                rate == null ? defaults.errorRatePercent() : rate, stale == null ? defaults.staleHours() : stale,
                photos == null ? defaults.newPhotosPerRun() : photos);
    }

    /** Webhook URLs are read as secrets: a Slack webhook URL is a credential, so problems never echo it. */
    private static List<String> webhooks(Mapping alerts) {
        List<JsonNode> nodes = alerts.list("webhooks");
        List<String> urls = new ArrayList<>();
        for (int i = 0; nodes != null && i < nodes.size(); i++) {
            String at = alerts.pathOf("webhooks") + "[" + i + "]";
            String url = alerts.text(nodes.get(i), at, true);
            if (url == null) {
                continue;
            }
            try {
                URI uri = URI.create(url.trim());
                if (!"http".equals(uri.getScheme()) && !"https".equals(uri.getScheme()) || uri.getHost() == null) {
                    alerts.problems().add(at, "must be an http:// or https:// URL");
                    continue;
                }
                urls.add(uri.toString());
            } catch (IllegalArgumentException e) {
                alerts.problems().add(at, "not a valid URL");
            }
        }
        return urls;
    }
}
