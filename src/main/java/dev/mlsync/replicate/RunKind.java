package dev.mlsync.replicate;

/** A full load starts from nothing; an incremental run continues from the committed cursor. */
public enum RunKind {
    FULL, INCREMENTAL;

    public String columnValue() {
        return name().toLowerCase(java.util.Locale.ROOT);
    }
}
