package io.wghub.deploy;

import java.util.ArrayList;
import java.util.List;
import java.util.Set;

/** Just enough PromQL lexing to list an expression's series selectors, and Grafana's variables replaced for a plain query. */
final class PromQl {
    /** Words that are operators, aggregations or modifiers, never metric names. */
    private static final Set<String> KEYWORDS = Set.of("and", "or", "unless", "bool", "offset", "atan2", "inf", "nan", "start", "end",
            "sum", "min", "max", "avg", "group", "stddev", "stdvar", "count", "count_values", "bottomk", "topk", "quantile",
            "limitk", "limit_ratio");
    /** Words followed by a parenthesized label list, not by an expression. */
    private static final Set<String> LABEL_LISTS = Set.of("by", "without", "on", "ignoring", "group_left", "group_right");

    private PromQl() {
    }

    /** Grafana's variables as a plain query needs them: every hub, and a rate window a 1 s scrape fills. */
    static String withoutGrafanaVariables(String expr) {
        return expr.replace("$__rate_interval", "1m").replace("$__interval", "15s").replace("$__range", "5m")
                .replace("${instance}", ".*").replace("$instance", ".*");
    }

    /** The series selectors of an expression, as written: {@code name}, {@code name{matchers}} or {@code {matchers}}. */
    static List<String> selectors(String expr) {
        List<String> found = new ArrayList<>();
        int i = 0;
        int n = expr.length();
        while (i < n) {
            char c = expr.charAt(i);
            if (c == '"' || c == '\'' || c == '`') {
                i = afterString(expr, i);
            } else if (c == '#') {
                int eol = expr.indexOf('\n', i);
                i = eol < 0 ? n : eol;
            } else if (c == '[') {
                i = expr.indexOf(']', i) + 1; // a range or subquery: durations only
            } else if (Character.isDigit(c) || c == '.') {
                while (i < n && (Character.isLetterOrDigit(expr.charAt(i)) || expr.charAt(i) == '.')) {
                    i++; // a number or a duration such as 5m or 1e3
                }
            } else if (c == '{') {
                int end = afterBraces(expr, i);
                found.add(expr.substring(i, end));
                i = end;
            } else if (Character.isLetter(c) || c == '_' || c == ':') {
                int start = i;
                while (i < n && (Character.isLetterOrDigit(expr.charAt(i)) || expr.charAt(i) == '_' || expr.charAt(i) == ':')) {
                    i++;
                }
                String word = expr.substring(start, i);
                int next = skipSpaces(expr, i);
                boolean call = next < n && expr.charAt(next) == '(';
                if (LABEL_LISTS.contains(word.toLowerCase())) {
                    i = call ? afterParens(expr, next) : i;
                } else if (call || KEYWORDS.contains(word.toLowerCase())) {
                    continue; // a function or aggregation: its arguments are scanned next
                } else if (next < n && expr.charAt(next) == '{') {
                    int end = afterBraces(expr, next);
                    found.add(word + expr.substring(next, end));
                    i = end;
                } else {
                    found.add(word);
                }
            } else {
                i++;
            }
        }
        return found;
    }

    private static int skipSpaces(String s, int i) {
        while (i < s.length() && Character.isWhitespace(s.charAt(i))) {
            i++;
        }
        return i;
    }

    private static int afterString(String s, int i) {
        char quote = s.charAt(i++);
        while (i < s.length() && s.charAt(i) != quote) {
            i += s.charAt(i) == '\\' && quote != '`' ? 2 : 1;
        }
        return i + 1;
    }

    private static int afterBraces(String s, int i) {
        return afterClosing(s, i, '{', '}');
    }

    private static int afterParens(String s, int i) {
        return afterClosing(s, i, '(', ')');
    }

    private static int afterClosing(String s, int i, char open, char close) {
        int depth = 0;
        while (i < s.length()) {
            char c = s.charAt(i);
            if (c == '"' || c == '\'' || c == '`') {
                i = afterString(s, i);
                continue;
            }
            if (c == open) {
                depth++;
            } else if (c == close && --depth == 0) {
                return i + 1;
            }
            i++;
        }
        throw new IllegalArgumentException("unbalanced " + open + close + " in " + s);
    }
}
