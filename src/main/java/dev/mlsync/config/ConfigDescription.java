package dev.mlsync.config;

import java.util.StringJoiner;

/** The human summary of a valid configuration, as {@code mlsync config check} prints it. No secrets. */
final class ConfigDescription {
    private ConfigDescription() {
    }

    static String of(MlsyncConfig config) {
        StringJoiner lines = new StringJoiner("\n");
        lines.add("database: " + database(config.database()));
        if (config.feeds().isEmpty()) {
            lines.add("feeds: none");
        } else {
            lines.add("feeds: " + config.feeds().size());
            config.feeds().forEach(feed -> lines.add("  " + feed(feed)));
        }
        return lines.toString();
    }

    private static String database(DatabaseConfig database) {
        if (database.embedded()) {
            return "embedded PostgreSQL, data in " + database.embeddedDir();
        }
        String user = database.user() == null ? "" : ", user " + database.user();
        String password = database.password() == null ? "" : ", password set";
        return Secrets.redactUrl(database.url()) + user + password;
    }

    private static String feed(FeedConfig feed) {
        String origin = feed.originatingSystem() == null ? "" : " originatingSystem=" + feed.originatingSystem();
        return feed.id() + ": provider=" + feed.provider().configName()
                + " baseUrl=" + Secrets.redactUrl(String.valueOf(feed.baseUrl()))
                + " auth=" + auth(feed.auth())
                + origin
                + " resources=" + String.join(",", feed.resources())
                + " pageSize=" + feed.pageSize()
                + limits(feed.limits())
                + (feed.quota().share() == QuotaConfig.DEFAULT_SHARE ? "" : " quota.share=" + feed.quota().share())
                + rets(feed.rets());
    }

    /** Only the limits the feed sets itself; the preset's are documented. */
    private static String limits(RateLimits limits) {
        StringJoiner set = new StringJoiner(",", " limits=", "").setEmptyValue("");
        if (limits.perSecond() != null) {
            set.add(limits.perSecond() + "/s");
        }
        if (limits.perMinute() != null) {
            set.add(limits.perMinute() + "/min");
        }
        if (limits.perHour() != null) {
            set.add(limits.perHour() + "/h");
        }
        if (limits.perDay() != null) {
            set.add(limits.perDay() + "/day");
        }
        return set.toString();
    }

    private static String rets(RetsConfig rets) {
        if (rets == null) {
            return "";
        }
        return " rets=" + rets.resource() + ":" + String.join(",", rets.classes()) + " format=" + rets.format().wireName()
                + " photos=" + rets.photos().name().toLowerCase(java.util.Locale.ROOT)
                + (rets.fieldMap().isEmpty() ? "" : " fieldMap=" + rets.fieldMap().size() + " fields");
    }

    private static String auth(AuthConfig auth) {
        return switch (auth.type()) {
            case NONE -> "none";
            case BEARER -> "bearer token";
            case OAUTH2 -> "oauth2 client " + auth.clientId() + " via " + Secrets.redactUrl(auth.tokenUrl());
            case PASSWORD -> "login as " + auth.username() + (auth.userAgent() == null ? "" : " with user agent "
                    + auth.userAgent() + (auth.userAgentPassword() == null ? "" : " (UA password set)"));
        };
    }
}
