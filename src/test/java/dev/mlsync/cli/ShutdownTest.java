package dev.mlsync.cli;

import static org.assertj.core.api.Assertions.assertThat;

import java.time.Duration;
import org.junit.jupiter.api.Test;

class ShutdownTest {
    @Test
    void the_jvm_should_wait_for_a_long_worker_hand_over_and_the_close_after_it() {
        assertThat(Shutdown.grace(Duration.ofSeconds(30))).as("default workers: the 60 s floor").isEqualTo(60);
        assertThat(Shutdown.grace(Duration.ofMinutes(5))).as("5 min hand-over + 30 s to close").isEqualTo(330);
    }
}
