package dev.mlsync.config;

import java.net.URI;
import java.nio.file.Path;
import java.util.Objects;
import java.util.regex.Pattern;

/**
 * Where photo originals and derivatives are kept ({@code storage:} in {@code mlsync.yml}): a local folder
 * (the default, {@code .mlsync/media}) or an S3-compatible bucket. {@link #toString()} never prints a secret.
 *
 * @param type          which adapter
 * @param path          the folder of the filesystem store (relative to the working directory); unused for s3
 * @param publicBaseUrl what users' sites load objects from (a CDN or web server), ending in {@code /}; null for
 *                      the adapter's default (a {@code file:} URL for the filesystem, the bucket's URL for s3)
 * @param s3            the bucket settings, for {@link Type#S3} only (null otherwise)
 */
public record StorageConfig(Type type, Path path, URI publicBaseUrl, S3 s3) {
    public static final Path DEFAULT_PATH = Path.of(".mlsync", "media");

    public enum Type {
        FILESYSTEM, S3;

        /** The name written in {@code mlsync.yml}. */
        public String configName() {
            return name().toLowerCase(java.util.Locale.ROOT);
        }
    }

    public StorageConfig {
        Objects.requireNonNull(type, "type");
        path = path == null ? DEFAULT_PATH : path;
        publicBaseUrl = publicBaseUrl == null ? null : asDirectory(publicBaseUrl);
        if (type == Type.S3 && s3 == null) {
            throw new IllegalArgumentException("an s3 store needs its s3 settings");
        }
    }

    /** The filesystem store in {@code .mlsync/media}, objects addressed by {@code file:} URLs. */
    public static StorageConfig ofDefaults() {
        return filesystem(DEFAULT_PATH, null);
    }

    public static StorageConfig filesystem(Path path, URI publicBaseUrl) {
        return new StorageConfig(Type.FILESYSTEM, path, publicBaseUrl, null);
    }

    public static StorageConfig s3(S3 s3, URI publicBaseUrl) {
        return new StorageConfig(Type.S3, DEFAULT_PATH, publicBaseUrl, s3);
    }

    /**
     * An S3-compatible bucket (AWS S3, DigitalOcean Spaces, Cloudflare R2, MinIO...).
     *
     * @param endpoint        the service endpoint for non-AWS stores, e.g. {@code https://<account>.r2.cloudflarestorage.com};
     *                        null for AWS
     * @param region          signing region ({@code auto} for R2); null for the SDK's default region chain
     * @param bucket          the bucket, required
     * @param prefix          folder inside the bucket every key is put under ({@code ""} for the bucket root);
     *                        no leading or trailing slash, no {@code .} or {@code ..} segment
     * @param pathStyle       {@code endpoint/bucket/key} addressing (MinIO, S3Proxy) instead of {@code bucket.endpoint/key}
     * @param accessKeyId     static credentials; both null to use the AWS default credentials chain
     * @param secretAccessKey static credentials; both null to use the AWS default credentials chain
     */
    public record S3(URI endpoint, String region, String bucket, String prefix, boolean pathStyle,
                     String accessKeyId, String secretAccessKey) {
        public static final int MAX_PREFIX = 100;
        private static final Pattern PREFIX_SEGMENT = Pattern.compile("[A-Za-z0-9._-]+");

        public S3 {
            Objects.requireNonNull(bucket, "bucket");
            prefix = prefix == null ? "" : prefix;
            String problem = prefixProblem(prefix);
            if (problem != null) {
                throw new IllegalArgumentException("s3 prefix " + problem);
            }
        }

        /**
         * Why {@code prefix} could not hold keys safely (it could leave its folder or make odd keys), or null
         * when it is fine; {@code ""} is the bucket root.
         */
        static String prefixProblem(String prefix) {
            if (prefix.isEmpty()) {
                return null;
            }
            if (prefix.startsWith("/")) {
                return "must not start with '/' (write photos, not /photos)";
            }
            if (prefix.length() > MAX_PREFIX) {
                return "must be at most " + MAX_PREFIX + " characters";
            }
            for (String segment : prefix.split("/", -1)) {
                if (segment.equals(".") || segment.equals("..") || !PREFIX_SEGMENT.matcher(segment).matches()) {
                    return "must be folder names of letters, digits, '.', '-' or '_' separated by single '/', "
                            + "without '.' or '..'";
                }
            }
            return null;
        }

        /** Static credentials were configured (otherwise the AWS default chain applies). */
        public boolean hasStaticCredentials() {
            return accessKeyId != null && secretAccessKey != null;
        }

        @Override
        public String toString() {
            return "S3[endpoint=" + (endpoint == null ? null : Secrets.redactUrl(endpoint.toString()))
                    + ", region=" + region + ", bucket=" + bucket + ", prefix=" + prefix + ", pathStyle=" + pathStyle
                    + ", accessKeyId=" + (accessKeyId == null ? null : "***")
                    + ", secretAccessKey=" + (secretAccessKey == null ? null : "***") + "]";
        }
    }

    private static URI asDirectory(URI base) {
        String text = base.toString();
        return text.endsWith("/") ? base : URI.create(text + "/");
    }
}
