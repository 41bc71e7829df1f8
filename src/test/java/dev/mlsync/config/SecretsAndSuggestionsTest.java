package dev.mlsync.config;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.List;
import org.junit.jupiter.api.Test;

class SecretsAndSuggestionsTest {

    @Test
    void redact_url_should_mask_user_info_and_secret_looking_parameters() {
        assertThat(Secrets.redactUrl("postgres://admin:p@ss@db/x?user=u&password=pw&api_key=k&X-Amz-Signature=s"))
                .isEqualTo("postgres://admin:***@db/x?user=u&password=***&api_key=***&X-Amz-Signature=***");
        assertThat(Secrets.redactUrl("https://:tok@h/")).isEqualTo("https://:***@h/");
    }

    @Test
    void did_you_mean_should_count_transpositions_as_one_edit_and_ignore_case() {
        assertThat(DidYouMean.distance("mlsgird", "mlsgrid")).isEqualTo(1);
        assertThat(DidYouMean.closest("BASEURL", List.of("id", "baseUrl"))).contains("baseUrl");
        assertThat(DidYouMean.closest("x", List.of("id", "url"))).isEmpty();
    }
}
