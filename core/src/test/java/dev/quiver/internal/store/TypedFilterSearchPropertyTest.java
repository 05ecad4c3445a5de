package dev.quiver.internal.store;

import static org.assertj.core.api.Assertions.assertThat;

import dev.quiver.Filter;
import dev.quiver.FilterArbitraries;
import dev.quiver.Item;
import dev.quiver.Metric;
import dev.quiver.internal.storefile.StoreOptions;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Collections;
import java.util.List;
import java.util.Set;
import java.util.TreeSet;
import java.util.stream.Collectors;
import net.jqwik.api.ForAll;
import net.jqwik.api.Property;

/**
 * The vector side's typed filters against {@link Filter#test}: numbers of both types, strings in code point
 * order, booleans, mixed kinds under one key, ranges, negations and {@code exists}, before and after reopen.
 * The generators shrink, so a failure ends as a few items and one small filter.
 */
class TypedFilterSearchPropertyTest {
  private static final float[] VECTOR = {1, 2, 3};

  @Property(tries = 150)
  void aFilteredSearchReturnsExactlyTheItemsTheFilterAccepts(@ForAll(supplier = FilterArbitraries.TypedItems.class) List<Item> items,
      @ForAll(supplier = FilterArbitraries.TypedFilterLists.class) List<Filter> filters) throws IOException {
    Path dir = Files.createTempDirectory("quiver-typed");
    Path file = dir.resolve("t.quiver");
    StoreOptions options = StoreOptions.of(VECTOR.length, Metric.DOT);
    try (VectorStore store = VectorStore.open(file, options)) {
      store.upsertAll(items, Collections.nCopies(items.size(), VECTOR));
      check(store, items, filters);
    }
    try (VectorStore reopened = VectorStore.open(file, options)) {
      for (Item item : items) {
        assertThat(reopened.get(item.id())).as("typed attributes survive reopening").contains(item);
      }
      check(reopened, items, filters);
    }
  }

  private static void check(VectorStore store, List<Item> items, List<Filter> filters) throws IOException {
    for (Filter filter : filters) {
      Set<String> expected = items.stream().filter(filter::test).map(Item::id)
          .collect(Collectors.toCollection(TreeSet::new));
      Set<String> found = store.search(VECTOR, items.size(), filter).stream().map(h -> h.item().id())
          .collect(Collectors.toCollection(TreeSet::new));
      assertThat(found).as("%s over %s", filter, items).isEqualTo(expected);
      int k = Math.max(1, expected.size() / 2);
      assertThat(store.search(VECTOR, k, filter)).as("k = %d of %d matches", k, expected.size())
          .hasSize(Math.min(k, expected.size()));
    }
  }
}
