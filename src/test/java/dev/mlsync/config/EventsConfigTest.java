package dev.mlsync.config;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.catchThrowableOfType;

import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;

/** The top-level {@code events:} section. */
class EventsConfigTest {
    private static final String FEED = """
            feeds:
              - id: crmls
                provider: reso
                baseUrl: https://api.example.com/odata
                auth: {token: t}
            """;

    private static EventsConfig events(String yaml) {
        return ConfigLoader.parse(FEED + yaml, "mlsync.yml", Map.of("HOOK_SECRET", "s3cret")).events();
    }

    private static String problems(String yaml) {
        return String.join("\n", catchThrowableOfType(ConfigException.class,
                () -> ConfigLoader.parse(FEED + yaml, "mlsync.yml", Map.of())).problems());
    }

    @Test
    void absent_section_should_give_no_webhooks_and_thirty_days() {
        assertThat(events("")).isEqualTo(EventsConfig.ofDefaults());
        assertThat(EventsConfig.ofDefaults().retentionDays()).isEqualTo(30);
    }

    @Test
    void every_key_should_bind_and_never_show_url_or_secret() {
        EventsConfig events = events("""
                events:
                  retentionDays: 7
                  webhooks:
                    - url: https://hooks.example.com/T0K3N
                      secret: "${HOOK_SECRET}"
                      kinds: [created, status_changed]
                      feeds: [crmls]
                    - {url: "http://127.0.0.1:9000/all", secret: other}
                """);
        assertThat(events.retentionDays()).isEqualTo(7);
        assertThat(events.webhooks()).containsExactly(
                new EventsConfig.Webhook("https://hooks.example.com/T0K3N", "s3cret", List.of("created", "status_changed"),
                        List.of("crmls")),
                new EventsConfig.Webhook("http://127.0.0.1:9000/all", "other", null, null));
        assertThat(events.toString() + events.webhooks()).doesNotContain("T0K3N", "s3cret", "other");
    }

    @Test
    void bad_values_should_name_their_path_without_echoing_secrets() {
        String problems = problems("""
                events:
                  retentionDays: 0
                  colour: blue
                  webhooks:
                    - url: ftp://T0K3N@example.com/x
                      secret: s
                    - url: https://example.com/a
                      kinds: [created, sold]
                      feeds: [nope]
                    - {url: "https://example.com/b", secret: s}
                    - {url: "https://example.com/b", secret: s2}
                """);
        assertThat(problems)
                .contains("events.retentionDays: must be > 0, was 0")
                .contains("events.colour")
                .contains("events.webhooks[0].url: must be an http:// or https:// URL")
                .contains("events.webhooks[1].secret: required")
                .contains("events.webhooks[1].kinds[1]: unknown kind \"sold\"")
                .contains("events.webhooks[1].feeds[0]: unknown feed \"nope\"")
                .contains("events.webhooks[3].url: the same URL as an earlier webhook")
                .doesNotContain("T0K3N");
    }
}
