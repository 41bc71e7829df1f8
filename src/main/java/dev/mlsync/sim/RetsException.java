package dev.mlsync.sim;

/** A RETS transaction the simulator refuses: answered as HTTP 200 {@code <RETS ReplyCode="code" ReplyText="…"/>}. */
final class RetsException extends RuntimeException {
    static final int NO_RECORDS = 20201;
    static final int UNKNOWN_QUERY_FIELD = 20200;
    static final int INVALID_SELECT = 20202;
    static final int SEARCH_ERROR = 20203;
    static final int INVALID_QUERY_SYNTAX = 20206;
    static final int INVALID_RESOURCE = 20400;
    static final int INVALID_OBJECT_TYPE = 20401;
    static final int INVALID_IDENTIFIER = 20402;
    static final int NO_OBJECT = 20403;
    static final int UNKNOWN_METADATA_RESOURCE = 20500;
    static final int UNKNOWN_METADATA_TYPE = 20501;
    static final int UNKNOWN_METADATA_ID = 20502;
    static final int NO_METADATA = 20503;
    static final int UNSUPPORTED_METADATA_FORMAT = 20514;
    static final int NOT_LOGGED_IN = 20701;

    private final int code;

    RetsException(int code, String text) {
        super(text);
        this.code = code;
    }

    int code() {
        return code;
    }
}
