package dev.mlsync.media;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.catchThrowableOfType;

import dev.mlsync.config.StorageConfig;
import java.net.URI;
import java.util.List;
import java.util.Optional;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import software.amazon.awssdk.services.s3.S3Client;
import software.amazon.awssdk.services.s3.model.S3Object;

/** The contract against S3Proxy in this JVM (in-memory backend, loopback HTTP, SigV4 credentials checked). */
class S3ObjectStoreIT extends ObjectStoreContract {
    private static final String ACCESS_KEY = S3Proxies.ACCESS_KEY;
    private static final String SECRET_KEY = S3Proxies.SECRET_KEY;
    private static final String PREFIX = "mls/photos";

    private static URI endpoint;
    private static S3Client admin;
    private String bucket;

    @BeforeAll
    static void startS3Proxy() {
        endpoint = S3Proxies.shared().endpoint;
        admin = S3Proxies.shared().admin;
    }

    static StorageConfig.S3 settings(String bucket, String prefix, String secret) {
        return S3Proxies.shared().settings(bucket, prefix, secret);
    }

    @Override
    ObjectStore newStore() {
        bucket = S3Proxies.shared().newBucket("photos");
        return ObjectStores.of(StorageConfig.s3(settings(bucket, PREFIX, SECRET_KEY), null));
    }

    @Override
    ObjectStore storeThatCannotWrite() {
        return ObjectStores.of(StorageConfig.s3(settings("no-such-bucket", PREFIX, SECRET_KEY), null));
    }

    @Override
    List<String> everythingStored() {
        return admin.listObjectsV2Paginator(request -> request.bucket(bucket)).contents().stream()
                .map(S3Object::key).sorted().toList();
    }

    @Override
    String rootName() {
        return PREFIX + "/";
    }

    @Override
    Optional<String> storedContentType(ObjectKey key) {
        return Optional.of(admin.headObject(request -> request.bucket(bucket).key(PREFIX + "/" + key)).contentType());
    }

    @Test
    void calls_should_time_out_so_a_hung_endpoint_cannot_hold_a_media_worker() {
        var configuration = ((S3ObjectStore) store).clientConfiguration().overrideConfiguration();
        assertThat(configuration.apiCallAttemptTimeout()).contains(S3ObjectStore.ATTEMPT_TIMEOUT);
        assertThat(configuration.apiCallTimeout()).contains(S3ObjectStore.CALL_TIMEOUT);
    }

    @Test
    void the_default_public_url_should_be_the_objects_own_url() {
        ObjectKey key = ObjectKey.ofMedia("f", "L", 1, "M", "jpg");
        assertThat(store.publicUrl(key)).isEqualTo(URI.create(endpoint + "/" + bucket + "/mls/photos/f/L/1-M.jpg"));
    }

    @Test
    void a_public_base_url_should_map_to_the_bucket_root() {
        try (ObjectStore cdn = ObjectStores.of(StorageConfig.s3(settings(bucket, PREFIX, SECRET_KEY),
                URI.create("https://cdn.example.com")))) {
            assertThat(cdn.publicUrl(ObjectKey.ofMedia("f", "L", 1, "M", "jpg")))
                    .hasToString("https://cdn.example.com/mls/photos/f/L/1-M.jpg");
        }
    }

    @Test
    void aws_without_an_endpoint_should_use_virtual_hosted_urls() {
        StorageConfig.S3 aws = new StorageConfig.S3(null, "eu-west-1", "my-photos", "", false, ACCESS_KEY, SECRET_KEY);
        try (ObjectStore store = ObjectStores.of(StorageConfig.s3(aws, null))) {
            assertThat(store.publicUrl(ObjectKey.ofMedia("f", "L", 1, "M", "jpg")))
                    .hasToString("https://my-photos.s3.eu-west-1.amazonaws.com/f/L/1-M.jpg");
            assertThat(store.describe()).isEqualTo("s3 my-photos");
        }
    }

    @Test
    void spaces_and_r2_endpoints_should_give_their_own_url_shapes() {
        StorageConfig.S3 spaces = new StorageConfig.S3(URI.create("https://nyc3.digitaloceanspaces.com"), "nyc3",
                "my-photos", "p", false, ACCESS_KEY, SECRET_KEY);
        StorageConfig.S3 r2 = new StorageConfig.S3(URI.create("https://0123abcd.r2.cloudflarestorage.com"), "auto",
                "mls", "", true, ACCESS_KEY, SECRET_KEY);
        ObjectKey key = ObjectKey.ofMedia("f", "L", 1, "M", "jpg");
        try (ObjectStore onSpaces = ObjectStores.of(StorageConfig.s3(spaces, null));
             ObjectStore onR2 = ObjectStores.of(StorageConfig.s3(r2, null))) {
            assertThat(onSpaces.publicUrl(key)).hasToString("https://my-photos.nyc3.digitaloceanspaces.com/p/f/L/1-M.jpg");
            assertThat(onR2.publicUrl(key)).hasToString("https://0123abcd.r2.cloudflarestorage.com/mls/f/L/1-M.jpg");
        }
    }

    @Test
    void an_empty_prefix_should_put_objects_at_the_bucket_root() {
        try (ObjectStore root = ObjectStores.of(StorageConfig.s3(settings(bucket, "", SECRET_KEY), null))) {
            root.put(ObjectKey.ofMedia("f", "L", 1, "M", "jpg"), file(new byte[] {7}), "image/jpeg");
        }
        assertThat(everythingStored()).containsExactly("f/L/1-M.jpg");
    }

    @Test
    void a_wrong_secret_should_fail_clearly_without_showing_the_credentials() {
        String wrongSecret = "FAKE-wrong-s3cr3t";
        ObjectKey key = ObjectKey.ofMedia("f", "L", 1, "M", "jpg");
        try (ObjectStore wrong = ObjectStores.of(StorageConfig.s3(settings(bucket, PREFIX, wrongSecret), null))) {
            ObjectStoreException failure = catchThrowableOfType(ObjectStoreException.class,
                    () -> wrong.put(key, file(new byte[] {1}), "image/jpeg"));

            assertThat(failure.getMessage()).contains("s3 " + bucket + "/mls/photos", key.value(), "403")
                    .doesNotContain(wrongSecret, SECRET_KEY, ACCESS_KEY);
            assertThat(wrong.describe()).doesNotContain(wrongSecret, ACCESS_KEY);
        }
        assertThat(everythingStored()).isEmpty();
    }

    @Test
    void a_missing_bucket_should_be_named_in_the_error() {
        ObjectKey key = ObjectKey.ofMedia("f", "L", 1, "M", "jpg");
        try (ObjectStore missing = storeThatCannotWrite()) {
            assertThat(catchThrowableOfType(ObjectStoreException.class,
                    () -> missing.put(key, file(new byte[] {1}), "image/jpeg")))
                    .hasMessage("s3 no-such-bucket/mls/photos at " + endpoint + ": cannot put " + key.value()
                            + ": NoSuchBucket (HTTP 404): The specified bucket does not exist");
        }
    }

    @Test
    void an_unreachable_endpoint_should_be_a_clear_store_error() {
        StorageConfig.S3 nowhere = new StorageConfig.S3(URI.create("http://127.0.0.1:1"), "us-east-1", "b", "",
                true, ACCESS_KEY, SECRET_KEY);
        ObjectKey key = ObjectKey.ofMedia("f", "L", 1, "M", "jpg");
        try (ObjectStore unreachable = ObjectStores.of(StorageConfig.s3(nowhere, null))) {
            assertThat(catchThrowableOfType(ObjectStoreException.class, () -> unreachable.exists(key)))
                    .hasMessageContaining("s3 b at http://127.0.0.1:1: cannot check " + key.value());
        }
    }
}
