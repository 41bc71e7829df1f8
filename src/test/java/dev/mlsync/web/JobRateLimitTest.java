package dev.mlsync.web;

import static org.assertj.core.api.Assertions.assertThat;

import dev.mlsync.testing.SettableClock;
import java.time.Duration;
import java.time.Instant;
import org.junit.jupiter.api.Test;

class JobRateLimitTest {
    private final SettableClock clock = new SettableClock(Instant.parse("2026-12-01T08:00:10Z"));
    private final JobRateLimit limit = new JobRateLimit(2, clock);

    @Test
    void a_token_should_get_its_limit_per_minute_and_then_the_seconds_to_wait() {
        assertThat(limit.tryAcquire("a")).isZero();
        assertThat(limit.tryAcquire("a")).isZero();
        assertThat(limit.tryAcquire("a")).isEqualTo(50);
        assertThat(limit.tryAcquire("b")).as("another token has its own budget").isZero();
        clock.advance(Duration.ofSeconds(50));
        assertThat(limit.tryAcquire("a")).as("a new minute").isZero();
    }

    @Test
    void a_released_creation_should_not_count() {
        limit.tryAcquire("a");
        limit.tryAcquire("a");
        limit.release("a");
        assertThat(limit.tryAcquire("a")).isZero();
        assertThat(limit.tryAcquire("a")).isPositive();
    }
}
