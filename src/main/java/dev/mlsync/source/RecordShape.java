package dev.mlsync.source;

import com.fasterxml.jackson.databind.node.ObjectNode;

/**
 * How to read identity, version and deletion from a provider's record of one resource. Provider
 * differences (BridgeModificationTimestamp, MlgCanView, StandardStatus=Delete) live here so that
 * {@code replicate} never asks which provider it talks to.
 */
public interface RecordShape {
    /** Name of the key field, e.g. ListingKey, MemberKey. */
    String keyField();

    /** Name of the timestamp field the cursor follows, e.g. ModificationTimestamp. */
    String timestampField();

    /** True when the provider signals that this record was removed from the feed. */
    boolean isDeleted(ObjectNode record);
}
