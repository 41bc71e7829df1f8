package dev.mlsync.config;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.catchThrowableOfType;

import java.net.URI;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;

class RetsConfigTest {
    private static final String PASSWORD = "FAKE-rets-pa55-7y";
    private static final String UA_PASSWORD = "FAKE-ua-pa55-3k";
    private static final Map<String, String> ENV = Map.of("RETS_PASSWORD", PASSWORD, "RETS_UA_PASSWORD", UA_PASSWORD);

    private static MlsyncConfig parse(String yaml) {
        return ConfigLoader.parse(yaml, "mlsync.yml", ENV);
    }

    private static List<String> problemsOf(String yaml) {
        return catchThrowableOfType(ConfigException.class, () -> parse(yaml)).problems();
    }

    @Test
    void a_rets_feed_binds_login_url_credentials_and_the_rets_block() {
        FeedConfig feed = parse("""
                feeds:
                  - id: legacy
                    provider: rets
                    baseUrl: https://rets.example.com/rets2_1/Login
                    auth: {username: broker1, password: "${RETS_PASSWORD}", userAgent: mlsync/1.0,
                           userAgentPassword: "${RETS_UA_PASSWORD}"}
                    rets:
                      resource: Property
                      class: [RE_1, RI_2]
                      keyField: L_ListingID
                      timestampField: L_UpdateDate
                      format: COMPACT
                      photos: objects
                      fieldMap: {L_AskingPrice: ListPrice, L_City: City}
                """).feeds().getFirst();

        assertThat(feed.provider()).isEqualTo(Provider.RETS);
        assertThat(feed.baseUrl()).as("the Login URL is kept as given").isEqualTo(URI.create(
                "https://rets.example.com/rets2_1/Login"));
        assertThat(feed.auth()).isEqualTo(AuthConfig.password("broker1", PASSWORD, "mlsync/1.0", UA_PASSWORD));
        assertThat(feed.rets()).isEqualTo(new RetsConfig("Property", List.of("RE_1", "RI_2"), "L_ListingID",
                "L_UpdateDate", Map.of("L_AskingPrice", "ListPrice", "L_City", "City"), RetsConfig.Format.COMPACT,
                RetsConfig.Photos.OBJECTS, null, null));
        assertThat(feed.pageSize()).isEqualTo(1000);
        assertThat(ProviderPreset.of(Provider.RETS).perSecond()).isEqualTo(2);
    }

    @Test
    void defaults_are_property_compact_decoded_photos_by_location() {
        RetsConfig rets = parse("""
                feeds:
                  - {id: r, provider: rets, baseUrl: "http://h/Login", auth: {username: u, password: p},
                     rets: {class: A}}
                """).feeds().getFirst().rets();

        assertThat(rets).isEqualTo(RetsConfig.of("A"));
        assertThat(rets.format().wireName()).isEqualTo("COMPACT-DECODED");
        assertThat(rets.photos()).isEqualTo(RetsConfig.Photos.LOCATION);
        assertThat(rets.version()).isEqualTo("RETS/1.7.2");
    }

    @Test
    void every_rets_problem_is_reported_with_its_path() {
        List<String> problems = problemsOf("""
                feeds:
                  - id: r
                    provider: rets
                    baseUrl: http://h/Login
                    resources: [Property, Member]
                    auth: {username: u, token: t}
                    rets: {format: STANDARD-XML, photos: all, keyField: "a b", fieldMap: {LIST_1: "x;y"}, version: "2.0",
                           clas: A}
                  - id: o
                    provider: reso
                    baseUrl: http://h/odata
                    rets: {class: A}
                """);

        assertThat(problems).containsExactlyInAnyOrder(
                "feeds[0].auth.token: unknown key",
                "feeds[0].auth.password: required for provider rets",
                "feeds[0].rets.clas: unknown key; did you mean class?",
                "feeds[0].rets.class: required (the RETS class to search, e.g. A or RE_1, or a list)",
                "feeds[0].rets.keyField: must be a RETS system name like LIST_22 or ListPrice, was \"a b\"",
                "feeds[0].rets.fieldMap.LIST_1: must be a RETS system name like LIST_22 or ListPrice, was \"x;y\"",
                "feeds[0].rets.format: must be one of COMPACT-DECODED, COMPACT, was \"STANDARD-XML\"",
                "feeds[0].rets.photos: must be one of location, objects, none, was \"all\"",
                "feeds[0].rets.version: must be RETS/1.5, RETS/1.7, RETS/1.7.2 or RETS/1.8, was \"2.0\"",
                "feeds[0].resources: a rets feed replicates [Property] (rets.resource and rets.class say what is "
                        + "searched); leave resources out",
                "feeds[1].rets: only for provider rets");
    }

    @Test
    void a_rets_feed_needs_auth_and_a_rets_block() {
        assertThat(problemsOf("""
                feeds:
                  - {id: r, provider: rets, baseUrl: "http://h/Login"}
                """)).containsExactlyInAnyOrder("feeds[0].auth: required for provider rets (username and password)",
                "feeds[0].rets: required for provider rets (at least rets.class)");
    }

    @Test
    void passwords_never_reach_problems_descriptions_or_strings() {
        MlsyncConfig config = parse("""
                feeds:
                  - id: legacy
                    provider: rets
                    baseUrl: https://rets.example.com/Login
                    auth: {username: broker1, password: "${RETS_PASSWORD}", userAgent: ua/1,
                           userAgentPassword: "${RETS_UA_PASSWORD}"}
                    rets: {class: A}
                """);
        String description = ConfigDescription.of(config);

        assertThat(description).contains("provider=rets", "login as broker1 with user agent ua/1 (UA password set)",
                "rets=Property:A").doesNotContain(PASSWORD, UA_PASSWORD);
        assertThat(config.toString()).doesNotContain(PASSWORD, UA_PASSWORD);
        List<String> problems = problemsOf("""
                feeds:
                  - {id: r, provider: rets, baseUrl: "http://h/Login", rets: {class: A},
                     auth: {username: u, password: 12345678, userAgentPassword: [FAKE-in-a-list]}}
                """);
        assertThat(String.join("\n", problems)).doesNotContain("12345678", "FAKE-in-a-list")
                .contains("feeds[0].auth.userAgentPassword");
    }
}
