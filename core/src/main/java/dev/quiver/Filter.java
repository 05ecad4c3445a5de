package dev.quiver;

import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Set;

/**
 * A condition on an item's attributes and timestamp. Both sides of a search (vectors and keywords) apply
 * the same filter before ranking, so a filtered search returns {@code k} hits whenever {@code k} items match.
 *
 * <pre>{@code
 * Filter f = Filter.and(Filter.eq("room", "ops"), Filter.not(Filter.eq("kind", "bot")));
 * }</pre>
 *
 * <h2>Limits</h2>
 *
 * A filter is checked when it is built, so a search never fails on its shape: it nests at most
 * {@value #MAX_DEPTH} levels deep, has at most {@value #MAX_CONDITIONS} conditions, and its {@code in}
 * conditions hold at most {@value #MAX_IN_VALUES} values each and {@value #MAX_VALUES} together. Keys and values
 * obey the limits of the attributes they match ({@link Item#MAX_ATTRIBUTE_NAME_LENGTH},
 * {@link Item#MAX_ATTRIBUTE_VALUE_LENGTH}) and must be well-formed UTF-16. Anything else is an
 * {@link IllegalArgumentException} that names the limit and what was found.
 */
public sealed interface Filter {
  /**
   * Deepest nesting accepted: a condition alone has depth 1, and each {@code and}, {@code or} and {@code not}
   * around it adds one. Filters written by hand nest a few levels; 32 leaves room for filters built by code,
   * while every recursive evaluation (the bitmap evaluation, the Lucene translation and Lucene's own query
   * rewriting) stays a few dozen frames deep, far from any thread's stack limit.
   */
  int MAX_DEPTH = 32;

  /**
   * Most conditions in one filter. Each {@code eq}, {@code in}, {@code timeRange} and {@code all} counts
   * once, and so does an {@code and()} or {@code or()} with no operands; {@code not} adds none. An {@code in}
   * counts once however many values it holds, so use it for many values of one attribute.
   *
   * <p>Why 256: the Lucene keyword index turns one condition into at most two clauses (a negated condition
   * needs a match-all clause beside it), so a filter takes at most 512 of the 1,024 clauses Lucene allows in
   * one query, and the query's text always keeps at least 512 terms. Every filter accepted here is accepted
   * by the keyword index.
   */
  int MAX_CONDITIONS = 256;

  /** Most values in one {@link #in}: a room list or an allow list, not a table. */
  int MAX_IN_VALUES = 4096;

  /**
   * Most values in all the {@link #in} conditions of one filter together. Each value is a term the keyword
   * index sorts and looks up and a bitmap the vector side unions, on every search: this bound keeps that work
   * to a few thousand terms rather than {@code MAX_CONDITIONS * MAX_IN_VALUES}, about a million.
   */
  int MAX_VALUES = 16_384;

  /** Matches every item. */
  static Filter all() {
    return All.INSTANCE;
  }

  /**
   * Matches items whose attribute {@code key} equals {@code value}.
   *
   * @throws IllegalArgumentException if {@code key} or {@code value} is null, too long or not well-formed, or
   *     {@code key} is empty
   */
  static Filter eq(String key, String value) {
    return new Eq(key, value);
  }

  /**
   * Matches items whose attribute {@code key} is one of {@code values}; none when there are no values.
   *
   * @throws IllegalArgumentException as {@link #eq}, for the key and each value, or if {@code values} is null
   *     or holds more than {@value #MAX_IN_VALUES} distinct values
   */
  static Filter in(String key, String... values) {
    if (values == null) {
      throw new IllegalArgumentException("in(" + Checks.quote(key) + ") needs values; found null (call "
          + "Filter.in(key) with no values to match nothing)");
    }
    for (int i = 0; i < values.length; i++) {
      if (values[i] == null) {
        throw nullValue(key, i, values.length);
      }
    }
    return new In(key, new java.util.LinkedHashSet<>(Arrays.asList(values)));
  }

  /**
   * Matches items that match every one of {@code filters}; every item when there are none.
   *
   * @throws IllegalArgumentException if {@code filters} is or holds null, or the result would pass a limit:
   *     {@value #MAX_DEPTH} levels, {@value #MAX_CONDITIONS} conditions, {@value #MAX_VALUES} in-values
   */
  static Filter and(Filter... filters) {
    return new And(operands(filters, "and"));
  }

  /**
   * Matches items that match at least one of {@code filters}; no item when there are none.
   *
   * @throws IllegalArgumentException as {@link #and}
   */
  static Filter or(Filter... filters) {
    return new Or(operands(filters, "or"));
  }

  /**
   * Matches items that do not match {@code filter}.
   *
   * @throws IllegalArgumentException if {@code filter} is null or already nests {@value #MAX_DEPTH} levels
   */
  static Filter not(Filter filter) {
    return new Not(filter);
  }

  /**
   * Matches items with a timestamp in {@code [fromInclusive, toExclusive)}, in epoch milliseconds.
   * Items without a timestamp never match.
   */
  static Filter timeRange(long fromInclusive, long toExclusive) {
    return new TimeRange(fromInclusive, toExclusive);
  }

  /** The filter that matches everything. */
  enum All implements Filter {
    INSTANCE
  }

  /** Attribute equality. */
  record Eq(String key, String value) implements Filter {
    public Eq {
      requireKey(key);
      requireValue(value);
    }
  }

  /** Attribute membership. */
  record In(String key, Set<String> values) implements Filter {
    public In {
      requireKey(key);
      if (values == null) {
        throw new IllegalArgumentException("in(" + Checks.quote(key) + ") needs a set of values; found null");
      }
      if (values.size() > MAX_IN_VALUES) {
        throw new IllegalArgumentException(String.format(java.util.Locale.ROOT,
            "in(%s) has %d values; at most %d are accepted (Filter.MAX_IN_VALUES)", Checks.quote(key),
            values.size(), MAX_IN_VALUES));
      }
      List<String> snapshot = new ArrayList<>(values); // the caller's set may hold null
      for (int i = 0; i < snapshot.size(); i++) {
        if (snapshot.get(i) == null) {
          throw nullValue(key, i, snapshot.size());
        }
        requireValue(snapshot.get(i));
      }
      values = Set.copyOf(snapshot);
    }
  }

  /** Conjunction. */
  record And(List<Filter> filters) implements Filter {
    public And {
      filters = requireFilters(filters, "and");
      Checks.requireFilterShape("and(...)", filters);
    }
  }

  /** Disjunction. */
  record Or(List<Filter> filters) implements Filter {
    public Or {
      filters = requireFilters(filters, "or");
      Checks.requireFilterShape("or(...)", filters);
    }
  }

  /** Negation. */
  record Not(Filter filter) implements Filter {
    public Not {
      if (filter == null) {
        throw new IllegalArgumentException("not(...) needs a filter to negate; found null");
      }
      Checks.requireFilterShape("not(...)", List.of(filter));
    }
  }

  /** Timestamp range, {@code [fromInclusive, toExclusive)} in epoch milliseconds. */
  record TimeRange(long fromInclusive, long toExclusive) implements Filter {
    public TimeRange {
      if (toExclusive < fromInclusive) {
        throw new IllegalArgumentException("time range must have from <= to; found from=" + fromInclusive
            + " to=" + toExclusive);
      }
    }
  }

  private static List<Filter> operands(Filter[] filters, String combinator) {
    if (filters == null) {
      throw new IllegalArgumentException(combinator + "(...) needs filters to combine; found null (call "
          + combinator + "() with no arguments for " + (combinator.equals("and") ? "everything" : "nothing")
          + ")");
    }
    return Arrays.asList(filters); // may hold null: checked by the record
  }

  private static List<Filter> requireFilters(List<Filter> filters, String combinator) {
    if (filters == null) {
      throw new IllegalArgumentException(combinator + "(...) needs a list of filters; found null");
    }
    List<Filter> snapshot = new ArrayList<>(filters); // the caller's list may hold null
    for (int i = 0; i < snapshot.size(); i++) {
      if (snapshot.get(i) == null) {
        throw new IllegalArgumentException(String.format(java.util.Locale.ROOT,
            "operand %d of %s(...) is null (%d operands); expected a filter (Filter.all() matches everything)",
            i, combinator, snapshot.size()));
      }
    }
    return List.copyOf(snapshot);
  }

  private static IllegalArgumentException nullValue(String key, int index, int count) {
    return new IllegalArgumentException(String.format(java.util.Locale.ROOT,
        "value %d of in(%s) is null (%d values); expected a string", index, Checks.quote(key), count));
  }

  private static void requireKey(String key) {
    requirePresent(key, "attribute name");
    if (key.isEmpty() || key.length() > Item.MAX_ATTRIBUTE_NAME_LENGTH) {
      throw new IllegalArgumentException(String.format(java.util.Locale.ROOT,
          "attribute name in a filter must be 1 to %d characters, like the attribute names of items; found %d",
          Item.MAX_ATTRIBUTE_NAME_LENGTH, key.length()));
    }
    requireWellFormed(key, "attribute name");
  }

  private static void requireValue(String value) {
    requirePresent(value, "attribute value");
    if (value.length() > Item.MAX_ATTRIBUTE_VALUE_LENGTH) {
      throw new IllegalArgumentException(String.format(java.util.Locale.ROOT,
          "attribute value in a filter has %d characters, starting %s; at most %d are accepted, the longest "
              + "value an item may hold", value.length(), Checks.quote(value), Item.MAX_ATTRIBUTE_VALUE_LENGTH));
    }
    requireWellFormed(value, "attribute value");
  }

  private static void requirePresent(String s, String what) {
    if (s == null) {
      throw new IllegalArgumentException(what + " in a filter must be a string; found null");
    }
  }

  private static void requireWellFormed(String s, String what) {
    int bad = Checks.firstUnpairedSurrogate(s);
    if (bad >= 0) {
      throw new IllegalArgumentException(what + " in a filter, " + Checks.quote(s) + ", has "
          + Checks.unpaired(s, bad) + "; filter keys and values must be well-formed UTF-16, like the attributes "
          + "they match");
    }
  }
}
