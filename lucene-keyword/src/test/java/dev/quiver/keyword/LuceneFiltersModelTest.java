package dev.quiver.keyword;

import static org.assertj.core.api.Assertions.assertThat;

import dev.quiver.Filter;
import dev.quiver.Item;
import dev.quiver.spi.KeywordIndex.ScoredId;
import java.io.IOException;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Random;
import java.util.Set;
import java.util.TreeSet;
import java.util.stream.Collectors;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

/**
 * Filters translated to Lucene queries against a plain evaluation of the same filter on each item, over
 * seeded random items and random filter trees. A failure names the seed, the index size and the filter.
 */
class LuceneFiltersModelTest {
  private static final String[] ROOMS = {"a", "b", "c"};
  private static final String[] KINDS = {"x", "y"};
  private static final int FILTERS_PER_INDEX = 300;

  @TempDir Path dir;

  /** The reference: {@link Filter#test}, which defines what a filter means. */
  static boolean matches(Filter filter, Item item) {
    return filter.test(item);
  }

  @ParameterizedTest(name = "seed {0}, {1} items")
  @CsvSource({"1, 1", "2, 13", "3, 207", "4, 207", "5, 64"})
  void luceneFilterSelectsExactlyTheItemsTheModelSelects(long seed, int size) throws IOException {
    Random random = new Random(seed);
    List<Item> items = randomItems(random, size);
    try (LuceneKeywordIndex index = LuceneKeywordIndex.open(dir)) {
      index.apply(items, List.of(), 1);

      for (int i = 0; i < FILTERS_PER_INDEX; i++) {
        Filter filter = randomFilter(random, 3);
        Set<String> expected = items.stream().filter(item -> matches(filter, item)).map(Item::id)
            .collect(Collectors.toCollection(TreeSet::new));

        Set<String> found = index.search("common", size, filter).stream().map(ScoredId::id)
            .collect(Collectors.toCollection(TreeSet::new));

        assertThat(found).as("seed %d, %d items, filter %s", seed, size, filter).isEqualTo(expected);
        assertThat(index.count(filter)).as("count, seed %d, filter %s", seed, filter).isEqualTo(expected.size());
      }
    }
  }

  private static List<Item> randomItems(Random random, int size) {
    List<Item> items = new ArrayList<>(size);
    for (int i = 0; i < size; i++) {
      Map<String, Object> attributes = new HashMap<>();
      if (random.nextInt(10) > 0) { // one item in ten has no room, to pin what eq/in/not mean for missing keys
        attributes.put("room", ROOMS[random.nextInt(ROOMS.length)]);
      }
      attributes.put("kind", KINDS[random.nextInt(KINDS.length)]);
      Long timestamp = random.nextInt(5) == 0 ? null : randomTime(random);
      items.add(new Item("item:" + i, "common words " + (random.nextBoolean() ? "extra" : ""), attributes, timestamp));
    }
    return items;
  }

  private static long randomTime(Random random) {
    switch (random.nextInt(20)) {
      case 0: return Long.MIN_VALUE;
      case 1: return Long.MAX_VALUE;
      case 2: return -1;
      default: return random.nextInt(1000);
    }
  }

  private static Filter randomFilter(Random random, int depth) {
    int kind = random.nextInt(depth <= 0 ? 4 : 8);
    switch (kind) {
      case 0:
        return Filter.eq(random.nextBoolean() ? "room" : "kind", randomValue(random));
      case 1: {
        String[] values = new String[random.nextInt(4)];
        for (int i = 0; i < values.length; i++) {
          values[i] = randomValue(random);
        }
        return Filter.in(random.nextBoolean() ? "room" : "kind", new TreeSet<>(List.of(values)).toArray(new String[0]));
      }
      case 2: {
        long from = random.nextInt(10) == 0 ? Long.MIN_VALUE : random.nextInt(1020) - 10;
        long to = random.nextInt(10) == 0 ? Long.MAX_VALUE : from + random.nextInt(500);
        return Filter.timeRange(from, Math.max(from, to));
      }
      case 3:
        return random.nextInt(4) == 0 ? Filter.all() : Filter.eq("missing", "x");
      case 4:
      case 5: {
        Filter[] parts = new Filter[random.nextInt(4)];
        for (int i = 0; i < parts.length; i++) {
          parts[i] = randomFilter(random, depth - 1);
        }
        return kind == 4 ? Filter.and(parts) : Filter.or(parts);
      }
      default:
        return Filter.not(randomFilter(random, depth - 1));
    }
  }

  private static String randomValue(Random random) {
    int i = random.nextInt(ROOMS.length + KINDS.length + 1);
    return i < ROOMS.length ? ROOMS[i] : i < ROOMS.length + KINDS.length ? KINDS[i - ROOMS.length] : "z";
  }
}
