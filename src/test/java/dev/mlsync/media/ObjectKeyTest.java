package dev.mlsync.media;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.util.HashSet;
import java.util.List;
import java.util.Set;
import org.junit.jupiter.api.Test;

class ObjectKeyTest {

    @Test
    void safe_parts_should_be_kept_as_they_are() {
        assertThat(ObjectKey.ofMedia("actris", "ACT-123_4.5", 2, "a1b2", "JPG"))
                .hasToString("actris/ACT-123_4.5/2-a1b2.jpg");
    }

    @Test
    void changed_parts_should_carry_the_hash_of_their_raw_value() {
        assertThat(ObjectKey.part("a b")).matches("a_b_[0-9a-f]{16}");
        assertThat(ObjectKey.part("a b")).isNotEqualTo(ObjectKey.part("a?b"));
        assertThat(ObjectKey.part("..")).matches("_\\._[0-9a-f]{16}");
        assertThat(ObjectKey.part(".hidden")).matches("_hidden_[0-9a-f]{16}");
        assertThat(ObjectKey.part(null)).matches("_[0-9a-f]{16}");
    }

    @Test
    void a_raw_part_that_looks_hashed_should_be_hashed_too() {
        String lookalike = "a_b_" + ObjectKey.part("a b").substring(4);
        assertThat(ObjectKey.part(lookalike)).isNotEqualTo(ObjectKey.part("a b")).startsWith(lookalike + "_");
    }

    @Test
    void long_parts_should_be_cut_and_stay_distinct() {
        String first = ObjectKey.part("x".repeat(500) + "1");
        String second = ObjectKey.part("x".repeat(500) + "2");
        assertThat(first).hasSize(120).isNotEqualTo(second);
        assertThat(ObjectKey.part("y".repeat(120))).isEqualTo("y".repeat(120));
    }

    @Test
    void the_longest_possible_key_and_its_variants_should_fit_every_store() {
        String huge = "\u0000/..".repeat(10_000);
        ObjectKey key = ObjectKey.ofMedia(huge, huge, Integer.MAX_VALUE, huge, huge).withVariant(huge, huge);
        assertThat(key.value().length()).isLessThanOrEqualTo(ObjectKey.MAX_LENGTH);
        assertThat(key.value().split("/")).hasSize(3).allSatisfy(segment ->
                assertThat(segment.length()).isLessThanOrEqualTo(ObjectKey.MAX_SEGMENT));
    }

    @Test
    void variants_should_sit_beside_their_original() {
        ObjectKey original = ObjectKey.ofMedia("f", "L", 1, "M", "jpg");
        assertThat(original.withVariant("w320", "JPG")).hasToString("f/L/1-M.w320.jpg");
        assertThat(original.withVariant("w1600", "webp")).hasToString("f/L/1-M.w1600.webp");
    }

    @Test
    void an_original_should_carry_its_bytes_and_a_derivative_its_settings() {
        String sha = "ABCDEF0123456789" + "0".repeat(48);
        ObjectKey original = ObjectKey.ofMedia("f", "L", 1, "M", sha, "JPG");
        assertThat(original).hasToString("f/L/1-M-abcdef012345.jpg");
        assertThat(ObjectKey.ofMedia("f", "L", 1, "M", "1" + sha.substring(1), "jpg")).isNotEqualTo(original);
        String tag = ObjectKey.tagOf("160,320;webp;q0.82");
        assertThat(tag).matches("[0-9a-f]{8}").isNotEqualTo(ObjectKey.tagOf("160,320;webp;q0.60"));
        assertThat(original.withVariant("w320", tag, "jpg")).hasToString("f/L/1-M-abcdef012345.w320-" + tag + ".jpg");
        assertThatThrownBy(() -> ObjectKey.ofMedia("f", "L", 1, "M", "../x", "jpg"))
                .isInstanceOf(IllegalArgumentException.class).hasMessageContaining("SHA-256");
    }

    @Test
    void the_longest_versioned_key_and_its_tagged_variants_should_fit_every_store() {
        String huge = "\u0000/..".repeat(10_000);
        ObjectKey key = ObjectKey.ofMedia(huge, huge, Integer.MAX_VALUE, huge, "f".repeat(64), huge)
                .withVariant(huge, ObjectKey.tagOf(huge), huge);
        assertThat(key.value().length()).isLessThanOrEqualTo(ObjectKey.MAX_LENGTH);
        assertThat(key.value().split("/")).hasSize(3).allSatisfy(segment ->
                assertThat(segment.length()).isLessThanOrEqualTo(ObjectKey.MAX_SEGMENT));
    }

    @Test
    void unsafe_keys_should_be_refused_when_built_directly() {
        List<String> unsafe = List.of("", "/abs", "a/", "a//b", "a\\b", "../x", "a/../b", "a/./b", ".x", "a/.tmp",
                "a b", "a\u0000b", "é", "x".repeat(ObjectKey.MAX_LENGTH + 1), "y".repeat(ObjectKey.MAX_SEGMENT + 1));
        for (String value : unsafe) {
            assertThatThrownBy(() -> new ObjectKey(value)).as(value).isInstanceOf(IllegalArgumentException.class);
        }
        assertThatThrownBy(() -> new ObjectKey(null)).isInstanceOf(IllegalArgumentException.class);
        assertThatThrownBy(() -> new ObjectKey("a\u0000b")).hasMessageNotContaining("\u0000")
                .hasMessageContaining("\\u0000");
    }

    @Test
    void many_similar_provider_keys_should_map_to_distinct_object_keys() {
        Set<String> values = new HashSet<>();
        String[] alphabet = {"a", "_", " ", "/", "\\", ".", "é", "\u0000"};
        int count = 0;
        for (String first : alphabet) {
            for (String second : alphabet) {
                for (String third : alphabet) {
                    values.add(ObjectKey.ofMedia("f", first + second + third, 1, "m", "jpg").value());
                    count++;
                }
            }
        }
        assertThat(values).hasSize(count);
    }
}
