package dev.quiver;

import java.util.ArrayList;
import java.util.List;
import net.jqwik.api.Arbitraries;
import net.jqwik.api.Arbitrary;
import net.jqwik.api.Combinators;
import net.jqwik.api.RandomDistribution;
import net.jqwik.api.Tuple;

/**
 * Shrinking generators of filters within {@link Filter}'s limits, over the attributes {@code room} and
 * {@code kind} and small timestamps, and the plain evaluation that defines what a filter means.
 */
public final class FilterArbitraries {
  public static final List<String> ROOMS = List.of("ops", "dev", "law");
  public static final List<String> KINDS = List.of("message", "kb");

  private FilterArbitraries() {}

  /** The reference: what a filter means, written as directly as possible. */
  public static boolean matches(Filter filter, Item item) {
    if (filter instanceof Filter.All) {
      return true;
    } else if (filter instanceof Filter.Eq eq) {
      return eq.value().equals(item.attributes().get(eq.key()));
    } else if (filter instanceof Filter.In in) {
      String value = item.attributes().get(in.key());
      return value != null && in.values().contains(value);
    } else if (filter instanceof Filter.And and) {
      return and.filters().stream().allMatch(f -> matches(f, item));
    } else if (filter instanceof Filter.Or or) {
      return or.filters().stream().anyMatch(f -> matches(f, item));
    } else if (filter instanceof Filter.Not not) {
      return !matches(not.filter(), item);
    } else if (filter instanceof Filter.TimeRange r) {
      Long t = item.timestamp();
      return t != null && r.fromInclusive() <= t && t < r.toExclusive();
    }
    throw new AssertionError("unknown filter " + filter);
  }

  /** How many levels {@code filter} nests: 1 for a condition alone. */
  public static int depth(Filter filter) {
    if (filter instanceof Filter.Not not) {
      return 1 + depth(not.filter());
    }
    List<Filter> operands = filter instanceof Filter.And and ? and.filters()
        : filter instanceof Filter.Or or ? or.filters() : List.of();
    return 1 + operands.stream().mapToInt(FilterArbitraries::depth).max().orElse(0);
  }

  /** "1", "2-3", "4-7", ...: a power-of-two bucket, for jqwik's statistics of generated sizes. */
  public static String bucket(int n) {
    if (n <= 1) {
      return String.valueOf(n);
    }
    int low = Integer.highestOneBit(n);
    return low + "-" + (2 * low - 1);
  }

  /** One condition: eq, in, a time range, all, or an attribute no item has. */
  public static Arbitrary<Filter> leaves() {
    List<String> values = new ArrayList<>(ROOMS);
    values.addAll(KINDS);
    values.add("z");
    Arbitrary<Filter> timeRange = Combinators.combine(Arbitraries.longs().between(0, 100),
        Arbitraries.longs().between(0, 60)).as((from, width) -> Filter.timeRange(from, from + width));
    return Arbitraries.frequencyOf(
        Tuple.of(4, Arbitraries.of(ROOMS).map(room -> Filter.eq("room", room))),
        Tuple.of(3, Arbitraries.of(values).set().ofMaxSize(3).map(set -> new Filter.In("kind", set))),
        Tuple.of(2, timeRange),
        Tuple.of(1, Arbitraries.just(Filter.all())),
        Tuple.of(1, Arbitraries.of(Filter.eq("missing", "x"), Filter.and(), Filter.or())));
  }

  /**
   * Filters of every shape the limits allow: small random trees, chains nested up to {@link Filter#MAX_DEPTH},
   * and combinations up to {@link Filter#MAX_CONDITIONS} wide.
   */
  public static Arbitrary<Filter> valid() {
    Arbitrary<Filter> trees = Arbitraries.recursive(FilterArbitraries::leaves, self -> Arbitraries.frequencyOf(
        Tuple.of(3, leaves()),
        Tuple.of(2, self.map(Filter::not)),
        Tuple.of(2, self.list().ofMaxSize(3).map(Filter.And::new)),
        Tuple.of(2, self.list().ofMaxSize(3).map(Filter.Or::new))), 0, 8);
    return Arbitraries.frequencyOf(Tuple.of(5, trees), Tuple.of(2, chains(leaves())), Tuple.of(1, wide()))
        // a rare random tree may pass a limit; those are covered by the tests of the limits themselves
        .ignoreException(IllegalArgumentException.class);
  }

  /** {@code inner} wrapped in up to {@code MAX_DEPTH - 1} combinators, one level each. */
  static Arbitrary<Filter> chains(Arbitrary<Filter> inner) {
    Arbitrary<Wrap> wrap = Combinators.combine(Arbitraries.of(Wrap.Kind.class), leaves()).as(Wrap::new);
    return Combinators.combine(inner, wrap.list().ofMaxSize(Filter.MAX_DEPTH - 1)
        .withSizeDistribution(RandomDistribution.uniform())).as((f, wraps) -> {
      Filter result = f;
      for (Wrap w : wraps) {
        result = w.apply(result);
      }
      return result;
    });
  }

  /** A combination of up to {@link Filter#MAX_CONDITIONS} conditions, some negated. */
  static Arbitrary<Filter> wide() {
    Arbitrary<Filter> maybeNegated = Arbitraries.frequencyOf(Tuple.of(3, leaves()),
        Tuple.of(1, leaves().map(Filter::not)));
    return Combinators.combine(Arbitraries.of(true, false),
        maybeNegated.list().ofMaxSize(Filter.MAX_CONDITIONS)
        .withSizeDistribution(RandomDistribution.uniform()))
        .as((and, parts) -> and ? new Filter.And(parts) : new Filter.Or(parts));
  }

  /** One level of nesting around a filter. */
  record Wrap(Kind kind, Filter other) {
    enum Kind { NOT, AND, OR, AND_WITH_OTHER, OR_WITH_OTHER }

    Filter apply(Filter f) {
      return switch (kind) {
        case NOT -> Filter.not(f);
        case AND -> Filter.and(f);
        case OR -> Filter.or(f);
        case AND_WITH_OTHER -> Filter.and(other, f);
        case OR_WITH_OTHER -> Filter.or(f, other);
      };
    }
  }
}
