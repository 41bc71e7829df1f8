package dev.mlsync.config;

import org.junit.jupiter.api.Test;

import java.time.Duration;
import java.util.List;
import java.util.Map;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.catchThrowableOfType;

class ScheduleConfigTest {
    private static final String FEED = """
            feeds:
              - id: f1
                provider: reso
                baseUrl: https://example.org/odata/
            """;

    private static MlsyncConfig parse(String yaml) {
        return ConfigLoader.parse(yaml, "mlsync.yml", Map.of());
    }

    private static List<String> problemsOf(String yaml) {
        return catchThrowableOfType(ConfigException.class, () -> parse(yaml)).problems();
    }

    @Test
    void defaults_should_be_every_15_minutes_and_daily_reconcile() {
        MlsyncConfig config = parse(FEED);
        assertThat(config.feeds().getFirst().schedule()).isEqualTo(ScheduleConfig.ofDefaults());
        assertThat(config.feeds().getFirst().schedule().incremental().interval()).isEqualTo(Duration.ofMinutes(15));
        assertThat(config.workers()).isEqualTo(WorkersConfig.ofDefaults());
    }

    @Test
    void schedule_and_workers_should_bind_intervals_cron_and_off() {
        MlsyncConfig config = parse(FEED + """
                    schedule: {incremental: 5m, reconcile: off}
                  - id: f2
                    provider: reso
                    baseUrl: https://example.org/odata/
                    schedule: {incremental: "cron 0 */10 * * * *", reconcile: daily}
                workers: {threads: 8, pollingInterval: 500ms, heartbeatInterval: 5s, missedHeartbeats: 4,
                          shutdownTimeout: 1m}
                """);
        assertThat(config.feeds().get(0).schedule()).isEqualTo(new ScheduleConfig(
                Every.interval(Duration.ofMinutes(5)), null));
        assertThat(config.feeds().get(1).schedule()).isEqualTo(new ScheduleConfig(
                Every.cron("0 */10 * * * *"), Every.interval(Duration.ofDays(1))));
        assertThat(config.workers()).isEqualTo(new WorkersConfig(8, Duration.ofMillis(500), Duration.ofSeconds(5), 4,
                Duration.ofMinutes(1)));
        assertThat(config.workers().takeoverWithin()).isEqualTo(Duration.ofMillis(30_500));
    }

    @Test
    void bad_values_should_name_their_path() {
        List<String> problems = problemsOf(FEED + """
                    schedule: {incremental: soon, reconcile: "cron every day", weekly: 1d}
                workers: {threads: 0, missedHeartbeats: 2, heartbeatInterval: fast}
                """);
        assertThat(problems).hasSize(6).contains(
                "feeds[0].schedule.weekly: unknown key",
                "feeds[0].schedule.incremental: expected an interval such as 15m, 2h or 1d, \"cron <6 fields, "
                        + "seconds first>\", daily, or off, was \"soon\"",
                "workers.threads: must be >= 1, was 0",
                "workers.missedHeartbeats: must be >= 4, was 2",
                "workers.heartbeatInterval: expected a duration such as 500ms, 10s or 1m, was \"fast\"");
        assertThat(problems).anySatisfy(p -> assertThat(p)
                .startsWith("feeds[0].schedule.reconcile: invalid cron expression \"every day\""));
    }
}
