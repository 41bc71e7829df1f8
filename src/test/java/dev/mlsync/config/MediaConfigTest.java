package dev.mlsync.config;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.catchThrowableOfType;

import java.time.Duration;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;

/** The top-level {@code media:} section. */
class MediaConfigTest {
    private static MediaConfig media(String yaml) {
        return ConfigLoader.parse(yaml, "mlsync.yml", Map.of("WORKERS", "6")).media();
    }

    @Test
    void absent_section_should_give_the_defaults() {
        assertThat(media("feeds: []\n")).isEqualTo(MediaConfig.ofDefaults());
        assertThat(MediaConfig.ofDefaults().derivatives()).containsExactly(320, 800, 1600);
        assertThat(MediaConfig.ofDefaults().webp()).isTrue();
    }

    @Test
    void every_key_should_bind_including_env_substitution() {
        MediaConfig media = media("""
                media:
                  workers: "${WORKERS}"
                  maxBytes: 1048576
                  maxPixels: 4000000
                  maxAttempts: 3
                  goneGraceHours: 48
                  sweepSeconds: 10
                  derivatives: [1024, 256]
                  webp: false
                  jpegQuality: 0.9
                  retryDelaySeconds: 5
                """);

        assertThat(media).isEqualTo(new MediaConfig(6, 1_048_576, 4_000_000, 3, Duration.ofHours(48),
                Duration.ofSeconds(10), List.of(256, 1024), false, 0.9, Duration.ofSeconds(5)));
    }

    @Test
    void bad_values_should_name_their_path() {
        List<String> problems = catchThrowableOfType(ConfigException.class, () -> ConfigLoader.parse("""
                media:
                  workers: 0
                  derivatives: [320, huge]
                  jpegQuality: 2
                  colour: blue
                """, "mlsync.yml", Map.of())).problems();

        assertThat(String.join("\\n", problems))
                .contains("media.workers", "must be >= 1, was 0")
                .contains("media.derivatives[1]", "must be a width in pixels")
                .contains("media.jpegQuality", "must be > 0 and <= 1, was 2.0")
                .contains("colour");
    }

    @Test
    void abandoned_write_seconds_should_bind_and_default_to_ten_minutes() {
        assertThat(MediaConfig.ofDefaults().abandonedWriteAfter()).isEqualTo(Duration.ofMinutes(10));
        assertThat(media("media: {abandonedWriteSeconds: 20}\n").abandonedWriteAfter())
                .isEqualTo(Duration.ofSeconds(20));
        List<String> problems = catchThrowableOfType(ConfigException.class, () -> ConfigLoader.parse(
                "media: {abandonedWriteSeconds: 0}\n", "mlsync.yml", Map.of())).problems();
        assertThat(String.join("\n", problems)).contains("media.abandonedWriteSeconds", "must be >= 1, was 0");
    }
}
