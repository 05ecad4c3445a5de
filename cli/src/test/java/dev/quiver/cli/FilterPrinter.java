package dev.quiver.cli;

import dev.quiver.Filter;
import java.util.List;
import java.util.Set;
import java.util.stream.Collectors;

/**
 * Prints a {@link Filter} in the syntax of {@link FilterExpression}, so that parsing the text gives an equal
 * filter: values exactly (strings quoted, numbers as num(...), booleans as bool(...)), nested and/or in
 * parentheses, keys quoted when they are not bare words or are spelled like keywords.
 */
final class FilterPrinter {
  private static final Set<String> KEYWORDS = Set.of("and", "or", "not", "in", "contains", "has", "exists", "timeRange",
      "num", "bool");

  private FilterPrinter() {}

  static String print(Filter f) {
    if (f instanceof Filter.Eq eq) {
      return key(eq.key()) + " = " + value(eq.value());
    } else if (f instanceof Filter.In in) {
      return key(in.key()) + " in (" + in.values().stream().map(FilterPrinter::value)
          .collect(Collectors.joining(", ")) + ")";
    } else if (f instanceof Filter.Range r) {
      if (r.lower() != null && r.upper() != null) {
        throw new IllegalArgumentException("a range with two bounds has no single condition in the syntax: " + r);
      }
      return r.lower() != null ? key(r.key()) + (r.lowerInclusive() ? " >= " : " > ") + value(r.lower())
          : key(r.key()) + (r.upperInclusive() ? " <= " : " < ") + value(r.upper());
    } else if (f instanceof Filter.Exists e) {
      return "has(" + key(e.key()) + ")";
    } else if (f instanceof Filter.Contains c) {
      return key(c.key()) + " contains " + quote(c.substring());
    } else if (f instanceof Filter.TimeRange t) {
      return "timeRange(" + t.fromInclusive() + ", " + t.toExclusive() + ")";
    } else if (f instanceof Filter.Not n) {
      return "not " + operand(n.filter());
    } else if (f instanceof Filter.And a) {
      return join(a.filters(), " and ");
    } else if (f instanceof Filter.Or o) {
      return join(o.filters(), " or ");
    }
    throw new IllegalArgumentException("no syntax for " + f);
  }

  private static String join(List<Filter> operands, String word) {
    if (operands.size() < 2) {
      throw new IllegalArgumentException("and/or of fewer than two operands has no syntax: " + operands);
    }
    return operands.stream().map(FilterPrinter::operand).collect(Collectors.joining(word));
  }

  private static String operand(Filter f) {
    return f instanceof Filter.And || f instanceof Filter.Or ? "(" + print(f) + ")" : print(f);
  }

  private static String key(String key) {
    boolean bare = !KEYWORDS.contains(key) && key.chars().noneMatch(c -> Character.isWhitespace(c)
        || "(),=!<>\"'".indexOf(c) >= 0);
    return bare ? key : quote(key);
  }

  private static String value(Object v) {
    if (v instanceof String s) {
      return quote(s);
    } else if (v instanceof Boolean b) {
      return "bool(" + b + ")";
    }
    return "num(" + v + ")"; // Long prints without a point, Double always with one or an exponent
  }

  private static String quote(String s) {
    return "\"" + s.replace("\\", "\\\\").replace("\"", "\\\"") + "\"";
  }
}
