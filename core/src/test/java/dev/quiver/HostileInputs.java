package dev.quiver;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.catchThrowable;

import java.util.ArrayList;
import java.util.Arrays;
import java.util.HashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.function.Supplier;
import java.util.stream.IntStream;
import net.jqwik.api.Arbitraries;
import net.jqwik.api.Arbitrary;
import net.jqwik.api.Combinators;
import net.jqwik.api.Tuple;
import org.assertj.core.api.ThrowableAssert.ThrowingCallable;

/**
 * Shrinking generators of input that Quiver must refuse: malformed ids, attribute maps, texts, filters and
 * limits. Every generated value is data (a record), so a failure shrinks to the smallest hostile input, and
 * prints short: strings longer than a few dozen characters are shown by their length.
 *
 * <p>lucene-keyword's bad-input suite uses these too, through core's test jar.
 */
public final class HostileInputs {
  private HostileInputs() {}

  // ---------------------------------------------------------------- strings

  /** Well-formed strings of {@code min} to {@code max} code points: ASCII, the rest of the BMP, astral. */
  public static Arbitrary<String> wellFormed(int min, int max) {
    Arbitrary<Integer> codePoint = Arbitraries.frequencyOf(
        Tuple.of(4, Arbitraries.integers().between(0, 0x7F)),
        Tuple.of(2, Arbitraries.integers().between(0x80, Character.MIN_SURROGATE - 1)),
        Tuple.of(1, Arbitraries.integers().between(Character.MAX_SURROGATE + 1, 0xFFFF)),
        Tuple.of(3, Arbitraries.integers().between(0x10000, Character.MAX_CODE_POINT)));
    return codePoint.list().ofMinSize(min).ofMaxSize(max).map(cps -> {
      StringBuilder b = new StringBuilder();
      cps.forEach(b::appendCodePoint);
      return b.toString();
    });
  }

  /** A string with one unpaired surrogate between well-formed parts. */
  public static Arbitrary<String> illFormed() {
    Arbitrary<Character> lone = Arbitraries.chars().range(Character.MIN_SURROGATE, Character.MAX_SURROGATE);
    return Combinators.combine(wellFormed(0, 12), lone, wellFormed(0, 12)).as((p, c, s) -> p + c + s);
  }

  /** A string of {@code limit + 1} to {@code limit + 200} characters: too long by a little, shrinking to one. */
  public static Arbitrary<String> longerThan(int limit) {
    return Arbitraries.integers().between(limit + 1, limit + 200).map(n -> "x".repeat(n));
  }

  private static <T> Arbitrary<T> nothing() {
    return Arbitraries.just(null);
  }

  /** Every kind of id no item may have: null, empty, too long, ill-formed. */
  public static Arbitrary<String> badIds() {
    return Arbitraries.oneOf(nothing(), Arbitraries.just(""), longerThan(Item.MAX_ID_LENGTH), illFormed());
  }

  public static Arbitrary<String> goodIds() {
    return wellFormed(1, 30);
  }

  /** Texts no item may hold: too long or ill-formed. */
  public static Arbitrary<String> badTexts() {
    return Arbitraries.frequencyOf(Tuple.of(1, longerThan(Item.MAX_TEXT_LENGTH)), Tuple.of(4, illFormed()));
  }

  public static Arbitrary<String> goodTexts() {
    return Arbitraries.frequencyOf(Tuple.of(1, nothing()), Tuple.of(6, wellFormed(0, 60)));
  }

  // ---------------------------------------------------------------- items

  /** Values of a type no attribute holds, and NaN. */
  static Arbitrary<Object> badlyTypedValues() {
    return Arbitraries.of(java.util.UUID.fromString("00000000-0000-0000-0000-000000000001"),
        new java.math.BigDecimal("1.5"), 'c', new Object(), List.of("x"), Double.NaN, Float.NaN,
        new StringBuilder("ops"));
  }

  /** An attribute entry that no item may hold. */
  public static Arbitrary<Map.Entry<String, Object>> badAttribute() {
    Arbitrary<String> goodName = wellFormed(1, 10);
    Arbitrary<String> goodValue = wellFormed(0, 20);
    return Arbitraries.oneOf(
        goodValue.map(v -> entry(null, v)),
        goodName.map(n -> entry(n, null)),
        goodValue.map(v -> entry("", v)),
        Combinators.combine(longerThan(Item.MAX_ATTRIBUTE_NAME_LENGTH), goodValue).as(HostileInputs::entry),
        Combinators.combine(goodName, longerThan(Item.MAX_ATTRIBUTE_VALUE_LENGTH)).as(HostileInputs::entry),
        Combinators.combine(illFormed(), goodValue).as(HostileInputs::entry),
        Combinators.combine(goodName, illFormed()).as(HostileInputs::entry),
        Combinators.combine(goodName, badlyTypedValues()).as(HostileInputs::entry));
  }

  private static Map.Entry<String, Object> entry(String name, Object value) {
    return new java.util.AbstractMap.SimpleImmutableEntry<>(name, value);
  }

  /** A map of good attributes with one bad entry among them (a {@link HashMap}, which holds nulls). */
  public static Arbitrary<Map<String, Object>> badAttributes() {
    Arbitrary<List<Map.Entry<String, Object>>> good = Combinators.combine(wellFormed(1, 10), goodValues())
        .as(HostileInputs::entry).list().ofMaxSize(3);
    return Combinators.combine(good, badAttribute()).as((entries, bad) -> {
      Map<String, Object> map = new HashMap<>();
      entries.forEach(e -> map.put("good:" + e.getKey(), e.getValue()));
      map.put(bad.getKey(), bad.getValue());
      return map;
    });
  }

  /** Attribute values of every type an item holds, widened types included. */
  public static Arbitrary<Object> goodValues() {
    return Arbitraries.oneOf(wellFormed(0, 20).map(v -> (Object) v), Arbitraries.longs().map(v -> (Object) v),
        Arbitraries.integers().map(v -> (Object) v), Arbitraries.doubles().map(v -> (Object) v),
        Arbitraries.of(true, false, Double.NEGATIVE_INFINITY, -0.0f));
  }

  public static Arbitrary<Map<String, Object>> goodAttributes() {
    return Arbitraries.maps(wellFormed(1, 10), goodValues()).ofMaxSize(3);
  }

  /** The arguments of {@code new Item(...)}, at least one of them bad. */
  public record ItemArgs(String id, String text, Map<String, Object> attributes, Long timestamp) {
    public Item build() {
      return new Item(id, text, attributes, timestamp);
    }

    @Override
    public String toString() {
      return "Item(" + show(id) + ", " + show(text) + ", " + showMap(attributes) + ", " + timestamp + ")";
    }
  }

  public static Arbitrary<ItemArgs> badItems() {
    Arbitrary<Long> timestamps = Arbitraries.longs().injectNull(0.2);
    Arbitrary<ItemArgs> badId = Combinators.combine(badIds(), goodTexts(), goodAttributes(), timestamps)
        .as(ItemArgs::new);
    Arbitrary<ItemArgs> badText = Combinators.combine(goodIds(), badTexts(), goodAttributes(), timestamps)
        .as(ItemArgs::new);
    Arbitrary<ItemArgs> badAttributes = Combinators.combine(goodIds(), goodTexts(), badAttributes(), timestamps)
        .as(ItemArgs::new);
    Arbitrary<ItemArgs> everythingBad = Combinators.combine(badIds(), badTexts(), badAttributes(), timestamps)
        .as(ItemArgs::new);
    return Arbitraries.oneOf(badId, badText, badAttributes, everythingBad);
  }

  // ---------------------------------------------------------------- filters

  /** How to build a filter that {@link Filter} must refuse, kept as data so it shrinks and prints short. */
  public record FilterArgs(String kind, List<Object> args, Supplier<Filter> builder) {
    public Filter build() {
      return builder.get();
    }

    @Override
    public String toString() {
      return kind + args.stream().map(HostileInputs::show).toList();
    }
  }

  private static FilterArgs filterArgs(String kind, Supplier<Filter> builder, Object... args) {
    return new FilterArgs(kind, Arrays.asList(args), builder);
  }

  private static Filter[] eqs(int n) {
    return IntStream.range(0, n).mapToObj(i -> Filter.eq("room", "r" + i)).toArray(Filter[]::new);
  }

  private static String[] values(int n, int offset) {
    return IntStream.range(0, n).mapToObj(i -> "v" + (i + offset)).toArray(String[]::new);
  }

  /** Nested one level too deep or far deeper, through every combinator. */
  static Arbitrary<FilterArgs> tooDeep() {
    Arbitrary<List<Integer>> kinds = Arbitraries.integers().between(0, 4).list().ofMinSize(1).ofMaxSize(5);
    return Combinators.combine(Arbitraries.integers().between(Filter.MAX_DEPTH + 1, 1_200), kinds)
        .as((depth, cycle) -> filterArgs("tooDeep", () -> {
          Filter f = Filter.eq("room", "ops");
          for (int d = 1; d < depth; d++) {
            f = switch (cycle.get(d % cycle.size())) {
              case 0 -> Filter.not(f);
              case 1 -> Filter.and(f);
              case 2 -> Filter.or(f);
              case 3 -> Filter.and(Filter.eq("kind", "kb"), f);
              default -> Filter.or(f, Filter.timeRange(0, 10));
            };
          }
          return f;
        }, depth, cycle));
  }

  /** More conditions than allowed: in one combination, or split across nested ones. */
  static Arbitrary<FilterArgs> tooWide() {
    Arbitrary<FilterArgs> flat = Combinators.combine(
        Arbitraries.integers().between(Filter.MAX_CONDITIONS + 1, 6_000), Arbitraries.of(true, false))
        .as((n, and) -> filterArgs("tooWide", () -> and ? Filter.and(eqs(n)) : Filter.or(eqs(n)), n, and));
    Arbitrary<FilterArgs> split = Combinators.combine(
        Arbitraries.integers().between(1, Filter.MAX_CONDITIONS), Arbitraries.integers().between(0, 255))
        .as((a, extra) -> {
          int b = Filter.MAX_CONDITIONS + 1 - a + extra % a; // each part alone fits; together they do not
          return filterArgs("tooWideNested", () -> Filter.and(Filter.or(eqs(a)), Filter.not(Filter.and(eqs(b)))),
              a, b);
        });
    return Arbitraries.oneOf(flat, split);
  }

  /** More values than allowed: in one in(...), or across several. */
  static Arbitrary<FilterArgs> tooManyValues() {
    Arbitrary<FilterArgs> one = Arbitraries.integers().between(Filter.MAX_IN_VALUES + 1, 9_000)
        .map(n -> filterArgs("inTooMany", () -> Filter.in("room", values(n, 0)), n));
    Arbitrary<FilterArgs> many = Arbitraries.integers().between(1, 3_000).map(extra -> {
      int ins = Filter.MAX_VALUES / Filter.MAX_IN_VALUES;
      return filterArgs("valuesTooMany", () -> {
        Filter[] parts = new Filter[ins + 1];
        for (int i = 0; i < ins; i++) {
          parts[i] = Filter.in("room", values(Filter.MAX_IN_VALUES, i * Filter.MAX_IN_VALUES));
        }
        parts[ins] = Filter.in("kind", values(extra, 0));
        return Filter.or(parts);
      }, ins, extra);
    });
    return Arbitraries.oneOf(one, many);
  }

  /** Nulls in every place a filter takes an argument. */
  static Arbitrary<FilterArgs> withNulls() {
    Arbitrary<FilterArgs> nullOperand = Combinators.combine(Arbitraries.integers().between(1, 6),
        Arbitraries.integers().between(0, 5), Arbitraries.of(true, false)).as((n, at, and) -> {
          int position = at % n;
          return filterArgs("nullOperand", () -> {
            Filter[] parts = eqs(n);
            parts[position] = null;
            return and ? Filter.and(parts) : Filter.or(parts);
          }, n, position, and);
        });
    Arbitrary<FilterArgs> nullValue = Combinators.combine(Arbitraries.integers().between(1, 6),
        Arbitraries.integers().between(0, 5)).as((n, at) -> {
          int position = at % n;
          return filterArgs("nullInValue", () -> {
            String[] values = values(n, 0);
            values[position] = null;
            return Filter.in("room", values);
          }, n, position);
        });
    return Arbitraries.oneOf(nullOperand, nullValue, Arbitraries.of(
        filterArgs("andNullArray", () -> Filter.and((Filter[]) null)),
        filterArgs("orNullArray", () -> Filter.or((Filter[]) null)),
        filterArgs("andNullList", () -> new Filter.And(null)),
        filterArgs("orNullList", () -> new Filter.Or(null)),
        filterArgs("notNull", () -> Filter.not(null)),
        filterArgs("inNullArray", () -> Filter.in("room", (String[]) null)),
        filterArgs("inNullSet", () -> new Filter.In("room", null)),
        filterArgs("eqNullKey", () -> Filter.eq(null, "ops")),
        filterArgs("eqNullValue", () -> Filter.eq("room", null)),
        filterArgs("inNullKey", () -> Filter.in(null, "ops"))));
  }

  /** Keys and values no attribute may have, in eq and in, alone or deep inside a larger filter. */
  static Arbitrary<FilterArgs> badKeysAndValues() {
    Arbitrary<String> badKey = Arbitraries.oneOf(Arbitraries.just(""), longerThan(Item.MAX_ATTRIBUTE_NAME_LENGTH),
        illFormed());
    Arbitrary<String> badValue = Arbitraries.oneOf(longerThan(Item.MAX_ATTRIBUTE_VALUE_LENGTH), illFormed());
    Arbitrary<FilterArgs> keys = Combinators.combine(badKey, Arbitraries.of(true, false))
        .as((k, eq) -> filterArgs(eq ? "eqBadKey" : "inBadKey",
            () -> Filter.and(Filter.eq("room", "ops"), eq ? Filter.eq(k, "ops") : Filter.in(k, "ops")), k));
    Arbitrary<FilterArgs> values = Combinators.combine(badValue, Arbitraries.of(true, false))
        .as((v, eq) -> filterArgs(eq ? "eqBadValue" : "inBadValue",
            () -> Filter.or(Filter.not(eq ? Filter.eq("room", v) : Filter.in("room", "ops", v))), v));
    Arbitrary<FilterArgs> reversed = Combinators.combine(Arbitraries.longs(), Arbitraries.longs())
        .filter((from, to) -> from > to)
        .as((from, to) -> filterArgs("timeRangeReversed", () -> Filter.timeRange(from, to), from, to));
    Arbitrary<FilterArgs> badlyTyped = Combinators.combine(badlyTypedValues(), Arbitraries.integers().between(0, 2))
        .as((v, how) -> filterArgs("badlyTypedValue", () -> switch (how) {
          case 0 -> new Filter.Eq("n", v);
          case 1 -> Filter.in("n", List.of(1L, v));
          default -> new Filter.Range("n", v, true, null, false);
        }, v, how));
    Arbitrary<FilterArgs> badRanges = Arbitraries.of(
        filterArgs("rangeOfBooleans", () -> new Filter.Range("b", false, true, true, true)),
        filterArgs("rangeOfTwoKinds", () -> new Filter.Range("n", 1L, true, "z", true)),
        filterArgs("rangeWithoutBounds", () -> new Filter.Range("n", null, true, null, true)),
        filterArgs("rangeNaN", () -> Filter.gt("n", Double.NaN)),
        filterArgs("rangeLongString", () -> Filter.lt("s", "x".repeat(Item.MAX_ATTRIBUTE_VALUE_LENGTH + 1))));
    return Arbitraries.oneOf(keys, values, reversed, badlyTyped, badRanges);
  }

  /** Every kind of filter {@link Filter} must refuse. */
  public static Arbitrary<FilterArgs> badFilters() {
    return Arbitraries.oneOf(tooDeep(), tooWide(), tooManyValues(), withNulls(), badKeysAndValues());
  }

  /** Search limits outside {@code 1..SearchRequest.MAX_LIMIT}. */
  public static Arbitrary<Integer> badLimits() {
    return Arbitraries.oneOf(Arbitraries.integers().between(Integer.MIN_VALUE, 0),
        Arbitraries.integers().between(SearchRequest.MAX_LIMIT + 1, Integer.MAX_VALUE));
  }

  // ---------------------------------------------------------------- the verdict

  /**
   * Runs {@code attempt} and checks it was refused as bad input: an {@link IllegalArgumentException} with a
   * message, never a {@link NullPointerException}, a {@link StackOverflowError}, an index error or a
   * {@link QuiverException}.
   */
  public static void assertRefused(ThrowingCallable attempt, Object hostile) {
    Throwable thrown = catchThrowable(attempt);
    assertThat(thrown).as("refusal of %s", hostile).isExactlyInstanceOf(IllegalArgumentException.class);
    assertThat(thrown.getMessage()).as("message refusing %s", hostile).isNotBlank();
  }

  // ---------------------------------------------------------------- printing

  /** A value for a failure message: long strings by their length, ill-formed ones escaped. */
  public static String show(Object value) {
    if (value instanceof String s) {
      if (s.length() > 40) {
        return "<" + s.length() + " characters>";
      }
      StringBuilder b = new StringBuilder("\"");
      for (char c : s.toCharArray()) {
        b.append(c < 0x20 || c > 0x7E ? String.format(Locale.ROOT, "\\u%04X", (int) c) : String.valueOf(c));
      }
      return b.append('"').toString();
    }
    return String.valueOf(value);
  }

  static String showMap(Map<String, ?> map) {
    if (map == null) {
      return "null";
    }
    List<String> parts = new ArrayList<>();
    map.forEach((k, v) -> parts.add(show(k) + "=" + show(v)));
    return String.format(Locale.ROOT, "{%s}", String.join(", ", parts));
  }
}
