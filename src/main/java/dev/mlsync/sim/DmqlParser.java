package dev.mlsync.sim;

import java.time.Instant;
import java.time.LocalDate;
import java.time.LocalDateTime;
import java.time.OffsetDateTime;
import java.time.ZoneOffset;
import java.time.format.DateTimeParseException;
import java.util.ArrayList;
import java.util.List;
import java.util.Objects;
import java.util.Set;
import java.util.function.Predicate;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * Parses the DMQL2 subset RETS clients send: {@code (LIST_87=2026-01-01T00:00:00+)}, {@code (LIST_22=100000-200000)},
 * {@code (LIST_1=SIM1000001,SIM1000002)}, {@code (LIST_15=|A,U)}, {@code (LIST_34=Ma*)}, {@code .EMPTY.}, {@code .ANY.},
 * joined by {@code ,} / {@code AND}, {@code |} / {@code OR}, {@code ~} / {@code NOT} and parentheses. Times without
 * an offset are UTC (METADATA-SYSTEM says TimeZoneOffset +00:00). Errors are ReplyCode 20206 (syntax) or 20200
 * (unknown field), naming the position.
 */
final class DmqlParser {
    private static final String TS = "\\d{4}-\\d{2}-\\d{2}(?:T\\d{2}:\\d{2}(?::\\d{2}(?:\\.\\d{1,9})?)?(?:Z|[+-]\\d{2}:?\\d{2})?)?";
    private static final String NUM = "-?\\d+(?:\\.\\d+)?";
    private static final Pattern TEMPORAL = Pattern.compile("(" + TS + ")(?:(\\+)|(-)|-(" + TS + "))?");
    private static final Pattern NUMERIC = Pattern.compile("(" + NUM + ")(?:(\\+)|(-)|-(" + NUM + "))?");
    private static final Pattern FIELD = Pattern.compile("\\s*([A-Za-z_][A-Za-z0-9_]*)\\s*=");

    private final String text;
    private final RetsSchema schema;
    private final boolean standardNames;
    private int at;

    private DmqlParser(String text, RetsSchema schema, boolean standardNames) {
        this.text = text;
        this.schema = schema;
        this.standardNames = standardNames;
    }

    static DmqlQuery parse(String text, RetsSchema schema, boolean standardNames) {
        if (text == null || text.isBlank()) {
            throw new RetsException(RetsException.INVALID_QUERY_SYNTAX, "Query is required, e.g. (LIST_87=2026-01-01T00:00:00+)");
        }
        DmqlParser parser = new DmqlParser(text, schema, standardNames);
        DmqlQuery query = parser.or();
        parser.skipSpaces();
        if (parser.at < text.length()) {
            throw parser.syntax("unexpected '" + text.charAt(parser.at) + "'");
        }
        return query;
    }

    private DmqlQuery or() {
        List<DmqlQuery> parts = new ArrayList<>(List.of(and()));
        while (accept("|") || acceptWord("OR")) {
            parts.add(and());
        }
        return parts.size() == 1 ? parts.getFirst() : new DmqlQuery.Or(parts);
    }

    private DmqlQuery and() {
        List<DmqlQuery> parts = new ArrayList<>(List.of(not()));
        while (accept(",") || acceptWord("AND")) {
            parts.add(not());
        }
        return parts.size() == 1 ? parts.getFirst() : new DmqlQuery.And(parts);
    }

    private DmqlQuery not() {
        if (accept("~") || acceptWord("NOT")) {
            return new DmqlQuery.Not(not());
        }
        if (!accept("(")) {
            throw syntax(at < text.length() ? "expected '(' but found '" + text.charAt(at) + "'" : "expected '(' at the end");
        }
        Matcher field = FIELD.matcher(text).region(at, text.length());
        DmqlQuery inner;
        if (field.lookingAt()) {
            at = field.end();
            inner = condition(field.group(1), field.start(1));
        } else {
            inner = or();
        }
        if (!accept(")")) {
            throw syntax("expected ')'");
        }
        return inner;
    }

    private DmqlQuery condition(String name, int position) {
        RetsField field = schema.field(name, standardNames);
        if (field == null) {
            throw new RetsException(RetsException.UNKNOWN_QUERY_FIELD, "Unknown query field '" + name + "' at position "
                    + (position + 1) + (standardNames ? " (StandardNames=1: use standard names)" : ""));
        }
        int start = at;
        int close = valueEnd();
        String raw = text.substring(start, close);
        String value = raw.trim();
        at = close;
        if (raw.endsWith(" ") && (schema.typeOf(field).isTemporal() || schema.typeOf(field).isNumeric())) {
            throw new RetsException(RetsException.INVALID_QUERY_SYNTAX, "Invalid value '" + raw + "' for " + name
                    + " at position " + (start + 1) + ": it ends in a space; was '+' sent unencoded instead of %2B?");
        }
        if (value.isEmpty()) {
            throw syntax("empty value for " + name);
        }
        return new DmqlQuery.Condition(field, field.isLookup() ? lookupTest(field, value, start) : listTest(field, value, start));
    }

    /** The index of the ')' closing a value; quoted strings may contain anything but '"'. */
    private int valueEnd() {
        boolean quoted = false;
        for (int i = at; i < text.length(); i++) {
            char c = text.charAt(i);
            if (c == '"') {
                quoted = !quoted;
            } else if (c == ')' && !quoted) {
                return i;
            }
        }
        throw syntax("missing ')'");
    }

    private Predicate<Object> lookupTest(RetsField field, String value, int position) {
        char mode = value.charAt(0);
        String list = mode == '|' || mode == '+' || mode == '~' ? value.substring(1) : value;
        if (list.equals(".EMPTY.") || list.equals(".ANY.")) {
            boolean empty = list.equals(".EMPTY.");
            return v -> (v == null) == empty;
        }
        Set<String> codes = new java.util.HashSet<>();
        for (String code : list.split(",", -1)) {
            String c = code.trim();
            if (field.lookup().longValueOf(c) == null) {
                throw new RetsException(RetsException.INVALID_QUERY_SYNTAX, "'" + c + "' at position " + (position + 1)
                        + " is not a value of lookup " + field.lookup().name() + " (" + field.systemName()
                        + "); values are " + field.lookup().codes());
            }
            codes.add(c);
        }
        return switch (mode) {
            case '+' -> v -> v != null && codes.size() == 1 && codes.contains(v);
            case '~' -> v -> v == null || !codes.contains(v);
            default -> v -> v != null && codes.contains(v);
        };
    }

    private Predicate<Object> listTest(RetsField field, String value, int position) {
        EdmType type = schema.typeOf(field);
        List<Predicate<Object>> items = new ArrayList<>();
        for (String item : splitItems(value)) {
            items.add(itemTest(field, type, item.trim(), position));
        }
        return v -> items.stream().anyMatch(p -> p.test(v));
    }

    private static List<String> splitItems(String value) {
        List<String> items = new ArrayList<>();
        boolean quoted = false;
        int from = 0;
        for (int i = 0; i < value.length(); i++) {
            char c = value.charAt(i);
            if (c == '"') {
                quoted = !quoted;
            } else if (c == ',' && !quoted) {
                items.add(value.substring(from, i));
                from = i + 1;
            }
        }
        items.add(value.substring(from));
        return items;
    }

    private Predicate<Object> itemTest(RetsField field, EdmType type, String item, int position) {
        if (item.equals(".EMPTY.")) {
            return Objects::isNull;
        }
        if (item.equals(".ANY.")) {
            return Objects::nonNull;
        }
        if (type.isTemporal()) {
            return range(TEMPORAL, item, s -> temporal(type, s, field, position), field, position, "a date-time such as "
                    + "2026-01-01T00:00:00 followed by +, - or -<end>");
        }
        if (type.isNumeric()) {
            return range(NUMERIC, item, Double::parseDouble, field, position, "a number optionally followed by +, - or -<end>");
        }
        return stringTest(item);
    }

    private interface Parse {
        Object of(String text);
    }

    private Predicate<Object> range(Pattern pattern, String item, Parse parse, RetsField field, int position,
                                    String expected) {
        Matcher m = pattern.matcher(item);
        if (!m.matches()) {
            String hint = item.contains(" ") ? " (a space: was '+' sent unencoded instead of %2B?)" : "";
            throw new RetsException(RetsException.INVALID_QUERY_SYNTAX, "Invalid value '" + item + "' for "
                    + field.systemName() + " at position " + (position + 1) + ": expected " + expected + hint);
        }
        Object low = parse.of(m.group(1));
        EdmType type = schema.typeOf(field);
        if (m.group(2) != null) {
            return v -> v != null && Values.compare(type, number(type, v), low) >= 0;
        }
        if (m.group(3) != null) {
            return v -> v != null && Values.compare(type, number(type, v), low) <= 0;
        }
        if (m.group(4) != null) {
            Object high = parse.of(m.group(4));
            return v -> v != null && Values.compare(type, number(type, v), low) >= 0
                    && Values.compare(type, number(type, v), high) <= 0;
        }
        return v -> v != null && Values.compare(type, number(type, v), low) == 0;
    }

    /** Numeric values compare as doubles whatever their boxed type. */
    private static Object number(EdmType type, Object v) {
        return type.isNumeric() ? (Object) ((Number) v).doubleValue() : v;
    }

    private Object temporal(EdmType type, String s, RetsField field, int position) {
        try {
            if (type == EdmType.DATE) {
                return LocalDate.parse(s.substring(0, 10)).toEpochDay();
            }
            return instant(s).toEpochMilli();
        } catch (DateTimeParseException e) {
            throw new RetsException(RetsException.INVALID_QUERY_SYNTAX, "Invalid date-time '" + s + "' for "
                    + field.systemName() + " at position " + (position + 1));
        }
    }

    private static Instant instant(String s) {
        if (s.length() == 10) {
            return LocalDate.parse(s).atStartOfDay(ZoneOffset.UTC).toInstant();
        }
        if (s.endsWith("Z") || s.matches(".*[+-]\\d{2}:?\\d{2}$")) {
            String normal = s.matches(".*[+-]\\d{4}$") ? s.substring(0, s.length() - 2) + ":" + s.substring(s.length() - 2) : s;
            return OffsetDateTime.parse(normal).toInstant();
        }
        return LocalDateTime.parse(s).toInstant(ZoneOffset.UTC);
    }

    private static Predicate<Object> stringTest(String item) {
        if (item.length() >= 2 && item.startsWith("\"") && item.endsWith("\"")) {
            String literal = item.substring(1, item.length() - 1);
            return literal::equals;
        }
        if (item.contains("*") || item.contains("?")) {
            Pattern glob = Pattern.compile(Pattern.quote(item).replace("*", "\\E.*\\Q").replace("?", "\\E.\\Q"));
            return v -> v != null && glob.matcher(v.toString()).matches();
        }
        if (item.endsWith("+")) {
            String low = item.substring(0, item.length() - 1);
            return v -> v != null && v.toString().compareTo(low) >= 0;
        }
        if (item.endsWith("-") && item.length() > 1) {
            String high = item.substring(0, item.length() - 1);
            return v -> v != null && v.toString().compareTo(high) <= 0;
        }
        return item::equals;
    }

    private void skipSpaces() {
        while (at < text.length() && Character.isWhitespace(text.charAt(at))) {
            at++;
        }
    }

    private boolean accept(String symbol) {
        skipSpaces();
        if (text.startsWith(symbol, at)) {
            at += symbol.length();
            return true;
        }
        return false;
    }

    private boolean acceptWord(String word) {
        skipSpaces();
        int end = at + word.length();
        if (text.regionMatches(false, at, word, 0, word.length()) && end < text.length()
                && (Character.isWhitespace(text.charAt(end)) || text.charAt(end) == '(' || text.charAt(end) == '~')) {
            at = end;
            return true;
        }
        return false;
    }

    private RetsException syntax(String problem) {
        return new RetsException(RetsException.INVALID_QUERY_SYNTAX, "Invalid query syntax at position " + (at + 1)
                + ": " + problem + " in '" + text + "'");
    }
}
