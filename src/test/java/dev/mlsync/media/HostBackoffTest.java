package dev.mlsync.media;

import dev.mlsync.testing.SettableClock;
import org.junit.jupiter.api.Test;

import java.time.Duration;
import java.time.Instant;

import static org.assertj.core.api.Assertions.assertThat;

class HostBackoffTest {
    private final SettableClock clock = new SettableClock(Instant.parse("2026-01-01T00:00:00Z"));
    private final HostBackoff hosts = new HostBackoff(clock, Duration.ofSeconds(30));

    @Test
    void a_sporadic_error_between_successes_should_not_block_the_host() {
        hosts.failed("cdn", "HTTP 503");
        assertThat(hosts.blocked("cdn")).as("one error: its photo retries alone").isNull();
        hosts.succeeded("cdn");
        hosts.failed("cdn", "HTTP 503");
        hosts.failed("cdn", "HTTP 503");
        assertThat(hosts.blocked("cdn")).isNull();
    }

    @Test
    void errors_in_a_row_should_block_the_host_doubling_and_a_success_should_unblock_it() {
        for (int i = 0; i < HostBackoff.FAILURES_BEFORE_BACKOFF; i++) {
            hosts.failed("cdn", "HTTP 503");
        }
        assertThat(hosts.blocked("cdn").until()).isEqualTo(clock.instant().plusSeconds(30));
        assertThat(hosts.blocked("cdn").lastError()).isEqualTo("HTTP 503");
        assertThat(hosts.failed("cdn", "HTTP 503")).isEqualTo(clock.instant().plusSeconds(60));
        assertThat(hosts.blocked("other")).isNull();
        hosts.succeeded("cdn");
        assertThat(hosts.blocked("cdn")).isNull();
    }
}
