package dev.mlsync.config;

import java.util.List;
import java.util.Map;
import java.util.TreeMap;

/**
 * What a {@code provider: rets} feed searches and how its fields become RESO Data Dictionary names.
 *
 * @param resource       the RETS resource searched, e.g. {@code Property}
 * @param classes        the RETS classes searched, e.g. {@code [RE_1]} or {@code [A, B, C]}; their listings
 *                       share one cursor (each window is searched in every class)
 * @param keyField       system name of the key field; null = the resource's KeyField in the server's metadata
 * @param timestampField system name of the modification timestamp; null = the field whose StandardName is
 *                       ModificationTimestamp, else {@code LastModified} / {@code ModificationTimestamp}
 * @param fieldMap       system name → RESO name, over the defaults (metadata StandardName and common names)
 * @param format         the search format asked for
 * @param photos         how a listing's photos become Media records
 * @param photoType      the GetObject {@code Type} of listing photos
 * @param version        the {@code RETS-Version} header sent
 */
public record RetsConfig(String resource, List<String> classes, String keyField, String timestampField,
                         Map<String, String> fieldMap, Format format, Photos photos, String photoType,
                         String version) {
    public static final String DEFAULT_RESOURCE = "Property";
    public static final String DEFAULT_PHOTO_TYPE = "Photo";
    public static final String DEFAULT_VERSION = "RETS/1.7.2";

    /** COMPACT-DECODED: the server decodes lookups; COMPACT: mlsync decodes them from the metadata. */
    public enum Format {
        COMPACT_DECODED("COMPACT-DECODED"), COMPACT("COMPACT");

        private final String wireName;

        Format(String wireName) {
            this.wireName = wireName;
        }

        public String wireName() {
            return wireName;
        }
    }

    /**
     * {@code location}: one GetObject {@code Location=1} request per page gives each photo's URL (a
     * {@code rets-object:} reference where the server gives none); {@code objects}: no extra request, the
     * photo count field gives {@code rets-object:} references the RETS client downloads; {@code none}.
     */
    public enum Photos { LOCATION, OBJECTS, NONE }

    public RetsConfig {
        resource = resource == null ? DEFAULT_RESOURCE : resource;
        classes = classes == null ? List.of() : List.copyOf(classes);
        fieldMap = fieldMap == null ? Map.of() : Map.copyOf(new TreeMap<>(fieldMap));
        format = format == null ? Format.COMPACT_DECODED : format;
        photos = photos == null ? Photos.LOCATION : photos;
        photoType = photoType == null ? DEFAULT_PHOTO_TYPE : photoType;
        version = version == null ? DEFAULT_VERSION : version;
    }

    public static RetsConfig of(String... classes) {
        return new RetsConfig(null, List.of(classes), null, null, null, null, null, null, null);
    }
}
