package dev.mlsync.source.rets;

/**
 * The {@code ReplyCode} and {@code ReplyText} of a {@code <RETS>} element. 0 is success, 20201 (no
 * records found) and 20403 (no object found) are empty answers, 20037 asks for a new login.
 */
record RetsReply(int code, String text) {
    static final int SUCCESS = 0;
    static final int NO_RECORDS = 20201;
    static final int NO_OBJECT = 20403;
    static final int LOGIN_REQUIRED = 20037;

    static RetsReply of(String code, String text) {
        try {
            return new RetsReply(code == null ? SUCCESS : Integer.parseInt(code.strip()), text == null ? "" : text);
        } catch (NumberFormatException e) {
            return new RetsReply(-1, "ReplyCode \"" + code + "\" is not a number; " + text);
        }
    }

    boolean isSuccess() {
        return code == SUCCESS;
    }

    @Override
    public String toString() {
        return "RETS reply " + code + " " + text;
    }
}
