package dev.mlsync.sim;

/** The small XML vocabulary of RETS replies: escaping and the {@code <RETS>} envelope. */
final class RetsXml {

    private RetsXml() {
    }

    /** Escapes text for an attribute value or element content. */
    static String escape(String text) {
        StringBuilder out = null;
        for (int i = 0; i < text.length(); i++) {
            char c = text.charAt(i);
            String replacement = switch (c) {
                case '&' -> "&amp;";
                case '<' -> "&lt;";
                case '>' -> "&gt;";
                case '"' -> "&quot;";
                default -> null;
            };
            if (replacement != null && out == null) {
                out = new StringBuilder(text.length() + 16).append(text, 0, i);
            }
            if (out != null) {
                out.append(replacement != null ? replacement : String.valueOf(c));
            }
        }
        return out == null ? text : out.toString();
    }

    static String open(int code, String text) {
        return "<RETS ReplyCode=\"" + code + "\" ReplyText=\"" + escape(text) + "\">\r\n";
    }

    /** A reply without body, e.g. an error. */
    static String reply(int code, String text) {
        return open(code, text) + "</RETS>\r\n";
    }
}
