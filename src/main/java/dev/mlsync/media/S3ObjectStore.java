package dev.mlsync.media;

import dev.mlsync.config.Secrets;
import dev.mlsync.config.StorageConfig;
import java.io.IOException;
import java.io.InputStream;
import java.net.URI;
import java.net.URISyntaxException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Optional;
import java.util.function.Supplier;
import software.amazon.awssdk.auth.credentials.AwsBasicCredentials;
import software.amazon.awssdk.auth.credentials.AwsCredentialsProvider;
import software.amazon.awssdk.auth.credentials.DefaultCredentialsProvider;
import software.amazon.awssdk.auth.credentials.StaticCredentialsProvider;
import software.amazon.awssdk.awscore.exception.AwsServiceException;
import software.amazon.awssdk.core.checksums.RequestChecksumCalculation;
import software.amazon.awssdk.core.checksums.ResponseChecksumValidation;
import software.amazon.awssdk.core.exception.SdkException;
import software.amazon.awssdk.core.sync.RequestBody;
import software.amazon.awssdk.regions.Region;
import software.amazon.awssdk.regions.providers.DefaultAwsRegionProviderChain;
import software.amazon.awssdk.services.s3.S3Client;
import software.amazon.awssdk.services.s3.S3ClientBuilder;
import software.amazon.awssdk.services.s3.model.NoSuchKeyException;

/**
 * Objects in an S3-compatible bucket under an optional prefix: the key {@code feed/listing/1-m.jpg} is the
 * S3 key {@code prefix/feed/listing/1-m.jpg}. A single PutObject is atomic by S3's semantics (an object
 * appears whole or not at all), so {@link #put} needs no temporary object.
 *
 * <p>Checksums are sent and validated only where S3 requires them: the SDK's newer default (a CRC trailer
 * on every upload) is not understood by every S3-compatible store. The HTTP client is the SDK's default
 * (Apache). Errors name the store and the key, never the credentials. A credential without
 * {@code s3:ListBucket} gets 403 instead of 404 for a missing object, so {@link #open} and {@link #exists}
 * fail for it rather than answering "missing": grant ListBucket on the bucket (or the prefix).
 */
final class S3ObjectStore implements ObjectStore {
    private static final int NOT_FOUND = 404;

    private final S3Client client;
    private final StorageConfig.S3 settings;
    private final URI publicBase;

    /** {@code publicBase} ends with "/" and maps to the bucket's root, or is null for the bucket's own URL. */
    S3ObjectStore(StorageConfig.S3 settings, URI publicBase) {
        this.settings = settings;
        this.publicBase = publicBase;
        try {
            this.client = client(settings);
        } catch (SdkException e) {
            throw new ObjectStoreException(describe() + ": cannot set up the S3 client: " + withoutSecrets(
                    String.valueOf(e.getMessage())) + " (set storage.s3.region, or AWS_REGION)", e);
        }
    }

    /**
     * A hung storage endpoint must not hold a media worker for ever: an attempt (a 30 MB photo included) gets two
     * minutes, a call with the SDK's retries five; a timed-out upload fails its photo, which is retried later.
     */
    static final java.time.Duration ATTEMPT_TIMEOUT = java.time.Duration.ofMinutes(2);
    static final java.time.Duration CALL_TIMEOUT = java.time.Duration.ofMinutes(5);

    /** The SDK client's own configuration, for checks. */
    software.amazon.awssdk.services.s3.S3ServiceClientConfiguration clientConfiguration() {
        return client.serviceClientConfiguration();
    }

    private static S3Client client(StorageConfig.S3 settings) {
        S3ClientBuilder builder = S3Client.builder()
                .region(region(settings))
                .forcePathStyle(settings.pathStyle())
                .credentialsProvider(credentials(settings))
                .requestChecksumCalculation(RequestChecksumCalculation.WHEN_REQUIRED)
                .responseChecksumValidation(ResponseChecksumValidation.WHEN_REQUIRED)
                .overrideConfiguration(o -> o.apiCallAttemptTimeout(ATTEMPT_TIMEOUT).apiCallTimeout(CALL_TIMEOUT));
        if (settings.endpoint() != null) {
            builder.endpointOverride(settings.endpoint());
        }
        return builder.build();
    }

    /** A custom endpoint without a region gets us-east-1, which MinIO, Spaces and S3Proxy accept. */
    private static Region region(StorageConfig.S3 settings) {
        if (settings.region() != null) {
            return Region.of(settings.region());
        }
        return settings.endpoint() != null ? Region.US_EAST_1 : new DefaultAwsRegionProviderChain().getRegion();
    }

    private static AwsCredentialsProvider credentials(StorageConfig.S3 settings) {
        if (settings.hasStaticCredentials()) {
            return StaticCredentialsProvider.create(
                    AwsBasicCredentials.create(settings.accessKeyId(), settings.secretAccessKey()));
        }
        return DefaultCredentialsProvider.builder().build();
    }

    @Override
    public void put(ObjectKey key, Path file, String contentType) {
        long size = sourceSize(key, file);
        call("put", key, () -> client.putObject(request -> request.bucket(settings.bucket()).key(s3Key(key))
                .contentType(contentType == null ? "application/octet-stream" : contentType).contentLength(size),
                RequestBody.fromFile(file)));
    }

    @Override
    public Optional<InputStream> open(ObjectKey key) {
        return call("open", key, () -> {
            try {
                return Optional.of(client.getObject(request -> request.bucket(settings.bucket()).key(s3Key(key))));
            } catch (NoSuchKeyException e) {
                return Optional.empty();
            }
        });
    }

    @Override
    public boolean exists(ObjectKey key) {
        return call("check", key, () -> {
            try {
                client.headObject(request -> request.bucket(settings.bucket()).key(s3Key(key)));
                return true;
            } catch (AwsServiceException e) {
                if (e.statusCode() == NOT_FOUND) {
                    return false;
                }
                throw e;
            }
        });
    }

    @Override
    public void delete(ObjectKey key) {
        call("delete", key, () -> client.deleteObject(request -> request.bucket(settings.bucket()).key(s3Key(key))));
    }

    @Override
    public URI publicUrl(ObjectKey key) {
        if (publicBase != null) {
            return URI.create(publicBase + s3Key(key));
        }
        try {
            return client.utilities().getUrl(request -> request.bucket(settings.bucket()).key(s3Key(key))).toURI();
        } catch (URISyntaxException e) {
            throw failure("build the URL of", key, "the bucket's URL is not a valid URI", e);
        }
    }

    @Override
    public String describe() {
        String prefix = settings.prefix().isEmpty() ? "" : "/" + settings.prefix();
        String endpoint = settings.endpoint() == null ? "" : " at " + Secrets.redactUrl(settings.endpoint().toString());
        return "s3 " + settings.bucket() + prefix + endpoint;
    }

    @Override
    public void close() {
        client.close();
    }

    String s3Key(ObjectKey key) {
        return settings.prefix().isEmpty() ? key.value() : settings.prefix() + "/" + key.value();
    }

    private long sourceSize(ObjectKey key, Path file) {
        try {
            if (Files.isRegularFile(file)) {
                return Files.size(file);
            }
        } catch (IOException e) {
            throw failure("put", key, "cannot read source file " + file + ": " + e.getMessage(), e);
        }
        throw failure("put", key, "source file " + file + " does not exist or is not a regular file", null);
    }

    private <T> T call(String action, ObjectKey key, Supplier<T> request) {
        try {
            return request.get();
        } catch (SdkException e) {
            throw failure(action, key, reason(e), e);
        }
    }

    private String reason(SdkException e) {
        if (e instanceof AwsServiceException service && service.awsErrorDetails() != null) {
            String code = service.awsErrorDetails().errorCode();
            String message = service.awsErrorDetails().errorMessage();
            return (code == null ? "" : code + " ") + "(HTTP " + service.statusCode() + ")"
                    + (message == null ? "" : ": " + message);
        }
        return String.valueOf(e.getMessage());
    }

    private ObjectStoreException failure(String action, ObjectKey key, String reason, Throwable cause) {
        return new ObjectStoreException(describe() + ": cannot " + action + " " + key + ": " + withoutSecrets(reason),
                cause);
    }

    /** Services do not echo credentials, but a message is checked anyway before it can reach a log. */
    private String withoutSecrets(String text) {
        String clean = text;
        for (String secret : new String[] {settings.secretAccessKey(), settings.accessKeyId()}) {
            if (secret != null && !secret.isEmpty()) {
                clean = clean.replace(secret, "***");
            }
        }
        return clean;
    }
}
