package dev.mlsync.sim;

import com.fasterxml.jackson.databind.JsonNode;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.EnumSource;

import java.time.Duration;
import java.time.Instant;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.stream.Collectors;

import static dev.mlsync.sim.SimClient.enc;
import static org.assertj.core.api.Assertions.assertThat;

class ChangeStreamIT {

    @ParameterizedTest
    @EnumSource(value = SimProfile.class, names = {"RESO", "MLSGRID", "BRIDGE", "SPARK", "TRESTLE"})
    void changed_records_appear_with_modification_timestamp_ge_before_including_deletions(SimProfile profile) {
        try (Simulator sim = Simulator.start(SimOptions.of(2000).withProfile(profile))) {
            Instant before = sim.now();
            ChangeSummary summary = sim.advance(Duration.ofHours(5));
            assertThat(summary.from()).isEqualTo(before);
            assertThat(sim.now()).isEqualTo(before.plus(Duration.ofHours(5))).isEqualTo(summary.to());
            assertThat(summary.deleted()).isPositive();
            assertThat(summary.created()).isPositive();
            List<TruthRecord> truth = sim.truth("Property");
            Map<String, TruthRecord> changed = truth.stream().filter(t -> !t.modificationTimestamp().isBefore(before))
                    .collect(Collectors.toMap(TruthRecord::key, t -> t));
            assertThat(changed.values()).allMatch(t -> t.modificationTimestamp().isAfter(before)
                    && !t.modificationTimestamp().isAfter(summary.to()));
            assertThat(changed).hasSize(summary.created() + summary.priceChanges() + summary.statusChanges()
                    + summary.photoChanges() + summary.deleted());

            Map<String, JsonNode> served = new HashMap<>();
            SimClient client = NextLinkIT.clientFor(sim);
            client.walk(incremental(profile, before)).forEach(v -> served.put(v.get("ListingKey").asText(), v));
            assertThat(served.keySet()).isEqualTo(changed.keySet());
            for (TruthRecord t : changed.values()) {
                JsonNode v = served.get(t.key());
                assertThat(Instant.parse(v.get("ModificationTimestamp").asText())).isEqualTo(t.modificationTimestamp());
                assertThat(deletedSignal(profile, v)).as(t.key()).isEqualTo(t.deleted());
            }
        }
    }

    private static String incremental(SimProfile profile, Instant before) {
        String since = "ModificationTimestamp ge " + before;
        return switch (profile) {
            case MLSGRID -> "/odata/Property?$top=1000&$filter=" + enc("OriginatingSystemName eq 'simmls' and " + since);
            case BRIDGE -> "/odata/Property?$top=200&$filter=" + enc(since);
            default -> "/odata/Property?$top=1000&$filter=" + enc(since);
        };
    }

    private static boolean deletedSignal(SimProfile profile, JsonNode v) {
        return profile == SimProfile.MLSGRID ? !v.get("MlgCanView").asBoolean()
                : v.get("StandardStatus").asText().equals("Delete");
    }

    @Test
    void advance_over_http_changes_truth_and_new_keys_continue_the_sequence() {
        try (Simulator sim = Simulator.start(SimOptions.of(300))) {
            SimClient client = new SimClient(sim);
            JsonNode summary = client.post("/_sim/advance?minutes=600", "").json();
            assertThat(summary.get("from").asText()).isEqualTo("2026-01-01T00:00:00.000Z");
            assertThat(summary.get("to").asText()).isEqualTo("2026-01-01T10:00:00.000Z");
            int created = summary.get("created").asInt();
            List<TruthRecord> truth = sim.truth("Property");
            assertThat(truth).hasSize(300 + created);
            assertThat(truth.get(truth.size() - 1).key()).isEqualTo("SIM" + (1_000_000 + 300 + created));
            String ndjson = client.get("/_sim/truth?resource=Property").body();
            assertThat(ndjson.lines().count()).isEqualTo(truth.size());
            assertThat(ndjson.lines().findFirst().orElseThrow()).startsWith("{\"key\":\"SIM1000001\",\"modificationTimestamp\":");
            assertThat(client.get("/_sim/truth?resource=Nope").status()).isEqualTo(400);
            assertThat(client.get("/_sim/requests").body().lines())
                    .anyMatch(line -> line.contains("\"pathAndQuery\":\"/_sim/advance?minutes=600\"") && line.contains("\"status\":200"));
            assertThat(sim.requests()).extracting(RequestLogEntry::method).contains("POST", "GET");
        }
    }

    @Test
    void deleted_listings_never_come_back_and_photo_changes_replace_media_keys() {
        try (Simulator sim = Simulator.start(SimOptions.of(1000))) {
            Map<String, List<String>> mediaBefore = sim.truth("Property").stream()
                    .collect(Collectors.toMap(TruthRecord::key, TruthRecord::mediaKeys));
            Set<String> deleted = new java.util.HashSet<>();
            int photoChanges = 0;
            for (int i = 0; i < 6; i++) {
                photoChanges += sim.advance(Duration.ofHours(2)).photoChanges();
                List<TruthRecord> truth = sim.truth("Property");
                assertThat(truth).filteredOn(t -> deleted.contains(t.key())).allMatch(TruthRecord::deleted);
                truth.stream().filter(TruthRecord::deleted).forEach(t -> deleted.add(t.key()));
            }
            assertThat(deleted).isNotEmpty();
            assertThat(photoChanges).isPositive();
            long replaced = sim.truth("Property").stream().filter(t -> !t.deleted() && mediaBefore.containsKey(t.key()))
                    .filter(t -> t.mediaKeys().stream().anyMatch(k -> k.contains("v"))).count();
            assertThat(replaced).isPositive();
            assertThat(sim.truth("Member")).hasSize(100);
        }
    }
}
