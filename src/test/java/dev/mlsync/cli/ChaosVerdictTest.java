package dev.mlsync.cli;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Set;

import static org.assertj.core.api.Assertions.assertThat;

/** What bench chaos counts as an orphan object. */
class ChaosVerdictTest {
    @TempDir
    Path store;

    private void object(String key, String bytes) throws Exception {
        Path file = store.resolve(key);
        Files.createDirectories(file.getParent());
        Files.writeString(file, bytes);
    }

    @Test
    void orphans_should_be_objects_no_stored_original_or_derivative_references_without_temporary_files()
            throws Exception {
        object("f/L1/0-M1.jpg", "one");
        object("f/L1/0-M1.w320.jpg", "one small");
        object("f/L1/1-M2.jpg", "two");               // a gone photo's, within its grace: gone_stored, not orphan
        object("f/L2/0-M3.jpg", "three");             // written, never recorded: an orphan
        object("f/L2/.put-4242-123.tmp", "partial");  // a write in progress (or abandoned): not an object
        ChaosVerdict.Tally tally = new ChaosVerdict.Tally();

        tally.storeContents(store, Set.of("f/L1/0-M1.jpg", "f/L1/0-M1.w320.jpg"), Set.of("f/L1/1-M2.jpg"));

        assertThat(tally.orphans).isEqualTo(1);
        assertThat(tally.duplicates).isZero();
        assertThat(tally.examples).singleElement().asString().contains("f/L2/0-M3.jpg");
    }

    @Test
    void two_referenced_objects_with_the_same_bytes_should_count_as_a_duplicate() throws Exception {
        object("f/L1/0-M1.jpg", "same");
        object("f/L2/0-M9.jpg", "same");
        ChaosVerdict.Tally tally = new ChaosVerdict.Tally();

        tally.storeContents(store, Set.of("f/L1/0-M1.jpg", "f/L2/0-M9.jpg"), Set.of());

        assertThat(tally.orphans).isZero();
        assertThat(tally.duplicates).isEqualTo(1);
    }
}
