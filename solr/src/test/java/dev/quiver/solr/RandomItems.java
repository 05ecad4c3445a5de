package dev.quiver.solr;

import dev.quiver.Filter;
import dev.quiver.Item;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Random;

/**
 * Seeded random items and filters over a few typed attributes: strings (with an empty one), Longs and Doubles
 * that may be equal across types, a number written as a string, booleans, an attribute name no field name could
 * hold as it is, titles full of query syntax for substrings, and timestamps.
 */
final class RandomItems {
  static final List<String> WORDS = List.of("deploy", "canary", "rollback", "pizza", "salad", "contract", "review",
      "legal", "budget", "server", "network", "outage", "meeting", "invoice", "customer", "ticket", "release",
      "backup", "storage", "kernel", "database", "cluster", "replica", "shard", "garden", "coffee", "train",
      "weather", "museum", "guitar");
  static final String ODD_KEY = "prïority level: ★";
  private static final List<String> ROOMS = List.of("ops", "dev", "law", "", "Ops", "opsx");
  /** Titles full of regexp, wildcard and query syntax, which contains must match as plain chars. */
  private static final List<String> TITLES = List.of("a*b", "a?b", "c:\\x.y", "[(x)]", ".*", "\\*", "ab\uD83D\uDE00",
      "x/y", "é+ü", "\"q\"", "23");
  /**
   * Substrings of the rooms and titles, some of none; "2" also meets the number 2, which it must not match, and
   * "#" (hex 23) lies inside the hex of "23" (3233) across a byte boundary, where it must not match either.
   */
  static final List<String> FRAGMENTS = List.of("", "ops", "o", "Op", "s", "*", "?", "\\", ".", "[(", "*b",
      ".*", "a", "A", "x.", "/", "é", "\uD83D\uDE00", "\"", "2", "ab\uD83D\uDE00", "b\uD83D\uDE00",
      "#");
  private static final List<Object> NUMBERS = List.of(-3L, 0L, 1L, 2L, 5L, -0.0, 0.0, 1.5, 2.0, 2.5, 5.0,
      Long.MAX_VALUE, 9007199254740993L, 9.007199254740992E15);

  private final Random random;

  RandomItems(long seed) {
    random = new Random(seed);
  }

  List<Item> items(int count) {
    List<Item> out = new ArrayList<>(count);
    for (int i = 0; i < count; i++) {
      Map<String, Object> attributes = new HashMap<>();
      if (random.nextInt(5) > 0) {
        attributes.put("room", pick(ROOMS));
      }
      if (random.nextInt(4) > 0) {
        attributes.put("n", random.nextInt(8) == 0 ? "2" : pick(NUMBERS));
      }
      if (random.nextBoolean()) {
        attributes.put("flag", random.nextBoolean());
      }
      if (random.nextInt(3) == 0) {
        attributes.put(ODD_KEY, (long) random.nextInt(3));
      }
      if (random.nextInt(3) > 0) {
        attributes.put("title", pick(TITLES));
      }
      Long timestamp = random.nextInt(5) == 0 ? null : (long) random.nextInt(100);
      out.add(new Item("item-" + i, text(4 + random.nextInt(5)), attributes, timestamp));
    }
    return out;
  }

  String text(int words) {
    StringBuilder b = new StringBuilder();
    for (int w = 0; w < words; w++) {
      b.append(w == 0 ? "" : " ").append(pick(WORDS));
    }
    return b.toString();
  }

  String word() {
    return pick(WORDS);
  }

  Filter filter(int depth) {
    if (depth == 0 || random.nextInt(3) == 0) {
      return leaf();
    }
    int n = random.nextInt(3);
    Filter[] operands = new Filter[n];
    for (int i = 0; i < n; i++) {
      operands[i] = filter(depth - 1);
    }
    return switch (random.nextInt(3)) {
      case 0 -> Filter.and(operands);
      case 1 -> Filter.or(operands);
      default -> Filter.not(filter(depth - 1));
    };
  }

  private Filter leaf() {
    Object number = pick(NUMBERS);
    return switch (random.nextInt(14)) {
      case 0 -> Filter.eq("room", pick(ROOMS));
      case 1 -> Filter.in("room", pick(ROOMS), pick(ROOMS));
      case 2 -> number instanceof Long l ? Filter.eq("n", l) : Filter.eq("n", (Double) number);
      case 3 -> Filter.in("n", List.of(pick(NUMBERS), pick(NUMBERS), "2"));
      case 4 -> number instanceof Long l ? Filter.gt("n", l) : Filter.gte("n", (Double) number);
      case 5 -> number instanceof Long l ? Filter.lte("n", l) : Filter.lt("n", (Double) number);
      case 6 -> random.nextBoolean() ? Filter.gte("room", pick(ROOMS)) : Filter.lt("room", pick(ROOMS));
      case 7 -> Filter.eq("flag", random.nextBoolean());
      case 8 -> Filter.exists(pick(List.of("room", "n", "flag", ODD_KEY, "missing")));
      case 9 -> {
        long from = random.nextInt(90);
        yield Filter.timeRange(from, from + random.nextInt(60));
      }
      case 10 -> Filter.eq(ODD_KEY, (long) random.nextInt(3));
      case 11, 12 -> Filter.contains(pick(List.of("room", "title", "n", "title")), pick(FRAGMENTS));
      default -> random.nextBoolean() ? Filter.all() : Filter.ne("room", pick(ROOMS));
    };
  }

  @SuppressWarnings("unchecked")
  private <T> T pick(List<? extends T> from) {
    return (T) from.get(random.nextInt(from.size()));
  }
}
