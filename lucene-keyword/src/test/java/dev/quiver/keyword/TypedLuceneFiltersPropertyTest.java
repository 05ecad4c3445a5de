package dev.quiver.keyword;

import static org.assertj.core.api.Assertions.assertThat;

import dev.quiver.Filter;
import dev.quiver.FilterArbitraries;
import dev.quiver.Item;
import dev.quiver.spi.KeywordIndex.ScoredId;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Set;
import java.util.TreeSet;
import java.util.stream.Collectors;
import net.jqwik.api.ForAll;
import net.jqwik.api.Property;

/**
 * The keyword side's typed filters against {@link Filter#test}, with core's shrinking generators: numbers in one
 * exact point field whatever their type, strings in code point order, booleans, ranges, negations and
 * {@code exists}; and the typed attributes read back from the index's stored copy.
 */
class TypedLuceneFiltersPropertyTest {
  @Property(tries = 150)
  void luceneSelectsExactlyTheItemsTheFilterAccepts(@ForAll(supplier = FilterArbitraries.TypedItems.class) List<Item> items,
      @ForAll(supplier = FilterArbitraries.TypedFilterLists.class) List<Filter> filters) throws IOException {
    Path dir = Files.createTempDirectory("lucene-typed");
    try (LuceneKeywordIndex index = LuceneKeywordIndex.open(dir)) {
      index.apply(items, List.of(), 1);
      for (Filter filter : filters) {
        Set<String> expected = items.stream().filter(filter::test).map(Item::id)
            .collect(Collectors.toCollection(TreeSet::new));
        Set<String> found = index.search("common", items.size(), filter).stream().map(ScoredId::id)
            .collect(Collectors.toCollection(TreeSet::new));
        assertThat(found).as("%s over %s", filter, items).isEqualTo(expected);
        assertThat(index.count(filter)).isEqualTo(expected.size());
      }
      for (Item item : items) {
        assertThat(index.get(item.id())).as("the stored copy keeps each value's type").contains(item);
      }
    }
  }
}
