package dev.mlsync.quota;

/** What an outbound request is for; every kind counts against the credential's request limits. */
public enum RequestKind {
    /** A data page or a media-metadata batch (OData query). */
    DATA,
    /** A media file download; also counts against the media limits. */
    MEDIA,
    /** An OAuth2 token request. */
    TOKEN
}
