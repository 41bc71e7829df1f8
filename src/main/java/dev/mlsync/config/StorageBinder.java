package dev.mlsync.config;

import java.net.URI;
import java.nio.file.InvalidPathException;
import java.nio.file.Path;
import java.util.List;
import java.util.Locale;
import java.util.regex.Pattern;

/**
 * Reads {@code storage:}: where photos go. Absent means the filesystem store in {@code .mlsync/media};
 * {@code type} defaults to {@code s3} when an {@code s3:} mapping is given, else to {@code filesystem}.
 */
final class StorageBinder {
    private static final List<String> KEYS = List.of("type", "path", "publicBaseUrl", "s3");
    private static final List<String> S3_KEYS = List.of("endpoint", "region", "bucket", "prefix", "pathStyle",
            "accessKeyId", "secretAccessKey");
    private static final List<String> TYPES = List.of("filesystem", "s3");
    private static final Pattern REGION = Pattern.compile("[a-z0-9][a-z0-9-]{0,31}");
    private static final Pattern BUCKET = Pattern.compile("[A-Za-z0-9][A-Za-z0-9._-]{1,61}[A-Za-z0-9]");

    private StorageBinder() {
    }

    static StorageConfig bind(Mapping root) {
        if (!root.has("storage")) {
            return StorageConfig.ofDefaults();
        }
        Mapping storage = root.mapping("storage");
        if (storage == null) {
            return null;
        }
        storage.allowOnly(KEYS);
        StorageConfig.Type type = type(storage);
        URI publicBaseUrl = publicBaseUrl(storage);
        if (type == StorageConfig.Type.S3) {
            onlyFor(storage, "path", "filesystem");
            StorageConfig.S3 s3 = s3(storage);
            return s3 == null ? null : StorageConfig.s3(s3, publicBaseUrl);
        }
        onlyFor(storage, "s3", "s3");
        return type == null ? null : StorageConfig.filesystem(path(storage), publicBaseUrl);
    }

    private static StorageConfig.Type type(Mapping storage) {
        if (!storage.has("type")) {
            return storage.has("s3") ? StorageConfig.Type.S3 : StorageConfig.Type.FILESYSTEM;
        }
        String name = storage.text("type");
        if (name != null && !TYPES.contains(name)) {
            storage.problems().add(storage.pathOf("type"), "unknown storage type " + Mapping.quote(name)
                    + DidYouMean.suffix(name, TYPES) + " (one of " + String.join(", ", TYPES) + ")");
            return null;
        }
        return name == null ? null : StorageConfig.Type.valueOf(name.toUpperCase(Locale.ROOT));
    }

    private static void onlyFor(Mapping storage, String key, String type) {
        if (storage.has(key)) {
            storage.problems().add(storage.pathOf(key), "only applies to type " + type);
        }
    }

    private static Path path(Mapping storage) {
        String text = storage.text("path");
        if (text == null) {
            return StorageConfig.DEFAULT_PATH;
        }
        try {
            if (!text.isBlank()) {
                return Path.of(text);
            }
            storage.problems().add(storage.pathOf("path"), "is empty; leave it out for " + StorageConfig.DEFAULT_PATH);
        } catch (InvalidPathException e) {
            storage.problems().add(storage.pathOf("path"), "not a valid path: " + e.getReason());
        }
        return null;
    }

    private static URI publicBaseUrl(Mapping storage) {
        String at = storage.pathOf("publicBaseUrl");
        URI uri = HttpUrls.parse(storage.text("publicBaseUrl"), at, storage.problems());
        if (uri != null && (uri.getRawQuery() != null || uri.getRawFragment() != null || uri.getRawUserInfo() != null)) {
            storage.problems().add(at, "must be a plain base URL without user info, query or fragment (keys are "
                    + "appended to it), was " + Mapping.quote(Secrets.redactUrl(uri.toString())));
            return null;
        }
        return uri;
    }

    private static StorageConfig.S3 s3(Mapping storage) {
        Mapping s3 = storage.mapping("s3");
        if (s3 == null) {
            if (!storage.has("s3")) {
                storage.problems().add(storage.pathOf("s3"), "required for type s3 (at least bucket)");
            }
            return null;
        }
        s3.allowOnly(S3_KEYS);
        URI endpoint = endpoint(s3);
        String region = matching(s3, "region", REGION, "a region name such as us-east-1, or auto for Cloudflare R2");
        String bucket = s3.has("bucket") ? matching(s3, "bucket", BUCKET, "3 to 63 letters, digits, '.', '-' or '_'")
                : required(s3, "bucket");
        String prefix = prefix(s3);
        Boolean pathStyle = s3.bool("pathStyle");
        String accessKeyId = nonEmpty(s3.secret("accessKeyId"));
        String secretAccessKey = nonEmpty(s3.secret("secretAccessKey"));
        if ((accessKeyId == null) != (secretAccessKey == null)) {
            s3.problems().add(s3.path(), "give both accessKeyId and secretAccessKey, or neither to use the AWS "
                    + "default credentials chain (environment, profile, instance role)");
        }
        if (bucket == null || !s3.problems().isEmpty()) {
            return null;
        }
        return new StorageConfig.S3(endpoint, region, bucket, prefix, Boolean.TRUE.equals(pathStyle), accessKeyId,
                secretAccessKey);
    }

    private static String required(Mapping s3, String key) {
        s3.problems().add(s3.pathOf(key), "required");
        return null;
    }

    private static URI endpoint(Mapping s3) {
        String at = s3.pathOf("endpoint");
        URI uri = HttpUrls.parse(s3.secret("endpoint"), at, s3.problems());
        boolean bare = uri == null || (uri.getRawUserInfo() == null && uri.getRawQuery() == null
                && uri.getRawFragment() == null && (uri.getRawPath() == null || uri.getRawPath().matches("/?")));
        if (!bare) {
            s3.problems().add(at, "must be the service's base URL (scheme, host and port only, e.g. "
                    + "https://nyc3.digitaloceanspaces.com), was " + Mapping.quote(Secrets.redactUrl(uri.toString())));
            return null;
        }
        return uri;
    }

    private static String matching(Mapping s3, String key, Pattern pattern, String expected) {
        String value = s3.text(key);
        if (value != null && !pattern.matcher(value).matches()) {
            s3.problems().add(s3.pathOf(key), "must be " + expected + ", was " + Mapping.quote(value));
            return null;
        }
        return value;
    }

    /** A trailing slash is dropped; anything that could leave the prefix or make an odd key is refused. */
    private static String prefix(Mapping s3) {
        String text = s3.text("prefix");
        if (text == null) {
            return "";
        }
        String prefix = text.endsWith("/") ? text.substring(0, text.length() - 1) : text;
        String problem = StorageConfig.S3.prefixProblem(prefix);
        if (problem != null) {
            s3.problems().add(s3.pathOf("prefix"), problem + ", was " + Mapping.quote(text));
            return null;
        }
        return prefix;
    }

    private static String nonEmpty(String value) {
        return value == null || value.isEmpty() ? null : value;
    }
}
