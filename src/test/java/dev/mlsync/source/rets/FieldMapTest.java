package dev.mlsync.source.rets;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.node.ObjectNode;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;

class FieldMapTest {
    private static final RetsMetadata METADATA = new RetsMetadata("sys", "LIST_1", Map.of(
            "LIST_1", new RetsMetadata.Field("LIST_1", null, "Internal Listing ID", "Character", null, null),
            "LIST_87", new RetsMetadata.Field("LIST_87", "ModificationTimestamp", "Timestamp", "DateTime", null, null),
            "LIST_22", new RetsMetadata.Field("LIST_22", "ListPrice", "List Price", "Decimal", "Number", null),
            "LIST_15", new RetsMetadata.Field("LIST_15", "ListingStatus", "Status", "Character", "Lookup", "STATUS"),
            "LIST_66", new RetsMetadata.Field("LIST_66", "Bedrooms", "Beds", "Int", null, null),
            "LIST_99", new RetsMetadata.Field("LIST_99", null, "Features", "Character", "LookupMulti", "FEAT"),
            "LIST_41", new RetsMetadata.Field("LIST_41", "County", "County", "Character", null, null)),
            Map.of("STATUS", Map.of("A", "Active", "S", "Sold"), "FEAT", Map.of("P", "Pool", "G", "Garage")));
    private static final List<String> COLUMNS = List.of("LIST_1", "LIST_87", "LIST_22", "LIST_15", "LIST_66", "LIST_99",
            "LIST_41", "Baths", "LIST_500", "AskPrice");

    @Test
    void names_come_from_config_then_standard_names_then_common_names_else_stay() {
        FieldMap map = new FieldMap(COLUMNS, Map.of("AskPrice", "OriginalListPrice"), METADATA, "LIST_1", "LIST_87", false);

        ObjectNode record = map.record(COLUMNS, List.of("K1", "2024-03-01T10:20:30", "350000.00", "Active", "3", "Pool",
                "Boulder", "2.5", "x", "360000"));

        assertThat(record.get("ListingKey").asText()).isEqualTo("K1");
        assertThat(record.get("ModificationTimestamp").asText()).isEqualTo("2024-03-01T10:20:30Z");
        assertThat(record.get("ListPrice").decimalValue()).isEqualByComparingTo("350000");
        assertThat(record.get("StandardStatus").asText()).isEqualTo("Active");
        assertThat(record.get("BedroomsTotal").isIntegralNumber()).isTrue();
        assertThat(record.get("CountyOrParish").asText()).isEqualTo("Boulder");
        assertThat(record.get("BathroomsTotalDecimal").asText()).isEqualTo("2.5");
        assertThat(record.get("LIST_500").asText()).isEqualTo("x");
        assertThat(record.get("OriginalListPrice").asText()).isEqualTo("360000");
    }

    @Test
    void compact_lookups_are_decoded_and_empty_values_left_out() {
        FieldMap map = new FieldMap(COLUMNS, Map.of(), METADATA, "LIST_1", "LIST_87", true);

        ObjectNode record = map.record(COLUMNS, List.of("K1", "2024-03-01T10:20:30.5+02:00", "", "S", "", "P,G", "",
                "", "", ""));

        assertThat(record.get("StandardStatus").asText()).isEqualTo("Sold");
        assertThat(record.get("LIST_99").asText()).isEqualTo("Pool,Garage");
        assertThat(record.get("ModificationTimestamp").asText()).isEqualTo("2024-03-01T08:20:30.500Z");
        assertThat(record.has("ListPrice")).isFalse();
        assertThat(record.has("BedroomsTotal")).isFalse();
    }

    @Test
    void a_value_of_the_wrong_type_is_kept_as_text_for_the_mapper_to_reject() {
        FieldMap map = new FieldMap(COLUMNS, Map.of(), METADATA, "LIST_1", "LIST_87", false);

        ObjectNode record = map.record(COLUMNS, List.of("K1", "yesterday", "cheap", "A", "three", "", "", "", "", ""));

        assertThat(record.get("ModificationTimestamp").asText()).isEqualTo("yesterday");
        assertThat(record.get("ListPrice").asText()).isEqualTo("cheap");
        assertThat(record.get("BedroomsTotal").asText()).isEqualTo("three");
    }
}
