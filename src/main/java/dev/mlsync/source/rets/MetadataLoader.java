package dev.mlsync.source.rets;

import dev.mlsync.config.RetsConfig;
import dev.mlsync.source.SourceException;
import dev.mlsync.source.SourceException.Category;
import java.io.InputStream;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Asks GetMetadata (COMPACT) for what replication needs: SYSTEM, RESOURCE (the key field), the
 * searched class's TABLE (names, types, lookups) and, for COMPACT searches, LOOKUP_TYPE. A server
 * without GetMetadata, or one that refuses it, is tolerated when the configuration names the key
 * and timestamp fields itself.
 */
final class MetadataLoader {
    private static final Logger LOG = LoggerFactory.getLogger(MetadataLoader.class);

    private final RetsSession session;
    private final RetsHttp http;
    private final RetsConfig config;

    MetadataLoader(RetsSession session, RetsHttp http, RetsConfig config) {
        this.session = session;
        this.http = http;
        this.config = config;
    }

    RetsMetadata load() {
        if (!session.offers("GetMetadata")) {
            return RetsMetadata.EMPTY;
        }
        List<MetadataTable> tables = new ArrayList<>();
        try {
            tables.addAll(get("METADATA-SYSTEM", "*"));
            tables.addAll(get("METADATA-RESOURCE", "0"));
            for (String className : config.classes()) {
                tables.addAll(get("METADATA-TABLE", config.resource() + ":" + className));
            }
            if (config.format() == RetsConfig.Format.COMPACT) {
                tables.addAll(get("METADATA-LOOKUP_TYPE", config.resource() + ":*"));
            }
        } catch (SourceException e) {
            boolean configured = config.keyField() != null && config.timestampField() != null;
            if (!configured || e.category() == Category.AUTH || e.category() == Category.RATE_LIMIT
                    || e.category() == Category.NETWORK) {
                throw e;
            }
            LOG.warn("feed {}: RETS metadata unavailable, going on with rets.keyField and rets.timestampField and "
                    + "without field types or lookups: {}", http.feedId(), e.getMessage());
            return RetsMetadata.EMPTY;
        }
        return RetsMetadata.of(tables, config.resource(), config.classes());
    }

    /** The tables of one GetMetadata answer. */
    List<MetadataTable> get(String type, String id) {
        Map<String, String> params = new LinkedHashMap<>();
        params.put("Type", type);
        params.put("ID", id);
        params.put("Format", "COMPACT");
        return session.call("GetMetadata", params, response -> {
            MetadataTable.Answer answer;
            try (InputStream body = RetsHttp.body(response)) {
                answer = MetadataTable.read(body, RetsXml.MAX_BYTES);
            }
            if (answer.reply().needsLogin()) {
                throw new RetsSession.SessionExpiredException(answer.reply().toString());
            }
            if (!answer.reply().isSuccess()) {
                throw new SourceException(Category.BAD_REQUEST, 200, http.message("GetMetadata",
                        response.request().uri(), answer.reply().toString()));
            }
            return answer.tables();
        });
    }
}
