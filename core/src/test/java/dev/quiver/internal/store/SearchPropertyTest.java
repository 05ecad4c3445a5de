package dev.quiver.internal.store;

import dev.quiver.internal.storefile.StoreOptions;
import static org.assertj.core.api.Assertions.assertThat;

import dev.quiver.Filter;
import dev.quiver.Item;
import dev.quiver.Metric;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Random;
import net.jqwik.api.ForAll;
import net.jqwik.api.Property;
import net.jqwik.api.constraints.IntRange;

/**
 * Search against a reference model: a map of live items and a naive sort of every score. Vectors hold small
 * integers so every sum is exact in float arithmetic, whatever order a kernel adds in: results must be equal,
 * not close, and the many equal scores exercise the tie-break by id.
 */
class SearchPropertyTest {
  private static final int DIMS = 7;
  private static final String[] ROOMS = {"a", "b", "c"};
  private static final String[] KINDS = {"x", "y"};
  /** Titles full of regexp and wildcard syntax, which a substring must match as plain chars. */
  private static final String[] TITLES = {"a*b", "a?b", "c:\\x.y", "[(x)]", "ab", "x.*y", "\uD83D\uDE00*"};
  /** Substrings of the titles, some in none of them, and the empty substring that every string contains. */
  private static final String[] FRAGMENTS = {"", "*", "?", "\\", ".", "[(", "a", "b", "*b", "x.", ".*", "A",
      "\uD83D\uDE00"};
  /** Numbers that meet at the edges: a long and a double of one value, -0.0, and 2^53 + 1 beside 2^53. */
  private static final Object[] NUMBERS = {1L, 1.0, 2.5, -0.0, 0L, 9_007_199_254_740_993L, 9_007_199_254_740_992.0,
      Long.MIN_VALUE, Double.POSITIVE_INFINITY};

  @Property(tries = 40)
  void searchEqualsANaiveSortAfterRandomUpsertsAndDeletesAndAfterReopen(
      @ForAll long seed, @ForAll @IntRange(min = 1, max = 300) int operations) throws IOException {
    Random random = new Random(seed);
    Metric metric = random.nextBoolean() ? Metric.DOT : Metric.L2;
    Path dir = Files.createTempDirectory("quiver-property");
    Path file = dir.resolve("p.quiver");
    StoreOptions options = StoreOptions.of(DIMS, metric);
    Map<String, Stored> model = new HashMap<>();
    List<Query> queries = new ArrayList<>();
    for (int i = 0; i < 8; i++) {
      queries.add(new Query(vector(random), 1 + random.nextInt(25), filter(random, 2)));
    }
    List<List<String>> before = new ArrayList<>();
    try (VectorStore store = VectorStore.open(file, options)) {
      for (int i = 0; i < operations; i++) {
        String id = "id" + random.nextInt(60);
        if (random.nextInt(5) == 0) {
          assertThat(store.delete(id)).isEqualTo(model.remove(id) != null);
        } else {
          Item item = new Item(id, null, attributes(random), random.nextBoolean() ? (long) random.nextInt(100) : null);
          float[] v = vector(random);
          store.upsert(item, v);
          model.put(id, new Stored(item, v));
        }
      }
      assertThat(store.count()).isEqualTo(model.size());
      for (Query q : queries) {
        List<String> actual = ids(store.search(q.vector, q.k, q.filter));
        assertThat(actual).as("%s k=%d %s", metric, q.k, q.filter).isEqualTo(naive(model, q, metric));
        before.add(actual);
      }
    }
    try (VectorStore reopened = VectorStore.open(file, options)) {
      for (int i = 0; i < queries.size(); i++) {
        Query q = queries.get(i);
        assertThat(ids(reopened.search(q.vector, q.k, q.filter))).isEqualTo(before.get(i));
      }
    }
  }

  private static List<String> naive(Map<String, Stored> model, Query q, Metric metric) {
    return model.values().stream()
        .filter(s -> q.filter.test(s.item))
        .map(s -> Map.entry(s.item.id(), score(metric, q.vector, s.vector)))
        .sorted(Comparator.<Map.Entry<String, Float>>comparingDouble(e -> -e.getValue())
            .thenComparing(Map.Entry::getKey))
        .limit(q.k)
        .map(Map.Entry::getKey)
        .toList();
  }

  private static float score(Metric metric, float[] q, float[] v) {
    float sum = 0;
    for (int i = 0; i < q.length; i++) {
      sum += metric == Metric.L2 ? (q[i] - v[i]) * (q[i] - v[i]) : q[i] * v[i];
    }
    return metric == Metric.L2 ? -sum : sum;
  }

  static Filter filter(Random random, int depth) {
    int choice = random.nextInt(depth > 0 ? 13 : 9);
    Object number = NUMBERS[random.nextInt(NUMBERS.length)];
    switch (choice) {
      case 0: return Filter.all();
      case 1: return Filter.eq("room", ROOMS[random.nextInt(ROOMS.length)]);
      case 2: return Filter.in("kind", KINDS[random.nextInt(KINDS.length)], "z");
      case 3: {
        int from = random.nextInt(100);
        return Filter.timeRange(from, from + random.nextInt(60));
      }
      case 4: return number instanceof Long l ? Filter.gte("n", l) : Filter.gt("n", (Double) number);
      case 5: return number instanceof Long l ? Filter.lt("n", l) : Filter.lte("n", (Double) number);
      case 6: return random.nextBoolean() ? new Filter.Eq("n", number) : Filter.ne("flag", random.nextBoolean());
      case 7: return random.nextBoolean() ? Filter.exists("n") : Filter.gt("room", ROOMS[random.nextInt(ROOMS.length)]);
      case 8: return Filter.contains(random.nextBoolean() ? "title" : "n", FRAGMENTS[random.nextInt(FRAGMENTS.length)]);
      case 9: return Filter.and(filter(random, depth - 1), filter(random, depth - 1));
      case 10: return Filter.or(filter(random, depth - 1), filter(random, depth - 1));
      case 11: return Filter.not(filter(random, depth - 1));
      default: return Filter.and();
    }
  }

  private static Map<String, Object> attributes(Random random) {
    Map<String, Object> a = new HashMap<>();
    if (random.nextInt(3) == 0) {
      a.put("n", NUMBERS[random.nextInt(NUMBERS.length)]);
    }
    if (random.nextInt(4) == 0) {
      a.put("flag", random.nextBoolean());
    }
    if (random.nextInt(4) > 0) {
      a.put("room", ROOMS[random.nextInt(ROOMS.length)]);
    }
    if (random.nextBoolean()) {
      a.put("kind", KINDS[random.nextInt(KINDS.length)]);
    }
    if (random.nextInt(3) > 0) {
      a.put("title", TITLES[random.nextInt(TITLES.length)]);
    }
    return a;
  }

  private static float[] vector(Random random) {
    float[] v = new float[DIMS];
    for (int i = 0; i < DIMS; i++) {
      v[i] = random.nextInt(11) - 5;
    }
    return v;
  }

  private static List<String> ids(List<VectorHit> hits) {
    return hits.stream().map(VectorHit::id).toList();
  }

  private record Stored(Item item, float[] vector) {}

  private record Query(float[] vector, int k, Filter filter) {}
}
