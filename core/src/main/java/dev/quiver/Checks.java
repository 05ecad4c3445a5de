package dev.quiver;

import java.util.List;
import java.util.Locale;

/**
 * Argument checks shared by the public types; messages say what was expected, what was found and where.
 *
 * <p>Strings are checked for well-formed UTF-16: an unpaired surrogate has no UTF-8 encoding, so each storage
 * layer substitutes its own replacement (sqlite-jdbc writes {@code '?'}, Lucene U+FFFD). Two ids that differ
 * in memory would then be one id on disk, and the two sides would disagree about it. Quiver stores exactly
 * what it is given, or refuses it.
 */
final class Checks {
  /** Characters of a caller's string quoted in a message; the rest is elided. */
  private static final int QUOTE_LENGTH = 40;

  private Checks() {}

  static void requireId(String id) {
    if (id == null || id.isEmpty()) {
      throw new IllegalArgumentException("item id must be 1 to " + Item.MAX_ID_LENGTH + " characters; found "
          + (id == null ? "null" : "an empty string"));
    }
    if (id.length() > Item.MAX_ID_LENGTH) {
      throw new IllegalArgumentException(String.format(Locale.ROOT,
          "item id must be 1 to %d characters; found %d characters starting %s",
          Item.MAX_ID_LENGTH, id.length(), quote(id)));
    }
    int bad = firstUnpairedSurrogate(id);
    if (bad >= 0) {
      throw new IllegalArgumentException(String.format(Locale.ROOT,
          "item id %s has %s; ids must be well-formed UTF-16, or two ids could become one on disk",
          quote(id), unpaired(id, bad)));
    }
  }

  /**
   * The text of a search: present, and no longer than the longest text an item may hold. For the
   * {@link SearchRequest} constructor, which today throws {@link NullPointerException} for null text.
   */
  static String requireQueryText(String text) {
    if (text == null) {
      throw new IllegalArgumentException("search text must be a string; found null (an empty string finds "
          + "nothing by keywords)");
    }
    if (text.length() > Item.MAX_TEXT_LENGTH) {
      throw new IllegalArgumentException(String.format(Locale.ROOT,
          "search text has %d characters; at most %d are accepted, the longest text an item may hold",
          text.length(), Item.MAX_TEXT_LENGTH));
    }
    return text;
  }

  /**
   * The index of the first unpaired surrogate in {@code s} (a high surrogate not followed by a low one, or a
   * low surrogate not preceded by a high one), or -1 when {@code s} is well-formed UTF-16.
   */
  static int firstUnpairedSurrogate(String s) {
    for (int i = 0, n = s.length(); i < n; i++) {
      char c = s.charAt(i);
      if (!Character.isSurrogate(c)) {
        continue;
      }
      if (Character.isHighSurrogate(c) && i + 1 < n && Character.isLowSurrogate(s.charAt(i + 1))) {
        i++; // a pair: one astral code point
        continue;
      }
      return i;
    }
    return -1;
  }

  /** "an unpaired surrogate U+D800 at char index 4", for {@code s.charAt(index)}. */
  static String unpaired(String s, int index) {
    return String.format(Locale.ROOT, "an unpaired surrogate U+%04X at char index %d", (int) s.charAt(index),
        index);
  }

  /**
   * {@code s} in single quotes for a message: its first {@value #QUOTE_LENGTH} characters, with surrogates that
   * are not part of a pair and control characters written as {@code \\uXXXX}, so the message itself is
   * well-formed and printable.
   */
  static String quote(String s) {
    if (s == null) {
      return "null";
    }
    StringBuilder b = new StringBuilder(Math.min(s.length(), QUOTE_LENGTH) + 8).append('\'');
    int i = 0;
    while (i < s.length() && i < QUOTE_LENGTH) {
      char c = s.charAt(i);
      if (Character.isHighSurrogate(c) && i + 1 < s.length() && Character.isLowSurrogate(s.charAt(i + 1))) {
        b.append(c).append(s.charAt(i + 1)); // may run one past QUOTE_LENGTH to keep the pair whole
        i += 2;
      } else {
        b.append(Character.isSurrogate(c) || Character.isISOControl(c)
            ? String.format(Locale.ROOT, "\\u%04X", (int) c) : String.valueOf(c));
        i++;
      }
    }
    b.append('\'');
    if (i < s.length()) {
      b.append(String.format(Locale.ROOT, " (first %d of %d characters)", i, s.length()));
    }
    return b.toString();
  }

  /**
   * Checks that combining {@code operands} with {@code combinator} stays within {@link Filter}'s limits.
   * Records hold no extra fields, so the operands are measured here; each operand was checked when it was
   * built, so this walk visits at most {@code MAX_CONDITIONS * MAX_DEPTH} nodes per operand and recurses at
   * most {@code MAX_DEPTH} levels.
   */
  static void requireFilterShape(String combinator, List<Filter> operands) {
    int depth = 0;
    long conditions = operands.isEmpty() ? 1 : 0; // and() and or() are conditions themselves: true and false
    long values = 0;
    for (Filter f : operands) {
      FilterShape shape = FilterShape.of(f);
      depth = Math.max(depth, shape.depth());
      conditions += shape.conditions();
      values += shape.values();
    }
    depth++;
    if (depth > Filter.MAX_DEPTH) {
      throw new IllegalArgumentException(String.format(Locale.ROOT,
          "%s would nest %d levels deep; a filter may nest at most %d (Filter.MAX_DEPTH). Put many conditions "
              + "side by side in one and(a, b, c, ...) or or(a, b, c, ...) rather than nesting and(and(a, b), c)",
          combinator, depth, Filter.MAX_DEPTH));
    }
    if (conditions > Filter.MAX_CONDITIONS) {
      throw new IllegalArgumentException(String.format(Locale.ROOT,
          "%s would have %d conditions; a filter may have at most %d (Filter.MAX_CONDITIONS). Each eq, range, "
              + "contains and timeRange counts once, an exists twice and an in once per kind of value: use Filter.in(key, values...) for many values of one attribute",
          combinator, conditions, Filter.MAX_CONDITIONS));
    }
    if (values > Filter.MAX_VALUES) {
      throw new IllegalArgumentException(String.format(Locale.ROOT,
          "%s would hold %d values in its in(...) conditions; a filter may hold at most %d (Filter.MAX_VALUES)",
          combinator, values, Filter.MAX_VALUES));
    }
  }

  /** How deep a checked filter nests, how many conditions it has and how many in-values it holds. */
  private record FilterShape(int depth, int conditions, int values) {
    private static final FilterShape CONDITION = new FilterShape(1, 1, 0);
    /** Any value of three kinds: three keyword-index leaves, so two conditions' worth of the clause budget. */
    private static final FilterShape EXISTS = new FilterShape(1, 2, 0);

    static FilterShape of(Filter f) {
      if (f instanceof Filter.Not not) {
        FilterShape inner = of(not.filter());
        return new FilterShape(inner.depth + 1, inner.conditions, inner.values);
      }
      List<Filter> operands;
      if (f instanceof Filter.And and) {
        operands = and.filters();
      } else if (f instanceof Filter.Or or) {
        operands = or.filters();
      } else if (f instanceof Filter.In in) {
        // one keyword-index leaf per kind of value: strings, numbers and booleans live in separate fields
        long kinds = in.values().stream().map(dev.quiver.spi.AttributeOrder::kind).distinct().count();
        return new FilterShape(1, (int) Math.max(1, kinds), in.values().size());
      } else if (f instanceof Filter.Exists) {
        return EXISTS;
      } else {
        return CONDITION; // all, eq, a range, contains, timeRange
      }
      if (operands.isEmpty()) {
        return CONDITION;
      }
      int depth = 0;
      int conditions = 0;
      int values = 0;
      for (Filter operand : operands) {
        FilterShape shape = of(operand);
        depth = Math.max(depth, shape.depth);
        conditions += shape.conditions;
        values += shape.values;
      }
      return new FilterShape(depth + 1, conditions, values);
    }
  }
}
