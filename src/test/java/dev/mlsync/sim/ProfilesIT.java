package dev.mlsync.sim;

import com.fasterxml.jackson.databind.JsonNode;
import org.junit.jupiter.api.Test;

import java.util.ArrayList;
import java.util.Base64;
import java.util.List;

import static dev.mlsync.sim.SimClient.enc;
import static org.assertj.core.api.Assertions.assertThat;

class ProfilesIT {
    private static final String OSN = "OriginatingSystemName eq 'simmls'";

    @Test
    void mlsgrid_rejects_missing_originating_system_missing_gzip_and_oversized_expand_pages() {
        try (Simulator sim = Simulator.start(SimOptions.of(300).withProfile(SimProfile.MLSGRID))) {
            SimClient client = new SimClient(sim);
            assertError(client.get("/odata/Property?$filter=" + enc("MlgCanView eq true")), 400, "OriginatingSystemName");
            assertError(client.get("/odata/Property"), 400, "OriginatingSystemName");
            assertError(client.get("/odata/Member?$filter=" + enc(OSN + " and " + OSN)), 400, "exactly one");
            assertError(client.gzip(false).get("/odata/Property?$filter=" + enc(OSN)), 400, "gzip");
            client.gzip(true);
            assertError(client.get("/odata/Property?$expand=Media&$top=2000&$filter=" + enc(OSN)), 400, "$top=2000");
            assertThat(client.get("/odata/Property?$top=2000&$filter=" + enc(OSN)).status()).isEqualTo(200);
            assertError(client.get("/odata/Property?$filter=" + enc(OSN + " and ListPrice gt 1")), 400, "ListPrice");
            String sixOrs = OSN + " and (ListingId eq 'a' or ListingId eq 'b' or ListingId eq 'c' or ListingId eq 'd'"
                    + " or ListingId eq 'e' or ListingId eq 'f' or ListingId eq 'g')";
            assertError(client.get("/odata/Property?$filter=" + enc(sixOrs)), 400, "'or'");
            JsonNode ok = client.get("/odata/Media?$top=5&$filter=" + enc(OSN + " and ResourceRecordKey eq 'SIM1000001'")).json();
            assertThat(ok.get("value")).isNotEmpty();
        }
    }

    @Test
    void bridge_replication_endpoint_pages_oldest_first_by_next_link_only() {
        try (Simulator sim = Simulator.start(SimOptions.of(2500).withProfile(SimProfile.BRIDGE))) {
            SimClient client = new SimClient(sim);
            assertError(client.get("/odata/Property?$top=201"), 400, "200");
            assertError(client.get("/odata/Property/replication?$top=2001"), 400, "2000");
            assertError(client.get("/odata/Property/replication?$skip=10"), 400, "$skip");
            assertError(client.get("/odata/Property/replication?$orderby=ListPrice"), 400, "$orderby");
            List<JsonNode> all = client.walk("/odata/Property/replication?$top=2000");
            assertThat(all).hasSize(2500);
            List<String> order = new ArrayList<>();
            all.forEach(v -> order.add(v.get("BridgeModificationTimestamp").asText() + "|" + v.get("ListingKey").asText()));
            assertThat(order).isSorted().doesNotHaveDuplicates();
            JsonNode media = all.get(0).get("Media");
            assertThat(media).isNotEmpty();
            assertThat(media.get(0).get("Order").isTextual()).isTrue();
        }
    }

    @Test
    void trestle_requires_a_token_from_its_token_endpoint() {
        try (Simulator sim = Simulator.start(SimOptions.of(50).withProfile(SimProfile.TRESTLE).withToken("s3cret"))) {
            SimClient client = new SimClient(sim).bearer("made-up");
            assertError(client.get("/odata/Property"), 401, "bearer");
            SimClient.Response wrong = client.post(sim.tokenUrl().toString(),
                    "grant_type=client_credentials&client_id=c&client_secret=nope&scope=api");
            assertThat(wrong.status()).isEqualTo(401);
            assertThat(wrong.json().get("error").asText()).isEqualTo("invalid_client");
            SimClient.Response token = client.bearer(null).post(sim.tokenUrl().toString(),
                    "grant_type=client_credentials&client_id=c&client_secret=s3cret&scope=api");
            assertThat(token.status()).isEqualTo(200);
            assertThat(token.json().get("token_type").asText()).isEqualTo("Bearer");
            assertThat(token.json().get("expires_in").asInt()).isEqualTo(3600);
            client.bearer(token.json().get("access_token").asText());
            assertThat(client.get("/odata/Property?$top=10").status()).isEqualTo(200);
            assertError(client.get("/odata/Property?$top=1001"), 400, "1000");
        }
    }

    @Test
    void token_endpoint_accepts_http_basic_client_credentials() {
        try (Simulator sim = Simulator.start(SimOptions.of(20).withProfile(SimProfile.TRESTLE).withToken("pw"))) {
            java.net.http.HttpRequest request = java.net.http.HttpRequest.newBuilder(sim.tokenUrl())
                    .header("Authorization", "Basic " + Base64.getEncoder().encodeToString("id:pw".getBytes()))
                    .header("Content-Type", "application/x-www-form-urlencoded")
                    .POST(java.net.http.HttpRequest.BodyPublishers.ofString("grant_type=client_credentials&scope=api")).build();
            assertThat(send(request)).isEqualTo(200);
        }
    }

    @Test
    void configured_token_is_required_on_data_and_media_for_reso() {
        try (Simulator sim = Simulator.start(SimOptions.of(20).withToken("t0k"))) {
            assertError(new SimClient(sim).bearer("wrong").get("/odata/Property"), 401, "Invalid bearer");
            assertError(new SimClient(sim).bearer(null).get("/media/SIM1000001-M01.jpg"), 401, "Missing bearer");
            assertThat(new SimClient(sim).bearer("t0k").get("/odata/Property").status()).isEqualTo(200);
        }
    }

    @Test
    void metadata_declares_entity_types_and_the_media_navigation_property() {
        try (Simulator sim = Simulator.start(SimOptions.of(20))) {
            SimClient.Response r = new SimClient(sim).get("/odata/$metadata");
            assertThat(r.headers().firstValue("Content-Type")).hasValue("application/xml");
            assertThat(r.body()).contains("<EntityType Name=\"Property\">", "<EntityType Name=\"OpenHouse\">",
                    "Name=\"ModificationTimestamp\" Type=\"Edm.DateTimeOffset\"", "Name=\"ListPrice\" Type=\"Edm.Decimal\"",
                    "<NavigationProperty Name=\"Media\" Type=\"Collection(org.reso.metadata.Media)\"/>");
            assertError(new SimClient(sim).get("/nowhere"), 404, "No resource");
            assertError(new SimClient(sim).get("/odata/Nope"), 404, "No resource");
        }
    }

    private static int send(java.net.http.HttpRequest request) {
        try {
            return java.net.http.HttpClient.newHttpClient().send(request,
                    java.net.http.HttpResponse.BodyHandlers.discarding()).statusCode();
        } catch (Exception e) {
            throw new IllegalStateException(e);
        }
    }

    static void assertError(SimClient.Response r, int status, String messagePart) {
        assertThat(r.status()).as(r.body()).isEqualTo(status);
        assertThat(r.json().at("/error/message").asText()).contains(messagePart);
    }
}
