package dev.mlsync.sim;

import com.fasterxml.jackson.databind.JsonNode;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.EnumSource;

import java.util.List;
import java.util.stream.Collectors;

import static dev.mlsync.sim.SimClient.enc;
import static org.assertj.core.api.Assertions.assertThat;

class NextLinkIT {
    private static final int N = 1100;

    static SimClient clientFor(Simulator sim) {
        SimClient client = new SimClient(sim);
        if (sim.options().profile() == SimProfile.TRESTLE) {
            SimClient.Response token = client.post(sim.tokenUrl().toString(),
                    "grant_type=client_credentials&client_id=test&client_secret=secret&scope=api");
            client.bearer(token.json().get("access_token").asText());
        }
        return client;
    }

    static String firstPage(SimProfile profile) {
        return switch (profile) {
            case MLSGRID -> "/odata/Property?$expand=Media&$top=1000&$filter="
                    + enc("OriginatingSystemName eq 'simmls' and MlgCanView eq true");
            case BRIDGE -> "/odata/Property?$top=200";
            default -> "/odata/Property?$expand=Media&$top=250";
        };
    }

    @ParameterizedTest
    @EnumSource(value = SimProfile.class, mode = EnumSource.Mode.EXCLUDE, names = "RETS")
    void next_links_walk_every_listing_once(SimProfile profile) {
        try (Simulator sim = Simulator.start(SimOptions.of(N).withProfile(profile))) {
            SimClient client = clientFor(sim);
            List<JsonNode> all = client.walk(firstPage(profile));
            List<String> keys = all.stream().map(v -> v.get("ListingKey").asText()).toList();
            assertThat(keys).doesNotHaveDuplicates()
                    .containsExactlyInAnyOrderElementsOf(sim.truth("Property").stream().map(TruthRecord::key)
                            .collect(Collectors.toList()));
            assertThat(all).allMatch(v -> v.get("Media").size() == v.get("PhotosCount").asInt());
        }
    }

    @ParameterizedTest
    @EnumSource(value = SimProfile.class, mode = EnumSource.Mode.EXCLUDE, names = "RETS")
    void next_link_is_placed_and_shaped_as_the_provider_does(SimProfile profile) {
        try (Simulator sim = Simulator.start(SimOptions.of(N).withProfile(profile))) {
            String body = clientFor(sim).get(firstPage(profile)).body();
            int link = body.indexOf("\"@odata.nextLink\"");
            int value = body.indexOf("\"value\"");
            assertThat(link).isPositive();
            if (profile == SimProfile.TRESTLE) {
                assertThat(link).isLessThan(value);
            } else {
                assertThat(link).isGreaterThan(value);
            }
            String url = body.substring(link + 19, body.indexOf('"', link + 19));
            assertThat(url).startsWith(profile == SimProfile.BRIDGE ? "/odata/Property?" : sim.serviceRoot() + "Property?");
            assertThat(url).contains(profile == SimProfile.SPARK ? "$skiptoken=" : "$skip=");
        }
    }
}
