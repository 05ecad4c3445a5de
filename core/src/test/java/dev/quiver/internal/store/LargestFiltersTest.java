package dev.quiver.internal.store;

import dev.quiver.internal.storefile.StoreOptions;
import static org.assertj.core.api.Assertions.assertThat;

import dev.quiver.Filter;
import dev.quiver.FilterArbitraries;
import dev.quiver.Item;
import dev.quiver.Metric;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Collections;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeSet;
import java.util.stream.Collectors;
import java.util.stream.IntStream;
import net.jqwik.api.Arbitrary;
import net.jqwik.api.Example;
import net.jqwik.api.ForAll;
import net.jqwik.api.Property;
import net.jqwik.api.Provide;
import net.jqwik.api.statistics.Statistics;
import net.jqwik.api.lifecycle.AfterContainer;
import net.jqwik.api.lifecycle.BeforeContainer;

/**
 * The vector side evaluates every filter {@link Filter} accepts, up to the largest and deepest, exactly as the
 * plain evaluation does: the bitmap evaluation recurses at most {@link Filter#MAX_DEPTH} levels.
 */
class LargestFiltersTest {
  private static final int ITEMS = 61;
  private static Path dir;
  private static VectorStore store;
  private static List<Item> items;

  @BeforeContainer
  static void openStore() throws IOException {
    dir = Files.createTempDirectory("largest-filters");
    store = VectorStore.open(dir.resolve("f.quiver"), StoreOptions.of(3, Metric.COSINE));
    items = new ArrayList<>();
    for (int i = 0; i < ITEMS; i++) {
      Map<String, Object> attributes = new HashMap<>();
      if (i % 5 != 0) { // some items have no room: eq/in never match them, not(eq) always does
        attributes.put("room", FilterArbitraries.ROOMS.get(i % FilterArbitraries.ROOMS.size()));
      }
      attributes.put("kind", FilterArbitraries.KINDS.get(i % FilterArbitraries.KINDS.size()));
      attributes.put("n", "v" + i);
      items.add(new Item("item:" + i, "text " + i, attributes, i % 7 == 0 ? null : (long) i));
    }
    store.upsertAll(items, Collections.nCopies(ITEMS, new float[] {1, 2, 3}));
  }

  @AfterContainer
  static void closeStore() throws IOException {
    store.close();
    try (var paths = Files.walk(dir)) {
      for (Path p : paths.sorted(java.util.Comparator.reverseOrder()).toList()) {
        Files.delete(p);
      }
    }
  }

  private static void assertMatchesModel(Filter filter) {
    Set<String> expected = items.stream().filter(item -> FilterArbitraries.matches(filter, item)).map(Item::id)
        .collect(Collectors.toCollection(TreeSet::new));
    Set<String> found = store.search(new float[] {1, 0, 0}, ITEMS, filter).stream().map(h -> h.item().id())
        .collect(Collectors.toCollection(TreeSet::new));
    assertThat(found).as("filter %s", describe(filter)).isEqualTo(expected);
  }

  /** The filter for a failure message, cut short: the widest print as tens of thousands of characters. */
  private static String describe(Filter filter) {
    String s = filter.toString();
    return s.length() <= 300 ? s : s.substring(0, 300) + "... (" + s.length() + " characters)";
  }

  private static List<Filter> eqs(int n) {
    return IntStream.range(0, n).mapToObj(i -> Filter.eq("n", "v" + (i * 7) % 300)).collect(Collectors.toList());
  }

  @Example
  void widestFiltersMatchTheModel() {
    assertMatchesModel(new Filter.Or(eqs(Filter.MAX_CONDITIONS)));
    assertMatchesModel(new Filter.And(eqs(Filter.MAX_CONDITIONS)));
    assertMatchesModel(new Filter.Or(eqs(Filter.MAX_CONDITIONS).stream().map(Filter::not).toList()));
    assertMatchesModel(new Filter.And(eqs(Filter.MAX_CONDITIONS).stream().map(Filter::not).toList()));
  }

  @Example
  void largestInConditionsMatchTheModel() {
    // as many values as a filter may hold, in as few conditions as possible, beside as many others as fit
    List<Filter> ins = eqs(Filter.MAX_CONDITIONS - Filter.MAX_VALUES / Filter.MAX_IN_VALUES);
    for (int c = 0; c < Filter.MAX_VALUES / Filter.MAX_IN_VALUES; c++) {
      int offset = c;
      ins.add(Filter.in("n", IntStream.range(0, Filter.MAX_IN_VALUES).mapToObj(i -> "v" + (i * 3 + offset))
          .toArray(String[]::new)));
    }
    assertMatchesModel(new Filter.Or(ins));
    assertMatchesModel(new Filter.And(ins));
  }

  @Example
  void deepestFiltersMatchTheModel() {
    Filter wide = new Filter.Or(eqs(Filter.MAX_CONDITIONS - Filter.MAX_DEPTH).stream().map(Filter::not).toList());
    Filter f = wide; // or(not(eq)): three levels
    for (int depth = 4; depth <= Filter.MAX_DEPTH; depth++) {
      f = switch (depth % 3) {
        case 0 -> Filter.not(f);
        case 1 -> Filter.and(f, Filter.eq("kind", "message"));
        default -> Filter.or(Filter.timeRange(0, depth), f);
      };
      assertMatchesModel(f);
    }
  }

  @Property(tries = 300)
  void everyAcceptedFilterMatchesTheModel(@ForAll("filters") Filter filter) {
    Statistics.label("depth").collect(FilterArbitraries.bucket(FilterArbitraries.depth(filter)));
    assertMatchesModel(filter);
  }

  @Provide
  Arbitrary<Filter> filters() {
    return FilterArbitraries.valid();
  }
}
