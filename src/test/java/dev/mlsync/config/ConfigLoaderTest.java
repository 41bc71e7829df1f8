package dev.mlsync.config;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.assertj.core.api.Assertions.catchThrowableOfType;

import java.net.URI;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class ConfigLoaderTest {
    private static final String FAKE_SECRET = "FAKE-s3cr3t-9q7x";

    private static MlsyncConfig parse(String yaml, Map<String, String> env) {
        return ConfigLoader.parse(yaml, "mlsync.yml", env);
    }

    private static List<String> problemsOf(String yaml, Map<String, String> env) {
        return catchThrowableOfType(ConfigException.class, () -> parse(yaml, env)).problems();
    }

    @Test
    void full_config_should_bind_every_field() {
        MlsyncConfig config = parse("""
                database:
                  url: jdbc:postgresql://db:5432/mls
                  user: mlsync
                  password: ${DB_PASSWORD}
                feeds:
                  - id: actris
                    provider: mlsgrid
                    baseUrl: https://api.mlsgrid.com/v2
                    auth:
                      token: ${MLSGRID_TOKEN}
                    originatingSystem: actris
                    resources: [Property, Member, Office, OpenHouse]
                    pageSize: 500
                    overrides: {maxPageSize: 500, expandMedia: false, mediaBatchSize: 100,
                                timestampField: ModificationTimestamp, overlapSeconds: 0, keysetPaging: true}
                  - id: crmls_trestle
                    provider: trestle
                    baseUrl: https://api-trestle.corelogic.com/trestle/odata/
                    auth: {tokenUrl: https://api-trestle.corelogic.com/trestle/oidc/connect/token,
                           clientId: abc, clientSecret: "${TRESTLE_SECRET}", scope: api}
                  - id: open-data
                    provider: reso
                    baseUrl: http://localhost:8080/odata/
                """, Map.of("DB_PASSWORD", "pw", "MLSGRID_TOKEN", "tok", "TRESTLE_SECRET", "cs"));

        assertThat(config.database()).isEqualTo(
                new DatabaseConfig("jdbc:postgresql://db:5432/mls", "mlsync", "pw", DatabaseConfig.DEFAULT_EMBEDDED_DIR));
        assertThat(config.feeds()).containsExactly(
                new FeedConfig("actris", Provider.MLSGRID, URI.create("https://api.mlsgrid.com/v2/"),
                        AuthConfig.bearer("tok"), "actris", List.of("Property", "Member", "Office", "OpenHouse"), 500,
                        new ProfileOverrides(500, false, 100, "ModificationTimestamp", 0, true), null, null),
                new FeedConfig("crmls_trestle", Provider.TRESTLE,
                        URI.create("https://api-trestle.corelogic.com/trestle/odata/"),
                        AuthConfig.oauth2("https://api-trestle.corelogic.com/trestle/oidc/connect/token", "abc", "cs", "api"),
                        null, List.of("Property"), 1000, ProfileOverrides.none(), null, null),
                new FeedConfig("open-data", Provider.RESO, URI.create("http://localhost:8080/odata/"),
                        AuthConfig.none(), null, List.of("Property"), 1000, ProfileOverrides.none(), null, null));
    }

    @Test
    void empty_file_should_give_embedded_database_and_no_feeds() {
        assertThat(parse("", Map.of())).isEqualTo(MlsyncConfig.ofDefaults());
        assertThat(parse("# nothing yet\n", Map.of())).isEqualTo(MlsyncConfig.ofDefaults());
        assertThat(parse("feeds: []\n", Map.of())).isEqualTo(MlsyncConfig.ofDefaults());
    }

    @Test
    void page_size_should_default_to_the_smaller_of_1000_and_the_provider_maximum() {
        MlsyncConfig config = parse("""
                feeds:
                  - {id: b, provider: bridge, baseUrl: "https://api.bridgedataoutput.com/api/v2/OData/x"}
                  - {id: m, provider: mlsgrid, baseUrl: "https://api.mlsgrid.com/v2/", originatingSystem: actris}
                """, Map.of());

        assertThat(config.feeds()).extracting(FeedConfig::pageSize).containsExactly(200, 1000);
        assertThat(config.feeds().get(0).baseUrl()).hasToString("https://api.bridgedataoutput.com/api/v2/OData/x/");
    }

    @Test
    void database_shorthand_embedded_should_be_accepted() {
        assertThat(parse("database: embedded\n", Map.of()).database()).isEqualTo(DatabaseConfig.ofDefaults());
    }

    @Test
    void database_user_and_password_should_come_from_env_when_not_in_the_file() {
        Map<String, String> env = Map.of("MLSYNC_DB_USER", "envuser", "MLSYNC_DB_PASSWORD", "envpw");

        DatabaseConfig fromEnv = parse("database: {url: 'jdbc:postgresql://db/mls'}\n", env).database();
        DatabaseConfig fromFile = parse("database: {url: 'jdbc:postgresql://db/mls', user: u, password: p}\n", env).database();

        assertThat(fromEnv.user()).isEqualTo("envuser");
        assertThat(fromEnv.password()).isEqualTo("envpw");
        assertThat(fromFile.user()).isEqualTo("u");
        assertThat(fromFile.password()).isEqualTo("p");
    }

    @Test
    void env_substitution_should_support_defaults_and_escape() {
        MlsyncConfig config = parse("""
                database:
                  url: jdbc:postgresql://${DB_HOST}:${DB_PORT:-5432}/mls
                  embeddedDir: ${UNSET_DIR:-/var/lib/mlsync}
                  user: $${LITERAL}
                feeds:
                  - id: ${FEED_ID}
                    provider: reso
                    baseUrl: https://${HOST}/odata/
                    pageSize: ${PAGE_SIZE}
                    overrides: {expandMedia: "${EXPAND:-false}"}
                """, Map.of("DB_HOST", "db", "FEED_ID", "f1", "HOST", "example.com", "PAGE_SIZE", "250"));

        assertThat(config.database().url()).isEqualTo("jdbc:postgresql://db:5432/mls");
        assertThat(config.database().embeddedDir()).isEqualTo(Path.of("/var/lib/mlsync"));
        assertThat(config.database().user()).isEqualTo("${LITERAL}");
        FeedConfig feed = config.feeds().getFirst();
        assertThat(feed.id()).isEqualTo("f1");
        assertThat(feed.baseUrl()).hasToString("https://example.com/odata/");
        assertThat(feed.pageSize()).isEqualTo(250);
        assertThat(feed.overrides().expandMedia()).isFalse();
    }

    @Test
    void unset_env_variable_should_name_the_path_and_the_variable() {
        List<String> problems = problemsOf("""
                feeds:
                  - {id: a, provider: reso, baseUrl: "https://a.example/"}
                  - id: actris
                    provider: mlsgrid
                    baseUrl: https://api.mlsgrid.com/v2/
                    originatingSystem: actris
                    auth:
                      token: ${MLSGRID_TOKEN}
                """, Map.of());

        assertThat(problems).containsExactly("feeds[1].auth.token: environment variable MLSGRID_TOKEN is not set");
    }

    @Test
    void broken_config_should_report_every_problem_with_its_path() {
        List<String> problems = problemsOf("""
                databse: embedded
                database:
                  url: mysql://db/mls
                feeds:
                  - id: x
                    provider: mlsgird
                    baseurl: https://api.mlsgrid.com/v2/
                    pageSize: abc
                  - id: Bad Id
                    provider: trestle
                    baseUrl: ftp://example.com/
                  - id: t
                    provider: trestle
                    baseUrl: https://api-trestle.corelogic.com/trestle/odata/
                    pageSize: 2000
                    resources: [Property, Media, Proprety]
                    auth: {tokenUrl: "https://x.example/token", clientId: c}
                  - id: x
                    provider: mlsgrid
                    baseUrl: https://api.mlsgrid.com/v2/
                    overrides: {overlapSeconds: -1, expandMedia: maybe}
                """, Map.of());

        assertThat(problems).containsExactlyInAnyOrder(
                "databse: unknown key; did you mean database?",
                "database.url: must be \"embedded\" or a JDBC URL starting with \"jdbc:postgresql:\", was \"mysql://db/mls\"",
                "feeds[0].baseurl: unknown key; did you mean baseUrl?",
                "feeds[0].baseUrl: required",
                "feeds[0].provider: unknown provider \"mlsgird\"; did you mean mlsgrid? "
                        + "(one of mlsgrid, trestle, bridge, spark, ampre, reso, rets)",
                "feeds[0].pageSize: expected an integer, was \"abc\"",
                "feeds[1].id: invalid feed id \"Bad Id\"; use 1 to 63 lowercase letters, digits, '_' or '-', "
                        + "starting with a letter or digit",
                "feeds[1].baseUrl: must be an absolute http or https URL, was \"ftp://example.com/\"",
                "feeds[2].resources[1]: Media comes with Property and is not listed",
                "feeds[2].resources[2]: unknown resource \"Proprety\"; did you mean Property? "
                        + "(one of Property, Member, Office, OpenHouse)",
                "feeds[2].auth.clientSecret: required for oauth2",
                "feeds[2].pageSize: must be <= 1000 for trestle, was 2000",
                "feeds[3].overrides.overlapSeconds: must be >= 0, was -1",
                "feeds[3].overrides.expandMedia: expected true or false, was \"maybe\"",
                "feeds[3].originatingSystem: required for mlsgrid (every query must name its OriginatingSystemName)",
                "feeds[3].id: duplicate feed id \"x\" (also feeds[0].id)");
    }

    @Test
    void exception_message_should_list_the_problems_one_per_line() {
        ConfigException e = catchThrowableOfType(ConfigException.class,
                () -> parse("feeds:\n  - {id: a, provider: reso}\n  - {id: b, baseUrl: 'https://b/'}\n", Map.of()));

        assertThat(e.getMessage()).isEqualTo("feeds[0].baseUrl: required\nfeeds[1].provider: required");
    }

    @Test
    void did_you_mean_should_be_offered_only_when_close() {
        List<String> problems = problemsOf("""
                feeds:
                  - id: a
                    provider: Trestle
                    baseUrl: https://a.example/
                    pagesize: 10
                    zzz: 1
                    auth: {tokn: x}
                  - {id: b, provider: nosuch, baseUrl: "https://b.example/"}
                """, Map.of());

        assertThat(problems).contains(
                "feeds[0].provider: unknown provider \"Trestle\"; did you mean trestle? "
                        + "(one of mlsgrid, trestle, bridge, spark, ampre, reso, rets)",
                "feeds[0].pagesize: unknown key; did you mean pageSize?",
                "feeds[0].zzz: unknown key",
                "feeds[0].auth.tokn: unknown key; did you mean token?",
                "feeds[1].provider: unknown provider \"nosuch\" (one of mlsgrid, trestle, bridge, spark, ampre, reso, rets)");
    }

    @Test
    void mlsgrid_page_size_should_be_capped_by_expand_unless_media_is_fetched_separately() {
        String feed = "feeds:\n  - {id: m, provider: mlsgrid, baseUrl: 'https://api.mlsgrid.com/v2/', "
                + "originatingSystem: actris, pageSize: 5000%s}\n";

        assertThat(problemsOf(feed.formatted(""), Map.of())).containsExactly("feeds[0].pageSize: must be <= 1000 for "
                + "mlsgrid with media by $expand (set overrides.expandMedia: false to allow up to 5000), was 5000");
        assertThat(parse(feed.formatted(", overrides: {expandMedia: false}"), Map.of()).feeds().getFirst().pageSize())
                .isEqualTo(5000);
    }

    @Test
    void auth_should_not_mix_token_and_oauth2_fields() {
        List<String> problems = problemsOf("""
                feeds:
                  - id: a
                    provider: reso
                    baseUrl: https://a.example/
                    auth: {token: t, clientId: c, clientSecret: s}
                  - {id: b, provider: reso, baseUrl: "https://b.example/", auth: {}}
                """, Map.of());

        assertThat(problems).containsExactly(
                "feeds[0].auth: token (bearer) cannot be combined with clientId, clientSecret (oauth2); "
                        + "give either token or tokenUrl, clientId and clientSecret",
                "feeds[1].auth: give token (bearer) or tokenUrl, clientId and clientSecret (oauth2), "
                        + "or leave auth out for none");
    }

    @Test
    void secrets_should_never_appear_in_problems() {
        Map<String, String> env = Map.of("SECRET", FAKE_SECRET);
        String yaml = """
                database:
                  url: postgres://admin:%1$s@db/mls?password=%1$s
                  password: [%1$s]
                feeds:
                  - id: a
                    provider: reso
                    baseUrl: https://user:%1$s@a.example/odata?api_key=%1$s&x=1
                    auth: {token: "${SECRET}", clientSecret: "%1$s", tokn: 1}
                    pageSize: 5000
                  - id: b
                    provider: trestle
                    baseUrl: "ftp://x/?token=%1$s"
                    auth: {tokenUrl: "ftp://x/token?client_secret=%1$s", clientId: c, clientSecret: {nested: "%1$s"}}
                  - id: c
                    provider: reso
                    baseUrl: https://c.example/
                    auth: {token: 12345}
                  - id: d
                    provider: reso
                    baseUrl: https://d.example/
                    auth: "%1$s"
                """.formatted(FAKE_SECRET);

        ConfigException e = catchThrowableOfType(ConfigException.class, () -> parse(yaml, env));

        assertThat(e.problems()).hasSizeGreaterThanOrEqualTo(7);
        assertThat(e.getMessage()).doesNotContain(FAKE_SECRET).doesNotContain("12345")
                .contains("feeds[3].auth: expected a mapping, was a string")
                .contains("database.password: expected a string, was a list");
    }

    @Test
    void describe_should_summarise_without_secrets() {
        MlsyncConfig config = parse("""
                database: {url: "jdbc:postgresql://db/mls?user=u&password=%1$s", password: "%1$s"}
                feeds:
                  - {id: actris, provider: mlsgrid, baseUrl: "https://api.mlsgrid.com/v2/", originatingSystem: actris,
                     auth: {token: "%1$s"}, resources: [Property, Member]}
                  - {id: t, provider: trestle, baseUrl: "https://api.example/odata/",
                     auth: {tokenUrl: "https://api.example/token", clientId: cid, clientSecret: "%1$s"}}
                """.formatted(FAKE_SECRET), Map.of());

        assertThat(config.describe()).isEqualTo("""
                database: jdbc:postgresql://db/mls?user=u&password=***, password set
                feeds: 2
                  actris: provider=mlsgrid baseUrl=https://api.mlsgrid.com/v2/ auth=bearer token \
                originatingSystem=actris resources=Property,Member pageSize=1000
                  t: provider=trestle baseUrl=https://api.example/odata/ auth=oauth2 client cid via \
                https://api.example/token resources=Property pageSize=1000""");
        assertThat(ConfigLoader.describe(MlsyncConfig.ofDefaults()))
                .isEqualTo("database: embedded PostgreSQL, data in .mlsync/pg\nfeeds: none");
    }

    @Test
    void yaml_syntax_error_should_give_line_and_column() {
        List<String> problems = problemsOf("feeds:\n  - id: a\n    provider: x: y\n", Map.of());

        assertThat(problems).singleElement().asString().startsWith("mlsync.yml:3:16: mapping values are not allowed here");
    }

    @Test
    void bad_indentation_should_give_line_and_column() {
        List<String> problems = problemsOf("database:\n  url: embedded\n embeddedDir: x\n", Map.of());

        assertThat(problems).singleElement().asString().startsWith("mlsync.yml:3:2: ");
    }

    @Test
    void root_must_be_a_mapping() {
        assertThat(problemsOf("- a\n- b\n", Map.of())).containsExactly(
                "mlsync.yml: the top level must be a mapping with database: and feeds:, was a list");
    }

    @Test
    void duplicate_keys_should_be_rejected() {
        assertThat(problemsOf("feeds: []\nfeeds: []\n", Map.of())).containsExactly("mlsync.yml:2:1: duplicate key \"feeds\"");
    }

    @Test
    void load_should_read_the_file_and_name_it_in_syntax_problems(@TempDir Path dir) throws Exception {
        Path file = Files.writeString(dir.resolve("mlsync.yml"), "database: embedded\nfeeds: [\n");

        assertThatThrownBy(() -> ConfigLoader.load(file, Map.of()))
                .isInstanceOf(ConfigException.class).hasMessageStartingWith("mlsync.yml:");
        Files.writeString(file, "database: {embeddedDir: data}\n");
        assertThat(ConfigLoader.load(file, Map.of()).database().embeddedDir()).isEqualTo(Path.of("data"));
    }

    @Test
    void missing_file_should_give_defaults_unless_named_explicitly(@TempDir Path dir) {
        Path missing = dir.resolve("mlsync.yml");

        assertThat(ConfigLoader.loadOrDefaults(missing, false, Map.of())).isEqualTo(MlsyncConfig.ofDefaults());
        assertThatThrownBy(() -> ConfigLoader.loadOrDefaults(missing, true, Map.of()))
                .isInstanceOf(ConfigException.class)
                .hasMessage("mlsync.yml: file not found: " + missing.toAbsolutePath());
    }

    @Test
    void invalid_utf8_should_be_reported(@TempDir Path dir) throws Exception {
        Path file = Files.write(dir.resolve("mlsync.yml"), new byte[] {'a', ':', ' ', (byte) 0xC3, (byte) 0x28});

        assertThatThrownBy(() -> ConfigLoader.load(file, Map.of())).hasMessageContaining("not valid UTF-8");
    }
}
