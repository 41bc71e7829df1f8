package dev.mlsync.store;

import java.time.Instant;

/** A record of any resource other than Property (Member, Office, OpenHouse, ...). */
public record ResourceRow(String recordKey, Instant modificationTimestamp, byte[] rawJson, boolean deleted) {
}
