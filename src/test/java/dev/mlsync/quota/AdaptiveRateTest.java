package dev.mlsync.quota;

import static org.assertj.core.api.Assertions.assertThat;

import java.time.Duration;
import org.junit.jupiter.api.Test;

class AdaptiveRateTest {
    @Test
    void a_learned_rate_should_wait_300_requests_worth_of_time_before_it_rises_within_10_s_and_5_minutes() {
        assertThat(AdaptiveRate.quiet(5.0)).isEqualTo(Duration.ofSeconds(60));
        assertThat(AdaptiveRate.quiet(2.0)).isEqualTo(Duration.ofSeconds(150));
        assertThat(AdaptiveRate.quiet(60.0)).as("300 requests take 5 s at 60/s: at least 10 s")
                .isEqualTo(Duration.ofSeconds(10));
        assertThat(AdaptiveRate.quiet(0.5)).as("slow feeds probe no more often than before")
                .isEqualTo(Duration.ofMinutes(5));
    }
}
