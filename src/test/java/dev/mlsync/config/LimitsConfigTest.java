package dev.mlsync.config;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.catchThrowableOfType;

import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;

/** The {@code limits:} and {@code quota:} keys of a feed. */
class LimitsConfigTest {
    private static final String FEED = """
            feeds:
              - id: actris
                provider: mlsgrid
                baseUrl: https://api.mlsgrid.com/v2/
                originatingSystem: actris
                auth: {token: tok}
            """;

    private static FeedConfig feed(String extra, Map<String, String> env) {
        return ConfigLoader.parse(FEED + extra, "mlsync.yml", env).feeds().getFirst();
    }

    private static List<String> problemsOf(String extra) {
        return catchThrowableOfType(ConfigException.class,
                () -> ConfigLoader.parse(FEED + extra, "mlsync.yml", Map.of())).problems();
    }

    @Test
    void absent_keys_should_give_no_overrides_and_the_whole_share() {
        FeedConfig feed = feed("", Map.of());

        assertThat(feed.limits()).isEqualTo(RateLimits.none());
        assertThat(feed.quota().share()).isEqualTo(1.0);
    }

    @Test
    void limits_and_share_should_bind_including_env_substitution() {
        FeedConfig feed = feed("""
                    limits: {perSecond: 1, perMinute: 50, perHour: "${HOURLY}", perDay: 20000}
                    quota: {share: 0.1}
                """, Map.of("HOURLY", "3600"));

        assertThat(feed.limits()).isEqualTo(new RateLimits(1, 50, 3600, 20_000));
        assertThat(feed.quota()).isEqualTo(new QuotaConfig(0.1));
    }

    @Test
    void config_check_should_describe_the_feeds_own_limits_and_share() {
        MlsyncConfig config = ConfigLoader.parse(FEED + """
                    limits: {perSecond: 1, perHour: 3600}
                    quota: {share: 0.25}
                """, "mlsync.yml", Map.of());

        assertThat(ConfigDescription.of(config)).endsWith("pageSize=1000 limits=1/s,3600/h quota.share=0.25");
    }

    @Test
    void invalid_limits_and_share_should_be_reported_with_their_paths() {
        List<String> problems = problemsOf("""
                    limits: {perSecond: 0, perHour: -5, perDay: many, perWeek: 3}
                    quota: {share: 1.5, shares: 2}
                """);

        assertThat(problems).containsExactlyInAnyOrder(
                "feeds[0].limits.perSecond: must be > 0, was 0",
                "feeds[0].limits.perHour: must be > 0, was -5",
                "feeds[0].limits.perDay: expected an integer, was \"many\"",
                "feeds[0].limits.perWeek: unknown key",
                "feeds[0].quota.share: must be > 0 and <= 1, was 1.5",
                "feeds[0].quota.shares: unknown key; did you mean share?");
    }

    @Test
    void a_share_of_zero_or_text_should_be_refused() {
        assertThat(problemsOf("    quota: {share: 0}\n")).containsExactly("feeds[0].quota.share: must be > 0 and <= 1, was 0.0");
        assertThat(problemsOf("    quota: {share: half}\n"))
                .containsExactly("feeds[0].quota.share: expected a number, was \"half\"");
    }
}
