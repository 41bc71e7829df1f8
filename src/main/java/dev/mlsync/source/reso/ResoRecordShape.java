package dev.mlsync.source.reso;

import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.mlsync.source.RecordShape;
import java.util.function.Predicate;

/** A resource's key, cursor timestamp and deletion signal as the provider's profile defines them. */
record ResoRecordShape(String keyField, String timestampField, Predicate<ObjectNode> deletion) implements RecordShape {
    @Override
    public boolean isDeleted(ObjectNode record) {
        return deletion.test(record);
    }
}
