package dev.mlsync.config;

import org.junit.jupiter.api.Test;

import java.time.Duration;
import java.util.List;
import java.util.Map;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.catchThrowableOfType;

class LifecycleConfigTest {
    private static final String FEED = """
            feeds:
              - id: f1
                provider: reso
                baseUrl: https://example.org/odata/
            """;

    private static MlsyncConfig parse(String yaml) {
        return ConfigLoader.parse(yaml, "mlsync.yml", Map.of());
    }

    @Test
    void defaults_should_be_manual_conflicts_a_tenth_at_most_deleted_and_purge_after_30_days() {
        FeedConfig feed = parse(FEED).feeds().getFirst();
        assertThat(feed.lifecycle()).isEqualTo(new LifecycleConfig(ConflictPolicy.MANUAL, 0.10, Duration.ofDays(30)));
        assertThat(feed.media().allowPrivateHosts()).isFalse();
    }

    @Test
    void lifecycle_and_feed_media_should_bind_policy_share_as_fraction_or_percent_and_duration() {
        MlsyncConfig config = parse(FEED + """
                    lifecycle: {conflicts: local-wins, maxDeleteShare: "25%", purgeAfter: 12h}
                    media: {allowPrivateHosts: true}
                  - id: f2
                    provider: reso
                    baseUrl: https://example.org/odata/
                    lifecycle: {conflicts: mls-wins, maxDeleteShare: 0.5}
                """);
        assertThat(config.feeds().get(0).lifecycle())
                .isEqualTo(new LifecycleConfig(ConflictPolicy.LOCAL_WINS, 0.25, Duration.ofHours(12)));
        assertThat(config.feeds().get(0).media().allowPrivateHosts()).isTrue();
        assertThat(config.feeds().get(1).lifecycle())
                .isEqualTo(new LifecycleConfig(ConflictPolicy.MLS_WINS, 0.5, Duration.ofDays(30)));
    }

    @Test
    void bad_values_should_name_their_path() {
        List<String> problems = catchThrowableOfType(ConfigException.class, () -> parse(FEED + """
                    lifecycle: {conflicts: mls-win, maxDeleteShare: "150%", purgeAfter: soon, keep: true}
                    media: {allowPrivateHosts: maybe}
                """)).problems();
        assertThat(problems).containsExactlyInAnyOrder(
                "feeds[0].lifecycle.keep: unknown key",
                "feeds[0].lifecycle.conflicts: unknown conflict policy \"mls-win\"; did you mean mls-wins? "
                        + "(one of mls-wins, local-wins, manual)",
                "feeds[0].lifecycle.maxDeleteShare: expected a share above 0 and at most 1 (0.1 or \"10%\"), was \"150%\"",
                "feeds[0].lifecycle.purgeAfter: expected a duration such as 12h or 30d, was \"soon\"",
                "feeds[0].media.allowPrivateHosts: expected true or false, was \"maybe\"");
    }

    @Test
    void feed_media_should_override_the_shared_derivatives_key_by_key() {
        MlsyncConfig config = parse("""
                media: {derivatives: [320, 800, 1600], webp: true, jpegQuality: 0.82}
                """ + FEED + """
                    media: {derivatives: [1200, 400], jpegQuality: 0.7}
                  - id: f2
                    provider: reso
                    baseUrl: https://example.org/odata/
                    media: {webp: false}
                  - id: f3
                    provider: reso
                    baseUrl: https://example.org/odata/
                """);
        assertThat(config.feeds().get(0).media().derivativeSettings(config.media()))
                .isEqualTo(new DerivativeSettings(List.of(400, 1200), true, 0.7));
        assertThat(config.feeds().get(1).media().derivativeSettings(config.media()))
                .isEqualTo(new DerivativeSettings(List.of(320, 800, 1600), false, 0.82));
        assertThat(config.feeds().get(2).media().derivativeSettings(config.media()))
                .isEqualTo(config.media().derivativeSettings());
        assertThat(config.feeds().get(0).media().derivativeSettings(config.media()).spec())
                .isEqualTo("400,1200;webp;q0.70");
    }

    @Test
    void bad_feed_derivatives_should_name_their_path() {
        List<String> problems = catchThrowableOfType(ConfigException.class, () -> parse(FEED + """
                    media: {derivatives: [320, 9000, wide], webp: often, jpegQuality: 1.5}
                """)).problems();
        assertThat(problems).containsExactlyInAnyOrder(
                "feeds[0].media.derivatives[1]: must be a width in pixels between 16 and 8192, was 9000",
                "feeds[0].media.derivatives[2]: must be a width in pixels between 16 and 8192, was \"wide\"",
                "feeds[0].media.webp: expected true or false, was \"often\"",
                "feeds[0].media.jpegQuality: must be > 0 and <= 1, was 1.5");
    }
}
