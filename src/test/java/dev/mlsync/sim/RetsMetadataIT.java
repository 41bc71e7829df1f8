package dev.mlsync.sim;

import org.junit.jupiter.api.Test;

import java.util.List;

import static org.assertj.core.api.Assertions.assertThat;

class RetsMetadataIT {

    private static RetsTestClient loggedIn(Simulator sim) {
        RetsTestClient client = new RetsTestClient(sim.retsLoginUrl());
        assertThat(client.login("simuser", "simpass").status()).isEqualTo(200);
        return client;
    }

    private static RetsTestClient.Response metadata(RetsTestClient client, String type, String id) {
        return client.call("GetMetadata", "Type", type, "ID", id, "Format", "COMPACT");
    }

    @Test
    void every_level_should_be_served_in_compact_format() {
        try (Simulator sim = Simulator.start(SimOptions.of(50).withProfile(SimProfile.RETS))) {
            RetsTestClient client = loggedIn(sim);
            RetsTestClient.Response system = metadata(client, "METADATA-SYSTEM", "*");
            RetsTestClient.Compact resource = RetsTestClient.compact(metadata(client, "METADATA-RESOURCE", "0"));
            RetsTestClient.Compact classes = RetsTestClient.compact(metadata(client, "METADATA-CLASS", "Property"));
            RetsTestClient.Response tableReply = metadata(client, "METADATA-TABLE", "Property:A");
            RetsTestClient.Compact table = RetsTestClient.compact(tableReply);
            RetsTestClient.Compact lookups = RetsTestClient.compact(metadata(client, "METADATA-LOOKUP", "Property"));

            assertThat(system.body()).contains("<METADATA-SYSTEM ", "SystemID=\"simmls\"", "TimeZoneOffset=\"+00:00\"");
            assertThat(system.header("Content-ID")).isEqualTo("METADATA-SYSTEM");
            assertThat(resource.column("KeyField")).containsExactly("LIST_1");
            assertThat(classes.column("ClassName")).containsExactly("A", "B", "C", "D", "E");
            assertThat(tableReply.body()).contains("<METADATA-TABLE Resource=\"Property\" Class=\"A\"");
            assertThat(table.column("SystemName")).contains("LIST_1", "LIST_87", "LIST_15", "LIST_22", "LIST_39");
            int key = table.column("SystemName").indexOf("LIST_1");
            assertThat(table.column("InKeyIndex").get(key)).isEqualTo("1");
            assertThat(table.column("StandardName").get(table.column("SystemName").indexOf("LIST_87")))
                    .isEqualTo("ModificationTimestamp");
            assertThat(table.column("DataType").get(table.column("SystemName").indexOf("LIST_87"))).isEqualTo("DateTime");
            String statusLookup = table.column("LookupName").get(table.column("SystemName").indexOf("LIST_15"));
            assertThat(lookups.column("LookupName")).contains(statusLookup);

            RetsTestClient.Compact status = RetsTestClient.compact(metadata(client, "METADATA-LOOKUP_TYPE",
                    "Property:" + statusLookup));
            assertThat(status.columns()).containsExactly("MetadataEntryID", "LongValue", "ShortValue", "Value");
            assertThat(status.rows()).anySatisfy(r -> assertThat(r.subList(1, 4)).containsExactly("Active", "Active", "A"));
        }
    }

    @Test
    void system_with_id_0_should_return_the_whole_tree_and_errors_should_have_metadata_codes() {
        try (Simulator sim = Simulator.start(SimOptions.of(50).withProfile(SimProfile.RETS))) {
            RetsTestClient client = loggedIn(sim);
            String all = metadata(client, "METADATA-SYSTEM", "0").body();

            for (String element : List.of("METADATA-SYSTEM", "METADATA-RESOURCE", "METADATA-CLASS", "METADATA-TABLE",
                    "METADATA-LOOKUP", "METADATA-LOOKUP_TYPE", "METADATA-OBJECT")) {
                assertThat(all).contains("<" + element + " ");
            }
            assertThat(all.split("<METADATA-TABLE ", -1)).hasSize(6);
            assertThat(metadata(client, "METADATA-TABLE", "Property:Z").replyCode()).isEqualTo(20502);
            assertThat(metadata(client, "METADATA-CLASS", "Agent").replyCode()).isEqualTo(20500);
            assertThat(metadata(client, "METADATA-FOO", "0").replyCode()).isEqualTo(20501);
            assertThat(client.call("GetMetadata", "Type", "METADATA-SYSTEM", "ID", "*", "Format", "STANDARD-XML-X")
                    .replyCode()).isEqualTo(20514);
        }
    }

    @Test
    void standard_xml_should_carry_the_same_table_as_elements_like_the_flexmls_recordings() throws Exception {
        try (Simulator sim = Simulator.start(SimOptions.of(50).withProfile(SimProfile.RETS))) {
            RetsTestClient client = loggedIn(sim);
            RetsTestClient.Response xml = client.call("GetMetadata", "Type", "METADATA-TABLE", "ID", "Property:A",
                    "Format", "STANDARD-XML");
            RetsTestClient.Compact compact = RetsTestClient.compact(metadata(client, "METADATA-TABLE", "Property:A"));

            org.w3c.dom.Document doc = javax.xml.parsers.DocumentBuilderFactory.newInstance().newDocumentBuilder()
                    .parse(new java.io.ByteArrayInputStream(xml.bytes()));
            org.w3c.dom.NodeList names = doc.getElementsByTagName("SystemName");
            List<String> systemNames = new java.util.ArrayList<>();
            for (int i = 0; i < names.getLength(); i++) {
                systemNames.add(names.item(i).getTextContent());
            }
            assertThat(doc.getDocumentElement().getElementsByTagName("METADATA").getLength()).isEqualTo(1);
            assertThat(doc.getElementsByTagName("Field").getLength()).isEqualTo(compact.rows().size());
            assertThat(systemNames).isEqualTo(compact.column("SystemName"));
            assertThat(metadata(client, "METADATA-SYSTEM", "0").replyCode()).isZero();
            assertThat(client.call("GetMetadata", "Type", "METADATA-SYSTEM", "ID", "0", "Format", "STANDARD-XML").body())
                    .contains("<SYSTEM SystemID=\"simmls\"", "<LookupType>", "<Lookup>", "<Object>", "<Class>");
        }
    }
}
