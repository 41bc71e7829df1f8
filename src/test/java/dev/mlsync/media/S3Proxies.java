package dev.mlsync.media;

import dev.mlsync.config.StorageConfig;
import org.gaul.s3proxy.S3Proxy;
import org.gaul.s3proxy.auth.AuthenticationType;
import org.gaul.s3proxy.nio2blob.TransientNio2BlobStore;
import software.amazon.awssdk.auth.credentials.AwsBasicCredentials;
import software.amazon.awssdk.auth.credentials.StaticCredentialsProvider;
import software.amazon.awssdk.regions.Region;
import software.amazon.awssdk.services.s3.S3Client;

import java.net.URI;
import java.util.concurrent.atomic.AtomicInteger;

/**
 * One S3Proxy in this JVM (in-memory backend, loopback HTTP, SigV4 credentials checked), started on first use
 * and shared by every test that needs S3; each caller takes a bucket of its own.
 */
final class S3Proxies {
    static final String ACCESS_KEY = "FAKE-access-id";
    static final String SECRET_KEY = "FAKE-s3cr3t-key-0x9q";
    private static final AtomicInteger BUCKETS = new AtomicInteger();
    private static S3Proxies shared;

    final URI endpoint;
    final S3Client admin;

    private S3Proxies(URI endpoint, S3Client admin) {
        this.endpoint = endpoint;
        this.admin = admin;
    }

    static synchronized S3Proxies shared() {
        if (shared == null) {
            try {
                S3Proxy proxy = S3Proxy.builder().blobStore(new TransientNio2BlobStore())
                        .endpoint(URI.create("http://127.0.0.1:0"))
                        .awsAuthentication(AuthenticationType.AWS_V4, ACCESS_KEY, SECRET_KEY)
                        .build();
                proxy.start();
                URI endpoint = URI.create("http://127.0.0.1:" + proxy.getPort());
                S3Client admin = S3Client.builder().endpointOverride(endpoint).region(Region.US_EAST_1)
                        .forcePathStyle(true).credentialsProvider(StaticCredentialsProvider.create(
                                AwsBasicCredentials.create(ACCESS_KEY, SECRET_KEY))).build();
                shared = new S3Proxies(endpoint, admin);
            } catch (Exception e) {
                throw new IllegalStateException("S3Proxy did not start: " + e, e);
            }
        }
        return shared;
    }

    /** A new, empty bucket's name. */
    String newBucket(String prefix) {
        String bucket = prefix + "-" + BUCKETS.incrementAndGet();
        admin.createBucket(request -> request.bucket(bucket));
        return bucket;
    }

    StorageConfig.S3 settings(String bucket, String prefix, String secret) {
        return new StorageConfig.S3(endpoint, "us-east-1", bucket, prefix, true, ACCESS_KEY, secret);
    }
}
