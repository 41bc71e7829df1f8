package dev.mlsync.quota;

import static org.assertj.core.api.Assertions.assertThat;

import java.time.Instant;
import java.util.Optional;
import org.junit.jupiter.api.Test;

class RetryAfterTest {
    private static final Instant NOW = Instant.parse("2026-05-01T10:00:00Z");

    @Test
    void seconds_should_count_from_now() {
        assertThat(RetryAfter.until(Optional.of(" 120 "), NOW)).contains(Instant.parse("2026-05-01T10:02:00Z"));
    }

    @Test
    void http_date_should_be_the_instant_itself() {
        assertThat(RetryAfter.until(Optional.of("Fri, 01 May 2026 10:00:30 GMT"), NOW))
                .contains(Instant.parse("2026-05-01T10:00:30Z"));
    }

    @Test
    void a_past_date_should_mean_now() {
        assertThat(RetryAfter.until(Optional.of("Fri, 01 May 2026 09:00:00 GMT"), NOW)).contains(NOW);
    }

    @Test
    void absent_or_unreadable_values_should_be_ignored() {
        assertThat(RetryAfter.until(Optional.empty(), NOW)).isEmpty();
        assertThat(RetryAfter.until(Optional.of("soon"), NOW)).isEmpty();
        assertThat(RetryAfter.until(Optional.of("-5"), NOW)).isEmpty();
        assertThat(RetryAfter.until(Optional.of("99999999999999"), NOW)).isEmpty();
    }
}
