package dev.quiver.solr;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.quiver.Filter;
import dev.quiver.Hit;
import dev.quiver.Item;
import dev.quiver.QuiverOptions;
import dev.quiver.SearchMode;
import dev.quiver.SearchRequest;
import dev.quiver.testing.HashingTestEmbedder;
import java.util.Arrays;
import java.util.List;
import java.util.Map;
import java.util.function.Function;
import java.util.stream.Collectors;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;

/**
 * The filter property of the embedded store, on the cluster: for seeded random items and filters, every hit
 * satisfies {@link Filter#test}, a filtered vector search returns k hits whenever k items match, and a keyword
 * search returns every match up to k. A failure prints the seed and the filter.
 */
@ExtendWith(SolrCluster.Extension.class)
class SolrQuiverFilterPropertyTest {
  private static final String COLLECTION = "filters";
  private static final long SEED = Long.getLong("quiver.seed", 20261202L);
  private static final int ITEMS = 300;
  private static final int FILTERS = 120;
  private static final int K = 10;
  private static SolrCluster solr;
  private static SolrQuiver store;
  private static List<Item> items;

  @BeforeAll
  static void start(SolrCluster cluster) throws Exception {
    solr = cluster;
    solr.createCollection(COLLECTION, 2, 2);
    store = SolrQuiver.open(solr.client(), COLLECTION, QuiverOptions.builder()
        .embedder(new HashingTestEmbedder()).build());
    items = new RandomItems(SEED).items(ITEMS);
    store.index(items);
  }

  @AfterAll
  static void stop() throws Exception {
    store.close();
    solr.deleteCollection(COLLECTION);
  }

  @Test
  void everyHitSatisfiesItsFilterAndKMatchesGiveKHits() {
    RandomItems random = new RandomItems(SEED + 1);
    Map<String, Item> byId = items.stream().collect(Collectors.toMap(Item::id, Function.identity()));
    int nonTrivial = 0;
    for (int i = 0; i < FILTERS; i++) {
      Filter filter = random.filter(3);
      String word = random.word();
      String why = "seed " + SEED + ", filter " + i + ": " + filter;
      long matching = items.stream().filter(filter::test).count();
      if (matching > 0 && matching < ITEMS) {
        nonTrivial++;
      }

      List<Hit> vector = store.search(SearchRequest.of(random.text(3)).mode(SearchMode.VECTOR).limit(K)
          .filter(filter)).hits();
      assertThat(vector).as(why).allSatisfy(h -> assertThat(filter.test(byId.get(h.id()))).as(why + " hit " + h.id())
          .isTrue());
      assertThat(vector).as(why + " (" + matching + " match)").hasSize((int) Math.min(K, matching));
      assertThat(vector).as(why).allSatisfy(h -> assertThat(h.attributes()).isEqualTo(byId.get(h.id())
          .attributes()));

      long withWord = items.stream().filter(filter::test)
          .filter(it -> Arrays.asList(it.text().split(" ")).contains(word)).count();
      List<Hit> keyword = store.search(SearchRequest.of(word).mode(SearchMode.KEYWORD).limit(K).filter(filter))
          .hits();
      assertThat(keyword).as(why + " word " + word).allSatisfy(h -> assertThat(filter.test(byId.get(h.id())))
          .isTrue());
      assertThat(keyword).as(why + " word " + word + " (" + withWord + " match)")
          .hasSize((int) Math.min(K, withWord));

      List<Hit> hybrid = store.search(SearchRequest.of(word + " " + random.word()).limit(K).filter(filter)).hits();
      assertThat(hybrid).as(why).allSatisfy(h -> assertThat(filter.test(byId.get(h.id()))).isTrue());
      assertThat(hybrid).as(why).hasSize((int) Math.min(K, matching));
    }
    assertThat(nonTrivial).as("filters that match some items but not all").isGreaterThan(FILTERS / 3);
  }

  @Test
  void anInWithAsManyValuesAsAFilterMayHoldIsOneClause() {
    List<Object> values = new java.util.ArrayList<>();
    for (int i = 0; i < Filter.MAX_IN_VALUES - 2; i++) {
      values.add("room-" + i);
    }
    values.add("ops");
    values.add(2L);
    Filter filter = Filter.and(Filter.in("room", values), Filter.not(Filter.in("n", values)));
    long matching = items.stream().filter(filter::test).count();
    List<Hit> hits = store.search(SearchRequest.of("deploy").limit(K).filter(filter)).hits();
    assertThat(matching).isPositive();
    assertThat(hits).hasSize((int) Math.min(K, matching));
    Map<String, Item> byId = items.stream().collect(Collectors.toMap(Item::id, Function.identity()));
    assertThat(hits).allSatisfy(h -> assertThat(filter.test(byId.get(h.id()))).isTrue());
  }
  /** Every substring and its negation, on strings, a number-or-string and syntax-laden titles: all hits, exactly. */
  @Test
  void aContainsSelectsExactlyTheItemsWhoseStringHoldsTheSubstring() {
    for (String key : List.of("room", "title", "n", "missing")) {
      for (String fragment : RandomItems.FRAGMENTS) {
        for (Filter filter : List.of(Filter.contains(key, fragment), Filter.not(Filter.contains(key, fragment)))) {
          java.util.Set<String> expected = items.stream().filter(filter::test).map(Item::id)
              .collect(Collectors.toCollection(java.util.TreeSet::new));
          java.util.Set<String> found = store.search(SearchRequest.of("deploy").mode(SearchMode.VECTOR)
              .limit(ITEMS).filter(filter)).hits().stream().map(Hit::id)
              .collect(Collectors.toCollection(java.util.TreeSet::new));
          assertThat(found).as(filter.toString()).isEqualTo(expected);
        }
      }
    }
  }

  /** Lucene determinizes Solr's regexp: a periodic substring past its work limit is refused before sending. */
  @Test
  void aContainsTooComplexForSolrsRegexpIsRefusedWithTheLimitAndOneWithinItRuns() {
    Filter within = Filter.contains("title", "a".repeat(221));
    assertThat(store.search(SearchRequest.of("deploy").limit(K).filter(within)).hits()).isEmpty();

    Filter past = Filter.contains("title", "a".repeat(222));
    assertThatThrownBy(() -> store.search(SearchRequest.of("deploy").limit(K).filter(past)))
        .isInstanceOf(IllegalArgumentException.class).hasMessageContaining("contains(title)")
        .hasMessageContaining("222 UTF-8 bytes").hasMessageContaining("work limit of 10000");
  }
}
