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
        if (!config.storage().equals(StorageConfig.ofDefaults())) {
            lines.add("storage: " + storage(config.storage()));
        }
        return lines.toString();
    }

    /** Bucket, prefix, endpoint and where credentials come from; never the keys themselves. */
    private static String storage(StorageConfig storage) {
        String urls = storage.publicBaseUrl() == null ? "" : ", public URLs " + storage.publicBaseUrl();
        if (storage.type() == StorageConfig.Type.FILESYSTEM) {
            return "filesystem " + storage.path() + urls;
        }
        StorageConfig.S3 s3 = storage.s3();
        return "s3 bucket " + s3.bucket() + (s3.prefix().isEmpty() ? "" : " prefix " + s3.prefix())
                + (s3.endpoint() == null ? "" : " at " + Secrets.redactUrl(s3.endpoint().toString()))
                + (s3.region() == null ? "" : " region " + s3.region())
                + (s3.pathStyle() ? " path-style" : "")
                + (s3.hasStaticCredentials() ? ", credentials from config" : ", credentials from the AWS default chain")
                + urls;
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
                + (feed.quota().share() == QuotaConfig.DEFAULT_SHARE ? "" : " quota.share=" + feed.quota().share());
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

    private static String auth(AuthConfig auth) {
        return switch (auth.type()) {
            case NONE -> "none";
            case BEARER -> "bearer token";
            case OAUTH2 -> "oauth2 client " + auth.clientId() + " via " + Secrets.redactUrl(auth.tokenUrl());
        };
    }
}
