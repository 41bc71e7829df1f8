package dev.mlsync.alert;

import static org.assertj.core.api.Assertions.assertThat;

import dev.mlsync.config.ServerConfig.AlertsConfig;
import dev.mlsync.quota.QuotaLimits;
import dev.mlsync.quota.QuotaView;
import dev.mlsync.store.LastRunRow;
import dev.mlsync.store.RunRow;
import java.time.Instant;
import java.util.List;
import org.junit.jupiter.api.Test;

class AlertRulesTest {
    private static final Instant NOW = Instant.parse("2026-12-01T08:00:00Z");
    private final AlertRules rules = new AlertRules(new AlertsConfig(List.of(), 30, 5.0, 24, 1000));

    private static LastRunRow finished(int added, int failed, int media) {
        RunRow run = new RunRow(7, "f", "Property", "incremental", "test", "completed", NOW.minusSeconds(60), NOW, 1, 1,
                10, added, 0, 0, 0, failed, media, null, null, null);
        return new LastRunRow("f", "Property", run, null, NOW, NOW.minusSeconds(60));
    }

    private List<String> holding(LastRunRow row, List<QuotaView> quotas) {
        return rules.evaluate(List.of(row), quotas, NOW).stream().filter(Condition::holds).map(Condition::rule).toList();
    }

    @Test
    void the_error_rate_should_fire_only_above_the_threshold() {
        assertThat(holding(finished(95, 5, 0), List.of())).isEmpty();
        assertThat(holding(finished(94, 6, 0), List.of())).containsExactly("error_rate");
    }

    @Test
    void a_large_batch_of_photos_should_fire() {
        assertThat(holding(finished(10, 0, 1000), List.of())).isEmpty();
        assertThat(holding(finished(10, 0, 1001), List.of())).containsExactly("many_new_photos");
    }

    @Test
    void an_open_breaker_should_fire_and_every_rule_should_report_on_every_feed_so_episodes_can_resolve() {
        QuotaLimits limits = new QuotaLimits(2, null, 7200, 40000, null, null, null, null);
        QuotaView open = new QuotaView("f", "mlsgrid-x", limits, 0L, 0L, 0L, 1.0, null, NOW.plusSeconds(600), false, null, null);
        assertThat(holding(finished(1, 0, 0), List.of(open))).containsExactly("breaker_open");
        assertThat(rules.evaluate(List.of(finished(1, 0, 0)), List.of(open), NOW)).extracting(Condition::rule)
                .containsExactlyInAnyOrderElementsOf(AlertRules.RULES);
    }

    @Test
    void a_credential_used_elsewhere_should_fire_while_the_warning_is_recent_and_resolve_when_it_is_not() {
        QuotaLimits limits = new QuotaLimits(null, 180, 7200, null, null, null, null, null);
        String warning = "credential used elsewhere: the provider counts 900 of 7200 (Hour-Quota) this hour, "
                + "this deployment sent 400";
        QuotaView warned = new QuotaView("f", "trestle-x", limits, 0L, 0L, 0L, null, null, null, false, warning,
                NOW.minusSeconds(600));
        assertThat(holding(finished(1, 0, 0), List.of(warned))).containsExactly("credential_used_elsewhere");
        assertThat(rules.evaluate(List.of(finished(1, 0, 0)), List.of(warned), NOW)).filteredOn(Condition::holds)
                .singleElement().extracting(Condition::message).asString()
                .contains("feed f", "900 of 7200", "shares this credential");

        QuotaView lastHour = new QuotaView("f", "trestle-x", limits, 0L, 0L, 0L, null, null, null, false, warning,
                NOW.minus(AlertRules.USED_ELSEWHERE_QUIET).plusSeconds(1));
        assertThat(holding(finished(1, 0, 0), List.of(lastHour))).as("raised again at most hourly while it lasts")
                .containsExactly("credential_used_elsewhere");
        QuotaView quiet = new QuotaView("f", "trestle-x", limits, 0L, 0L, 0L, null, null, null, false, warning,
                NOW.minus(AlertRules.USED_ELSEWHERE_QUIET));
        assertThat(holding(finished(1, 0, 0), List.of(quiet))).as("no foreign use seen for two hours").isEmpty();
        QuotaView cleared = new QuotaView("f", "trestle-x", limits, 0L, 0L, 0L, null, null, null, false, null, null);
        assertThat(holding(finished(1, 0, 0), List.of(cleared))).isEmpty();
        assertThat(rules.evaluate(List.of(), List.of(cleared), NOW)).extracting(Condition::rule)
                .as("reported while clear too, so the episode resolves").contains("credential_used_elsewhere");
    }
}
