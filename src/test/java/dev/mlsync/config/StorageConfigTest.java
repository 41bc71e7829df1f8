package dev.mlsync.config;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.catchThrowableOfType;

import java.net.URI;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;

class StorageConfigTest {
    private static final String FAKE_KEY_ID = "FAKEAKIA0123456789";
    private static final String FAKE_SECRET = "FAKE-s3cr3t-7z8q";
    private static final Map<String, String> ENV = Map.of("S3_KEY_ID", FAKE_KEY_ID, "S3_SECRET", FAKE_SECRET);

    private static StorageConfig storage(String yaml) {
        return ConfigLoader.parse(yaml, "mlsync.yml", ENV).storage();
    }

    private static List<String> problemsOf(String yaml) {
        return catchThrowableOfType(ConfigException.class, () -> ConfigLoader.parse(yaml, "mlsync.yml", ENV))
                .problems();
    }

    @Test
    void no_storage_section_should_mean_the_local_folder() {
        assertThat(storage("feeds: []\n")).isEqualTo(StorageConfig.ofDefaults());
        assertThat(StorageConfig.ofDefaults().path()).isEqualTo(Path.of(".mlsync/media"));
        assertThat(StorageConfig.ofDefaults().type()).isEqualTo(StorageConfig.Type.FILESYSTEM);
    }

    @Test
    void a_filesystem_store_should_bind_its_folder_and_public_url() {
        assertThat(storage("storage: {path: /srv/media, publicBaseUrl: \"https://cdn.example.com/photos\"}\n"))
                .isEqualTo(StorageConfig.filesystem(Path.of("/srv/media"), URI.create("https://cdn.example.com/photos/")));
    }

    @Test
    void an_s3_store_should_bind_every_key_with_credentials_from_the_environment() {
        StorageConfig config = storage("""
                storage:
                  type: s3
                  publicBaseUrl: https://photos.example.com/
                  s3:
                    endpoint: https://0123abcd.r2.cloudflarestorage.com
                    region: auto
                    bucket: mls-photos
                    prefix: replica/photos/
                    pathStyle: true
                    accessKeyId: ${S3_KEY_ID}
                    secretAccessKey: ${S3_SECRET}
                """);

        assertThat(config).isEqualTo(StorageConfig.s3(new StorageConfig.S3(
                URI.create("https://0123abcd.r2.cloudflarestorage.com"), "auto", "mls-photos", "replica/photos", true,
                FAKE_KEY_ID, FAKE_SECRET), URI.create("https://photos.example.com/")));
        assertThat(config.toString()).doesNotContain(FAKE_KEY_ID, FAKE_SECRET);
    }

    @Test
    void an_s3_mapping_alone_should_mean_s3_with_the_aws_default_credentials() {
        StorageConfig config = storage("storage: {s3: {bucket: my-photos, region: eu-west-1}}\n");

        assertThat(config.type()).isEqualTo(StorageConfig.Type.S3);
        assertThat(config.s3()).isEqualTo(new StorageConfig.S3(null, "eu-west-1", "my-photos", "", false, null, null));
        assertThat(config.s3().hasStaticCredentials()).isFalse();
    }

    @Test
    void config_check_should_describe_the_store_without_credentials() {
        MlsyncConfig config = ConfigLoader.parse("""
                storage:
                  s3: {endpoint: "http://minio:9000", bucket: photos, prefix: mls, pathStyle: true,
                       accessKeyId: "${S3_KEY_ID}", secretAccessKey: "${S3_SECRET}"}
                """, "mlsync.yml", ENV);

        assertThat(config.describe()).endsWith("\nstorage: s3 bucket photos prefix mls at http://minio:9000 path-style, "
                + "credentials from config").doesNotContain(FAKE_KEY_ID, FAKE_SECRET);
        assertThat(ConfigLoader.parse("storage: {path: media}\n", "mlsync.yml", ENV).describe())
                .endsWith("\nstorage: filesystem media");
    }

    @Test
    void mistakes_should_be_reported_with_their_exact_path() {
        assertThat(problemsOf("""
                storage:
                  type: s4
                  pth: x
                """)).containsExactly(
                "storage.pth: unknown key; did you mean path?",
                "storage.type: unknown storage type \"s4\"; did you mean s3? (one of filesystem, s3)");
        assertThat(problemsOf("storage: {type: s3, s3: {bukcet: b}}\n")).containsExactly(
                "storage.s3.bukcet: unknown key; did you mean bucket?",
                "storage.s3.bucket: required");
        assertThat(problemsOf("storage: {type: s3}\n")).containsExactly(
                "storage.s3: required for type s3 (at least bucket)");
        assertThat(problemsOf("storage: s3\n")).containsExactly("storage: expected a mapping, was a string");
        assertThat(problemsOf("storage: {type: filesystem, s3: {bucket: photos}}\n")).containsExactly(
                "storage.s3: only applies to type s3");
        assertThat(problemsOf("storage: {path: x, s3: {bucket: photos}}\n")).containsExactly(
                "storage.path: only applies to type filesystem");
    }

    @Test
    void bad_urls_bucket_and_region_should_be_refused() {
        assertThat(problemsOf("""
                storage:
                  publicBaseUrl: ftp://cdn.example.com/
                  s3: {endpoint: "https://minio.example.com/bucket", bucket: "my bucket", region: "US East", pathStyle: "maybe"}
                """)).containsExactly(
                "storage.publicBaseUrl: must be an absolute http or https URL, was \"ftp://cdn.example.com/\"",
                "storage.s3.endpoint: must be the service's base URL (scheme, host and port only, e.g. "
                        + "https://nyc3.digitaloceanspaces.com), was \"https://minio.example.com/bucket\"",
                "storage.s3.region: must be a region name such as us-east-1, or auto for Cloudflare R2, was \"US East\"",
                "storage.s3.bucket: must be 3 to 63 letters, digits, '.', '-' or '_', was \"my bucket\"",
                "storage.s3.pathStyle: expected true or false, was \"maybe\"");
        assertThat(problemsOf("storage: {publicBaseUrl: \"https://cdn.example.com/p?token=abc\"}\n"))
                .singleElement().asString().startsWith("storage.publicBaseUrl: must be a plain base URL")
                .contains("token=***").doesNotContain("abc");
    }

    @Test
    void a_prefix_that_could_leave_its_folder_should_be_refused() {
        for (String prefix : List.of("/photos", "a/../b", "..", "a//b", "./a", "a b", "a\\\\b", "x".repeat(101))) {
            assertThat(problemsOf("storage: {s3: {bucket: photos, prefix: \"" + prefix + "\"}}\n")).as(prefix)
                    .singleElement().asString().startsWith("storage.s3.prefix: must");
        }
        assertThat(storage("storage: {s3: {bucket: photos, prefix: photos/}}\n").s3().prefix()).isEqualTo("photos");
    }

    @Test
    void credentials_should_come_in_pairs_and_never_be_echoed() {
        assertThat(problemsOf("storage: {s3: {bucket: photos, accessKeyId: \"${S3_KEY_ID}\"}}\n")).containsExactly(
                "storage.s3: give both accessKeyId and secretAccessKey, or neither to use the AWS default credentials "
                        + "chain (environment, profile, instance role)");
        List<String> problems = problemsOf("storage: {s3: {bucket: photos, accessKeyId: [\"" + FAKE_KEY_ID + "\"], "
                + "secretAccessKey: \"${MISSING_SECRET}\"}}\n");
        assertThat(problems).contains("storage.s3.accessKeyId: expected a string, was a list",
                "storage.s3.secretAccessKey: environment variable MISSING_SECRET is not set");
        assertThat(String.join("\n", problems)).doesNotContain(FAKE_KEY_ID);
    }
}
