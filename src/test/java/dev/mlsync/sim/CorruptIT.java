package dev.mlsync.sim;

import com.fasterxml.jackson.databind.JsonNode;
import org.junit.jupiter.api.Test;

import java.util.ArrayList;
import java.util.List;

import static dev.mlsync.sim.SimClient.enc;
import static org.assertj.core.api.Assertions.assertThat;

class CorruptIT {

    @Test
    void corrupt_changes_only_the_serialized_field_of_that_record() {
        try (Simulator sim = Simulator.start(SimOptions.of(50))) {
            SimClient client = new SimClient(sim);
            List<String> orderBefore = keys(client);
            String key = orderBefore.get(3);
            sim.corrupt("Property", key, "ListPrice", "\"not-a-number\"");
            sim.corrupt("Property", key, "ModificationTimestamp", "\"garbage\"");
            JsonNode record = client.get("/odata/Property?$filter=" + enc("ListingKey eq '" + key + "'")).json().at("/value/0");
            assertThat(record.get("ListPrice").asText()).isEqualTo("not-a-number");
            assertThat(record.get("ModificationTimestamp").asText()).isEqualTo("garbage");
            assertThat(keys(client)).isEqualTo(orderBefore);
            assertThat(sim.truth("Property").get(3).modificationTimestamp().toString()).doesNotContain("garbage");

            String other = orderBefore.get(5);
            assertThat(client.post("/_sim/corrupt?resource=Property&key=" + other + "&field=ListingKey", "").status())
                    .isEqualTo(200);
            JsonNode keyless = client.get("/odata/Property?$top=50").json().at("/value/5");
            assertThat(keyless.has("ListingKey")).isFalse();
            assertThat(keyless.get("ListingId").asText()).isEqualTo("S" + other.substring(3));
        }
    }

    private static List<String> keys(SimClient client) {
        List<String> keys = new ArrayList<>();
        client.get("/odata/Property?$top=50&$select=ListingKey").json().get("value")
                .forEach(v -> keys.add(v.path("ListingKey").asText()));
        return keys;
    }
}
