package dev.mlsync.config;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.catchThrowableOfType;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.api.io.TempDir;

/** Files that try to exhaust memory or time must fail fast with a clear problem. */
@Timeout(10)
class HostileYamlTest {

    private static ConfigException parseFailure(String yaml) {
        return catchThrowableOfType(ConfigException.class, () -> ConfigLoader.parse(yaml, "mlsync.yml", Map.of()));
    }

    @Test
    void billion_laughs_should_be_rejected_at_the_first_alias() {
        StringBuilder yaml = new StringBuilder("a: &a [\"lol\",\"lol\",\"lol\",\"lol\",\"lol\",\"lol\",\"lol\",\"lol\",\"lol\"]\n");
        for (char c = 'b'; c <= 'j'; c++) {
            char previous = (char) (c - 1);
            yaml.append(c).append(": &").append(c).append(" [")
                    .append(("*" + previous + ",").repeat(8)).append("*").append(previous).append("]\n");
        }

        assertThat(parseFailure(yaml.toString()).problems())
                .containsExactly("mlsync.yml:2:8: aliases (*a) are not supported; write the value out");
    }

    @Test
    void deep_nesting_should_be_rejected() {
        String yaml = "feeds: " + "[".repeat(200_000) + "]".repeat(200_000) + "\n";

        assertThat(parseFailure(yaml).problems())
                .containsExactly("mlsync.yml: nested deeper than 32 levels; a configuration file never needs this");
    }

    @Test
    void deep_block_nesting_should_be_rejected() {
        StringBuilder yaml = new StringBuilder();
        for (int i = 0; i < 500; i++) {
            yaml.append(" ".repeat(i)).append("k").append(i).append(":\n");
        }

        assertThat(parseFailure(yaml.toString()).problems()).singleElement().asString().contains("nested deeper than 32");
    }

    @Test
    void document_over_one_megabyte_should_be_rejected() {
        String yaml = "# " + "x".repeat(1_000_001) + "\n";

        assertThat(parseFailure(yaml).problems()).containsExactly(
                "mlsync.yml: larger than 1 MB; a configuration file is never this big");
    }

    @Test
    void file_over_one_megabyte_should_be_rejected_without_reading_it_all(@TempDir Path dir) throws Exception {
        Path file = Files.writeString(dir.resolve("mlsync.yml"), "# " + "x".repeat(5_000_000));

        assertThatThrownBy(() -> ConfigLoader.load(file, Map.of()))
                .hasMessage("mlsync.yml: larger than 1 MB; a configuration file is never this big");
    }

    @Test
    void second_document_should_be_rejected() {
        assertThat(parseFailure("feeds: []\n---\ndatabase: embedded\n").problems())
                .containsExactly("mlsync.yml:3:1: only one YAML document is allowed");
    }

    @Test
    void wrong_types_should_name_the_path_and_what_was_expected() {
        String yaml = """
                database: [embedded]
                feeds:
                  - id: a
                    provider: reso
                    baseUrl: {url: "https://x.test/"}
                    pageSize: "lots"
                    resources: Property
                    limits: 5
                  - "just a string"
                media: {maxPixels: -1}
                """;

        assertThat(parseFailure(yaml).problems()).isNotEmpty().allSatisfy(problem ->
                assertThat(problem).matches("(mlsync\\.yml: )?(database|feeds\\[[01]\\]|media)[^:]*: .+"))
                .anySatisfy(problem -> assertThat(problem).startsWith("database"))
                .anySatisfy(problem -> assertThat(problem).startsWith("feeds[0].baseUrl"))
                .anySatisfy(problem -> assertThat(problem).startsWith("feeds[0].pageSize"))
                .anySatisfy(problem -> assertThat(problem).startsWith("feeds[0].limits"))
                .anySatisfy(problem -> assertThat(problem).startsWith("feeds[1]"))
                .anySatisfy(problem -> assertThat(problem).startsWith("media.maxPixels"));
    }

    @Test
    void java_type_tags_and_merge_keys_should_never_build_objects() {
        assertThat(parseFailure("database: !!javax.script.ScriptEngineManager [!!java.net.URLClassLoader "
                + "[[!!java.net.URL [\"http://127.0.0.1:1/\"]]]]\n").problems()).singleElement().asString()
                .startsWith("database");
        assertThat(parseFailure("base: &b {provider: reso}\nfeeds: [{<<: *b, id: a}]\n").problems())
                .singleElement().asString().contains("aliases (*b) are not supported");
    }

    @Test
    void a_missing_secret_should_name_its_path_and_variable_without_a_value() {
        String yaml = """
                feeds:
                  - id: a
                    provider: reso
                    baseUrl: "https://x.test/"
                    auth: {token: "${NO_SUCH_TOKEN_VAR}"}
                """;

        assertThat(parseFailure(yaml).problems())
                .containsExactly("feeds[0].auth.token: environment variable NO_SUCH_TOKEN_VAR is not set");
    }

    @Test
    void a_huge_key_should_be_reported_shortened() {
        String yaml = "k" + "x".repeat(100_000) + ": 1\n";

        assertThat(parseFailure(yaml).problems()).singleElement().asString().hasSizeLessThan(400);
    }
}
