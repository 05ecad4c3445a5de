package dev.quiver;

import dev.quiver.spi.AttributeOrder;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.Collection;
import java.util.List;
import java.util.Set;
import org.jspecify.annotations.Nullable;

/**
 * A condition on an item's attributes and timestamp. Both sides of a search (vectors and keywords) apply
 * the same filter before ranking, so a filtered search returns {@code k} hits whenever {@code k} items match.
 * {@link #test(Item)} defines what a filter means; every side returns exactly the items it accepts.
 *
 * <pre>{@code
 * Filter f = Filter.and(Filter.eq("room", "ops"), Filter.ne("kind", "bot"), Filter.gte("priority", 2));
 * }</pre>
 *
 * <h2>Values</h2>
 *
 * Values compare as {@link dev.quiver.spi.AttributeOrder} says: a string never equals a number or a boolean,
 * numbers compare exactly whether they are Long or Double ({@code eq("n", 5)} matches {@code n=5.0}), and
 * strings compare by code point. A range condition ({@code gt}, {@code gte}, {@code lt}, {@code lte}) matches
 * only values of its bound's kind, and booleans have no range. Negations match items without the attribute:
 * {@code ne("room", "ops")} matches an item with no room, as {@code not(eq("room", "ops"))} does.
 * {@code contains} matches only strings, by {@link String#contains}: case-sensitively, char for char.
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
   * Most conditions in one filter. Each {@code eq}, range, {@code contains}, {@code timeRange} and {@code all}
   * counts once, an {@code in} once per kind of value it holds (strings, numbers, booleans) however many values
   * it holds, and an {@code exists} twice; an {@code and()} or {@code or()} with no operands counts once, and
   * {@code not} adds none. Use {@code in} for many values of one attribute.
   *
   * <p>Why 256: the Lucene keyword index turns one counted condition into at most two clauses (a negated
   * condition needs a match-all clause beside it), so a filter takes at most 512 of the 1,024 clauses Lucene
   * allows in one query, and the query's text always keeps at least 512 terms. Every filter accepted here is
   * accepted by the keyword index.
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

  /** Whether {@code item} matches: the meaning of this filter, which every side of a search applies. */
  boolean test(Item item);

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

  /** Matches items whose attribute {@code key} is a number equal to {@code value}. */
  static Filter eq(String key, long value) {
    return new Eq(key, value);
  }

  /**
   * Matches items whose attribute {@code key} is a number equal to {@code value}.
   *
   * @throws IllegalArgumentException if {@code value} is NaN
   */
  static Filter eq(String key, double value) {
    return new Eq(key, value);
  }

  /** Matches items whose attribute {@code key} is the boolean {@code value}. */
  static Filter eq(String key, boolean value) {
    return new Eq(key, value);
  }

  /** Matches items whose attribute {@code key} is not {@code value}, or that have no attribute {@code key}. */
  static Filter ne(String key, String value) {
    return not(eq(key, value));
  }

  /** As {@link #ne(String, String)}, for a number. */
  static Filter ne(String key, long value) {
    return not(eq(key, value));
  }

  /** As {@link #ne(String, String)}, for a number. */
  static Filter ne(String key, double value) {
    return not(eq(key, value));
  }

  /** As {@link #ne(String, String)}, for a boolean. */
  static Filter ne(String key, boolean value) {
    return not(eq(key, value));
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
   * Matches items whose attribute {@code key} equals one of {@code values}, which may be of any attribute type
   * and may be mixed: {@code in("n", List.of(1L, 2.5))}.
   *
   * @throws IllegalArgumentException as {@link #in(String, String...)}
   */
  static Filter in(String key, Collection<?> values) {
    if (values == null) {
      throw new IllegalArgumentException("in(" + Checks.quote(key) + ") needs values; found null (pass an "
          + "empty list to match nothing)");
    }
    return new In(key, new java.util.LinkedHashSet<>(values));
  }

  /** Matches items whose attribute {@code key} is none of {@code values}, or that have no attribute {@code key}. */
  static Filter notIn(String key, String... values) {
    return not(in(key, values));
  }

  /** As {@link #notIn(String, String...)}, for values of any attribute type. */
  static Filter notIn(String key, Collection<?> values) {
    return not(in(key, values));
  }

  /** Matches items whose attribute {@code key} is a number greater than {@code value}. */
  static Filter gt(String key, long value) {
    return new Range(key, value, false, null, false);
  }

  /** As {@link #gt(String, long)}; NaN is refused. */
  static Filter gt(String key, double value) {
    return new Range(key, value, false, null, false);
  }

  /** Matches items whose attribute {@code key} is a string after {@code value} in code point order. */
  static Filter gt(String key, String value) {
    return new Range(key, value, false, null, false);
  }

  /** Matches items whose attribute {@code key} is a number greater than or equal to {@code value}. */
  static Filter gte(String key, long value) {
    return new Range(key, value, true, null, false);
  }

  /** As {@link #gte(String, long)}; NaN is refused. */
  static Filter gte(String key, double value) {
    return new Range(key, value, true, null, false);
  }

  /** Matches items whose attribute {@code key} is a string equal to or after {@code value}. */
  static Filter gte(String key, String value) {
    return new Range(key, value, true, null, false);
  }

  /** Matches items whose attribute {@code key} is a number less than {@code value}. */
  static Filter lt(String key, long value) {
    return new Range(key, null, false, value, false);
  }

  /** As {@link #lt(String, long)}; NaN is refused. */
  static Filter lt(String key, double value) {
    return new Range(key, null, false, value, false);
  }

  /** Matches items whose attribute {@code key} is a string before {@code value} in code point order. */
  static Filter lt(String key, String value) {
    return new Range(key, null, false, value, false);
  }

  /** Matches items whose attribute {@code key} is a number less than or equal to {@code value}. */
  static Filter lte(String key, long value) {
    return new Range(key, null, false, value, true);
  }

  /** As {@link #lte(String, long)}; NaN is refused. */
  static Filter lte(String key, double value) {
    return new Range(key, null, false, value, true);
  }

  /** Matches items whose attribute {@code key} is a string equal to or before {@code value}. */
  static Filter lte(String key, String value) {
    return new Range(key, null, false, value, true);
  }

  /**
   * Matches items whose attribute {@code key} is a string that contains {@code substring}, case-sensitively, as
   * {@link String#contains} says (LangChain4j's {@code ContainsString}). A number or boolean attribute never
   * matches, whatever it prints as; the empty substring matches every string value of {@code key}.
   *
   * @throws IllegalArgumentException as {@link #eq(String, String)}, for the key and the substring
   */
  static Filter contains(String key, String substring) {
    return new Contains(key, substring);
  }

  /** Matches items that have an attribute {@code key}, of any value; {@code not(exists(key))} those without. */
  static Filter exists(String key) {
    return new Exists(key);
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
    INSTANCE;

    @Override
    public boolean test(Item item) {
      return true;
    }
  }

  /**
   * Attribute equality: {@code value} is a String, Long, Double (not NaN) or Boolean; an Integer, Short or
   * Byte is taken as a Long and a Float as a Double.
   */
  record Eq(String key, Object value) implements Filter {
    public Eq {
      requireKey(key);
      value = requireValue(value, "eq(" + Checks.quote(key) + ")");
    }

    @Override
    public boolean test(Item item) {
      Object actual = item.attributes().get(key);
      return actual != null && AttributeOrder.equal(actual, value);
    }
  }

  /** Attribute membership: equal to one of {@code values}, each as in {@link Eq}. */
  record In(String key, Set<?> values) implements Filter {
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
      List<Object> snapshot = new ArrayList<>(values); // the caller's set may hold null
      for (int i = 0; i < snapshot.size(); i++) {
        if (snapshot.get(i) == null) {
          throw nullValue(key, i, snapshot.size());
        }
        snapshot.set(i, requireValue(snapshot.get(i), "in(" + Checks.quote(key) + ")"));
      }
      values = Set.copyOf(new java.util.LinkedHashSet<>(snapshot)); // widening may make two values one
    }

    @Override
    public boolean test(Item item) {
      Object actual = item.attributes().get(key);
      if (actual == null) {
        return false;
      }
      for (Object v : values) {
        if (AttributeOrder.equal(actual, v)) {
          return true;
        }
      }
      return false;
    }
  }

  /**
   * Attribute range: values of the bounds' kind (numbers, or strings in code point order) between
   * {@code lower} and {@code upper}; a null bound is open. Booleans have no range.
   */
  record Range(String key, @Nullable Object lower, boolean lowerInclusive, @Nullable Object upper,
      boolean upperInclusive) implements Filter {
    public Range {
      requireKey(key);
      String what = "range on " + Checks.quote(key);
      if (lower == null && upper == null) {
        throw new IllegalArgumentException(what + " needs a lower or an upper bound; found neither (use "
            + "Filter.exists(key) for any value)");
      }
      lower = lower == null ? null : requireValue(lower, what);
      upper = upper == null ? null : requireValue(upper, what);
      Object bound = lower != null ? lower : upper;
      AttributeOrder.Kind kind = AttributeOrder.kind(bound);
      if (kind == AttributeOrder.Kind.BOOLEAN) {
        throw new IllegalArgumentException(what + " has a boolean bound; booleans have no range (use eq)");
      }
      if (lower != null && upper != null && AttributeOrder.kind(upper) != kind) {
        throw new IllegalArgumentException(String.format(java.util.Locale.ROOT,
            "%s has bounds of two kinds, %s and %s; both must be numbers or both strings", what,
            AttributeValues.describe(lower), AttributeValues.describe(upper)));
      }
    }

    @Override
    public boolean test(Item item) {
      Object actual = item.attributes().get(key);
      Object bound = lower != null ? lower : upper;
      if (actual == null || AttributeOrder.kind(actual) != AttributeOrder.kind(bound)) {
        return false;
      }
      if (lower != null) {
        int c = AttributeOrder.compare(actual, lower);
        if (c < 0 || (c == 0 && !lowerInclusive)) {
          return false;
        }
      }
      if (upper != null) {
        int c = AttributeOrder.compare(actual, upper);
        return c < 0 || (c == 0 && upperInclusive);
      }
      return true;
    }
  }

  /**
   * Substring: the attribute is a String that contains {@code substring}. Both are well-formed UTF-16, so a
   * match never starts or ends inside a surrogate pair, and char and code point matching agree.
   */
  record Contains(String key, String substring) implements Filter {
    public Contains {
      requireKey(key);
      String where = "contains(" + Checks.quote(key) + ")";
      if (substring == null) {
        throw new IllegalArgumentException("substring in a filter, " + where + ", must be a string; found null "
            + "(use Filter.exists(key) for any value)");
      }
      String problem = AttributeValues.problem(substring);
      if (problem != null) {
        throw new IllegalArgumentException("substring in a filter, " + where + ": "
            + AttributeValues.describe(substring) + ", " + problem + "; a substring obeys the limits of the "
            + "attribute values it matches");
      }
    }

    @Override
    public boolean test(Item item) {
      return item.attributes().get(key) instanceof String actual && actual.contains(substring);
    }
  }

  /** The item has attribute {@code key}, whatever its value. */
  record Exists(String key) implements Filter {
    public Exists {
      requireKey(key);
    }

    @Override
    public boolean test(Item item) {
      return item.attributes().containsKey(key);
    }
  }

  /** Conjunction. */
  record And(List<Filter> filters) implements Filter {
    public And {
      filters = requireFilters(filters, "and");
      Checks.requireFilterShape("and(...)", filters);
    }

    @Override
    public boolean test(Item item) {
      for (Filter f : filters) {
        if (!f.test(item)) {
          return false;
        }
      }
      return true;
    }
  }

  /** Disjunction. */
  record Or(List<Filter> filters) implements Filter {
    public Or {
      filters = requireFilters(filters, "or");
      Checks.requireFilterShape("or(...)", filters);
    }

    @Override
    public boolean test(Item item) {
      for (Filter f : filters) {
        if (f.test(item)) {
          return true;
        }
      }
      return false;
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

    @Override
    public boolean test(Item item) {
      return !filter.test(item);
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

    @Override
    public boolean test(Item item) {
      Long t = item.timestamp();
      return t != null && fromInclusive <= t && t < toExclusive;
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
        "value %d of in(%s) is null (%d values); expected a string, number or boolean", index, Checks.quote(key), count));
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

  /** {@code given}, widened as in {@link Item}, or an exception naming the condition ({@code where}). */
  private static Object requireValue(Object given, String where) {
    if (given == null) {
      throw new IllegalArgumentException("attribute value in a filter, " + where + ", must be a string, number or "
          + "boolean; found null (use not(exists(key)) for items without the attribute)");
    }
    Object value = AttributeValues.widen(given);
    String problem = AttributeValues.problem(value);
    if (problem != null) {
      throw new IllegalArgumentException("attribute value in a filter, " + where + ": "
          + AttributeValues.describe(value) + ", " + problem + "; a filter value obeys the limits of the attributes "
          + "it matches");
    }
    return value;
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
