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
}
