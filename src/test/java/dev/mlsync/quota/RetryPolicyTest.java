package dev.mlsync.quota;

import dev.mlsync.source.SourceException;
import dev.mlsync.source.SourceException.Category;
import org.junit.jupiter.api.Test;

import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Random;
import java.util.concurrent.atomic.AtomicInteger;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

class RetryPolicyTest {
    private final List<Duration> waits = new ArrayList<>();
    private final RetryPolicy policy = RetryPolicy.of(4, Duration.ofSeconds(1), Duration.ofSeconds(5),
            waits::add, new Random(7));

    private static Runnable failing(AtomicInteger calls, int failures, Category category) {
        return () -> {
            if (calls.incrementAndGet() <= failures) {
                throw new SourceException(category, 503, "attempt " + calls.get() + " failed");
            }
        };
    }

    private String run(Runnable attempt) {
        return policy.call("test page", () -> {
            attempt.run();
            return "page";
        });
    }

    @Test
    void transient_failures_should_be_retried_until_success_with_bounded_jittered_waits() {
        AtomicInteger calls = new AtomicInteger();
        assertThat(run(failing(calls, 3, Category.SERVER))).isEqualTo("page");
        assertThat(calls).hasValue(4);
        assertThat(waits).hasSize(3);
        assertThat(waits.get(0)).isBetween(Duration.ZERO, Duration.ofSeconds(1));
        assertThat(waits.get(1)).isBetween(Duration.ZERO, Duration.ofSeconds(2));
        assertThat(waits.get(2)).isBetween(Duration.ZERO, Duration.ofSeconds(4));
    }

    @Test
    void exhausted_attempts_should_throw_the_last_error() {
        AtomicInteger calls = new AtomicInteger();
        assertThatThrownBy(() -> run(failing(calls, 10, Category.NETWORK))).hasMessage("attempt 4 failed");
        assertThat(calls).hasValue(4);
    }

    @Test
    void authentication_failures_should_never_be_retried() {
        AtomicInteger calls = new AtomicInteger();
        assertThatThrownBy(() -> run(failing(calls, 10, Category.AUTH))).isInstanceOf(SourceException.class);
        assertThat(calls).hasValue(1);
        assertThat(waits).isEmpty();
    }

    @Test
    void rate_limits_should_not_use_up_attempts_nor_add_backoff() {
        AtomicInteger calls = new AtomicInteger();
        assertThat(run(failing(calls, 8, Category.RATE_LIMIT))).isEqualTo("page");
        assertThat(calls).hasValue(9);
        assertThat(waits).isEmpty();
    }
}
