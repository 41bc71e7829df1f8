package dev.mlsync.source.rets;

/**
 * The {@code ReplyCode} and {@code ReplyText} of a {@code <RETS>} element. 0 is success, 20201 (no
 * records found) and 20403 (no object found) are empty answers, 20037 and 20701 ask for a new login.
 */
record RetsReply(int code, String text) {
    static final int SUCCESS = 0;
    static final int NO_RECORDS = 20201;
    static final int NO_OBJECT = 20403;
    static final int LOGIN_REQUIRED = 20037;
    static final int NOT_LOGGED_IN = 20701;

    static RetsReply of(String code, String text) {
        try {
            return new RetsReply(code == null ? SUCCESS : Integer.parseInt(code.strip()), text == null ? "" : text);
        } catch (NumberFormatException e) {
            return new RetsReply(-1, "ReplyCode \"" + code + "\" is not a number; " + text);
        }
    }

    /** The server no longer knows the session: log in again (20037 UA authorization required, 20701 not logged in). */
    boolean needsLogin() {
        return code == LOGIN_REQUIRED || code == NOT_LOGGED_IN;
    }

    boolean isSuccess() {
        return code == SUCCESS;
    }

    @Override
    public String toString() {
        return "RETS reply " + code + " " + text;
    }
}
