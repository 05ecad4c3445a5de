package dev.quiver;

import java.util.List;
import java.util.Set;

/**
 * A condition on an item's attributes and timestamp. Both sides of a search (vectors and keywords) apply
 * the same filter before ranking, so a filtered search returns {@code k} hits whenever {@code k} items match.
 *
 * <pre>{@code
 * Filter f = Filter.and(Filter.eq("room", "ops"), Filter.not(Filter.eq("kind", "bot")));
 * }</pre>
 */
public sealed interface Filter {
  /** Deepest nesting accepted. */
  int MAX_DEPTH = 32;
  /** Most conditions in one filter. */
  int MAX_CONDITIONS = 256;
  /** Most values in one {@link #in}. */
  int MAX_IN_VALUES = 4096;
  /** Most values in all the {@link #in} conditions of one filter together. */
  int MAX_VALUES = 16_384;

  /** Matches every item. */
  static Filter all() {
    return All.INSTANCE;
  }

  /** Matches items whose attribute {@code key} equals {@code value}. */
  static Filter eq(String key, String value) {
    return new Eq(key, value);
  }

  /** Matches items whose attribute {@code key} is one of {@code values}. */
  static Filter in(String key, String... values) {
    return new In(key, new java.util.LinkedHashSet<>(List.of(values)));
  }

  /** Matches items that match every one of {@code filters}. */
  static Filter and(Filter... filters) {
    return new And(List.of(filters));
  }

  /** Matches items that match at least one of {@code filters}. */
  static Filter or(Filter... filters) {
    return new Or(List.of(filters));
  }

  /** Matches items that do not match {@code filter}. */
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
      requireText(key, "attribute name");
      requireText(value, "attribute value");
    }
  }

  /** Attribute membership. */
  record In(String key, Set<String> values) implements Filter {
    public In {
      requireText(key, "attribute name");
      for (String value : values) {
        requireText(value, "attribute value");
      }
      values = Set.copyOf(values);
    }
  }

  /** Conjunction. */
  record And(List<Filter> filters) implements Filter {
    public And {
      filters = requireFilters(filters, "and");
    }
  }

  /** Disjunction. */
  record Or(List<Filter> filters) implements Filter {
    public Or {
      filters = requireFilters(filters, "or");
    }
  }

  /** Negation. */
  record Not(Filter filter) implements Filter {
    public Not {
      java.util.Objects.requireNonNull(filter, "filter");
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

  private static List<Filter> requireFilters(List<Filter> filters, String combinator) {
    for (Filter f : filters) {
      if (f == null) {
        throw new IllegalArgumentException("filters combined by " + combinator + " must not be null; found "
            + filters);
      }
    }
    return List.copyOf(filters);
  }

  private static void requireText(String s, String what) {
    if (s == null) {
      throw new IllegalArgumentException(what + " in a filter must not be null");
    }
    int bad = Checks.firstUnpairedSurrogate(s);
    if (bad >= 0) {
      throw new IllegalArgumentException(what + " in a filter, " + Checks.quote(s) + ", has "
          + Checks.unpaired(s, bad) + "; filter keys and values must be well-formed UTF-16, like the attributes "
          + "they match");
    }
  }
}
