package dev.mlsync.sim;

import java.math.BigDecimal;
import java.time.LocalDate;
import java.time.OffsetDateTime;
import java.time.format.DateTimeParseException;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.Set;
import java.util.regex.Pattern;

/**
 * Recursive-descent parser for the {@code $filter} subset the simulator serves:
 * <pre>
 * expr       := and ('or' and)*
 * and        := unary ('and' unary)*
 * unary      := 'not' unary | '(' expr ')' | comparison
 * comparison := field (op literal | 'in' '(' literal (',' literal)* ')')
 * </pre>
 */
final class FilterParser {
    private static final Set<String> OPERATORS = Set.of("eq", "ne", "gt", "ge", "lt", "le");
    private static final Pattern DATE = Pattern.compile("\\d{4}-\\d{2}-\\d{2}");

    private final String text;
    private int at;

    private FilterParser(String text) {
        this.text = text;
    }

    static FilterExpr parse(String text) {
        FilterParser parser = new FilterParser(text);
        FilterExpr expr = parser.orExpr();
        parser.skipSpace();
        if (parser.at < text.length()) {
            throw parser.error("unexpected '" + parser.peekWord() + "' after a complete expression");
        }
        return expr;
    }

    private FilterExpr orExpr() {
        FilterExpr left = andExpr();
        while (acceptKeyword("or")) {
            left = new FilterExpr.Or(left, andExpr());
        }
        return left;
    }

    private FilterExpr andExpr() {
        FilterExpr left = unary();
        while (acceptKeyword("and")) {
            left = new FilterExpr.And(left, unary());
        }
        return left;
    }

    private FilterExpr unary() {
        if (acceptKeyword("not")) {
            return new FilterExpr.Not(unary());
        }
        skipSpace();
        if (accept('(')) {
            FilterExpr inner = orExpr();
            expect(')', "')' to close the parenthesis");
            return inner;
        }
        return comparison();
    }

    private FilterExpr comparison() {
        skipSpace();
        int position = at + 1;
        String field = identifier();
        if (field.isEmpty()) {
            throw error(at >= text.length() ? "expected a field name but the filter ended"
                    : "expected a field name, found '" + peekWord() + "'");
        }
        skipSpace();
        String op = identifier().toLowerCase(Locale.ROOT);
        if (op.equals("in")) {
            return new FilterExpr.In(field, literalList(), position);
        }
        if (!OPERATORS.contains(op)) {
            throw error("expected a comparison operator (eq, ne, gt, ge, lt, le, in) after '" + field + "'"
                    + (op.isEmpty() ? "" : ", found '" + op + "'"));
        }
        return new FilterExpr.Comparison(field, op, literal(), position);
    }

    private List<FilterExpr.Literal> literalList() {
        skipSpace();
        expect('(', "'(' after 'in'");
        List<FilterExpr.Literal> literals = new ArrayList<>();
        do {
            literals.add(literal());
            skipSpace();
        } while (accept(','));
        expect(')', "',' or ')' in the 'in' list");
        return literals;
    }

    private FilterExpr.Literal literal() {
        skipSpace();
        int position = at + 1;
        if (at >= text.length()) {
            throw error("expected a literal but the filter ended");
        }
        if (text.charAt(at) == '\'') {
            return new FilterExpr.Literal(FilterExpr.Kind.STRING, quoted(), null, position);
        }
        String word = bareWord();
        if (word.isEmpty()) {
            throw error("expected a literal, found '" + text.charAt(at) + "'");
        }
        return bareLiteral(word, position);
    }

    private FilterExpr.Literal bareLiteral(String word, int position) {
        switch (word.toLowerCase(Locale.ROOT)) {
            case "true", "false" -> {
                return new FilterExpr.Literal(FilterExpr.Kind.BOOLEAN, Boolean.parseBoolean(word), word, position);
            }
            case "null" -> {
                return new FilterExpr.Literal(FilterExpr.Kind.NULL, null, word, position);
            }
            default -> {
                return typedLiteral(word, position);
            }
        }
    }

    private FilterExpr.Literal typedLiteral(String word, int position) {
        try {
            if (word.contains("T") && word.contains(":")) {
                long millis = OffsetDateTime.parse(word).toInstant().toEpochMilli();
                return new FilterExpr.Literal(FilterExpr.Kind.TIMESTAMP, millis, word, position);
            }
            if (DATE.matcher(word).matches()) {
                long day = LocalDate.parse(word).toEpochDay();
                return new FilterExpr.Literal(FilterExpr.Kind.DATE, day, word, position);
            }
            return new FilterExpr.Literal(FilterExpr.Kind.NUMBER, new BigDecimal(word), word, position);
        } catch (DateTimeParseException | NumberFormatException e) {
            throw new SimHttpException(400, "Invalid $filter at position " + position + ": '" + word
                    + "' is not a valid literal (expected 'string', number, true, false, null, date or DateTimeOffset)");
        }
    }

    private String quoted() {
        int start = at + 1;
        StringBuilder value = new StringBuilder();
        at++;
        while (at < text.length()) {
            char c = text.charAt(at++);
            if (c != '\'') {
                value.append(c);
            } else if (at < text.length() && text.charAt(at) == '\'') {
                value.append('\'');
                at++;
            } else {
                return value.toString();
            }
        }
        throw new SimHttpException(400, "Invalid $filter at position " + start + ": unterminated string literal");
    }

    private String identifier() {
        int start = at;
        while (at < text.length() && (Character.isLetterOrDigit(text.charAt(at)) || text.charAt(at) == '_')) {
            at++;
        }
        return text.substring(start, at);
    }

    private String bareWord() {
        int start = at;
        while (at < text.length() && isBareChar(text.charAt(at))) {
            at++;
        }
        return text.substring(start, at);
    }

    private static boolean isBareChar(char c) {
        return Character.isLetterOrDigit(c) || c == '-' || c == '+' || c == ':' || c == '.' || c == '_';
    }

    private boolean acceptKeyword(String keyword) {
        skipSpace();
        int end = at + keyword.length();
        if (end <= text.length() && text.regionMatches(true, at, keyword, 0, keyword.length())
                && (end == text.length() || !Character.isLetterOrDigit(text.charAt(end)) && text.charAt(end) != '_')) {
            at = end;
            return true;
        }
        return false;
    }

    private boolean accept(char c) {
        skipSpace();
        if (at < text.length() && text.charAt(at) == c) {
            at++;
            return true;
        }
        return false;
    }

    private void expect(char c, String what) {
        if (!accept(c)) {
            throw error("expected " + what + (at < text.length() ? ", found '" + peekWord() + "'" : " but the filter ended"));
        }
    }

    private void skipSpace() {
        while (at < text.length() && Character.isWhitespace(text.charAt(at))) {
            at++;
        }
    }

    private String peekWord() {
        int end = at;
        while (end < text.length() && !Character.isWhitespace(text.charAt(end)) && end - at < 20) {
            end++;
        }
        return end == at ? text.substring(at, Math.min(at + 1, text.length())) : text.substring(at, end);
    }

    private SimHttpException error(String problem) {
        return new SimHttpException(400, "Invalid $filter at position " + (at + 1) + ": " + problem);
    }
}
