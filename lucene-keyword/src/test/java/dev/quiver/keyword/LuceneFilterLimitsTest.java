package dev.quiver.keyword;

import static org.assertj.core.api.Assertions.assertThat;

import dev.quiver.Filter;
import dev.quiver.Item;
import dev.quiver.spi.KeywordIndex.ScoredId;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeSet;
import java.util.stream.Collectors;
import java.util.stream.IntStream;
import net.jqwik.api.Arbitraries;
import net.jqwik.api.Arbitrary;
import net.jqwik.api.Example;
import net.jqwik.api.Combinators;
import net.jqwik.api.RandomDistribution;
import net.jqwik.api.ForAll;
import net.jqwik.api.Property;
import net.jqwik.api.Provide;
import net.jqwik.api.Tuple;
import net.jqwik.api.statistics.Statistics;
import net.jqwik.api.lifecycle.AfterContainer;
import net.jqwik.api.lifecycle.BeforeContainer;
import org.apache.lucene.search.IndexSearcher;

/**
 * The Lucene side never refuses a filter that {@link Filter} accepted, even beside the longest query: a filter
 * of at most {@link Filter#MAX_CONDITIONS} conditions becomes at most twice as many Lucene clauses, which
 * leaves at least half of {@link IndexSearcher#getMaxClauseCount()} for the query's terms. Each search is
 * checked against a plain evaluation of the filter.
 *
 * <p>The generators repeat core's test {@code FilterArbitraries}, written before this module took core's test
 * jar; they could use it now.
 */
class LuceneFilterLimitsTest {
  private static final int ITEMS = 61;
  private static final List<String> ROOMS = List.of("ops", "dev", "law");
  private static final List<String> KINDS = List.of("message", "kb");
  /** 2,000 distinct terms after analysis: more than the index uses, so every search asks for all it may. */
  private static final String LONGEST_QUERY = "common " + IntStream.range(0, 2_000).mapToObj(i -> "w" + i)
      .collect(Collectors.joining(" "));

  private static Path dir;
  private static LuceneKeywordIndex index;
  private static List<Item> items;

  @BeforeContainer
  static void openIndex() throws IOException {
    dir = Files.createTempDirectory("lucene-filter-limits");
    index = LuceneKeywordIndex.open(dir);
    items = new ArrayList<>();
    for (int i = 0; i < ITEMS; i++) {
      Map<String, Object> attributes = new HashMap<>();
      if (i % 5 != 0) { // some items have no room: eq/in never match them, not(eq) always does
        attributes.put("room", ROOMS.get(i % ROOMS.size()));
      }
      attributes.put("kind", KINDS.get(i % KINDS.size()));
      attributes.put("n", "v" + i);
      items.add(new Item("item:" + i, "common words w" + i, attributes, i % 7 == 0 ? null : (long) i));
    }
    index.apply(items, List.of(), 1);
  }

  @AfterContainer
  static void closeIndex() throws IOException {
    index.close();
    try (var paths = Files.walk(dir)) {
      for (Path p : paths.sorted(java.util.Comparator.reverseOrder()).toList()) {
        Files.delete(p);
      }
    }
  }

  private static void assertSearchMatchesModel(Filter filter) throws IOException {
    Set<String> expected = items.stream().filter(item -> LuceneFiltersModelTest.matches(filter, item))
        .map(Item::id).collect(Collectors.toCollection(TreeSet::new));
    Set<String> found = index.search(LONGEST_QUERY, ITEMS, filter).stream().map(ScoredId::id)
        .collect(Collectors.toCollection(TreeSet::new));
    assertThat(found).as("filter %s", describe(filter)).isEqualTo(expected);
    assertThat(index.count(filter)).as("count, filter %s", describe(filter)).isEqualTo(expected.size());
    int clauses = LuceneFilters.countLeaves(LuceneFilters.toQuery(filter));
    assertThat(clauses).as("Lucene clauses of %s", describe(filter)).isLessThanOrEqualTo(2 * Filter.MAX_CONDITIONS);
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
  void luceneClauseLimitIsTheOneTheFilterLimitsWereChosenFor() {
    assertThat(IndexSearcher.getMaxClauseCount()).isEqualTo(1024);
    assertThat(2 * Filter.MAX_CONDITIONS).isLessThanOrEqualTo(IndexSearcher.getMaxClauseCount() / 2);
  }

  @Example
  void widestFiltersAreSearchedBesideTheLongestQuery() throws IOException {
    assertSearchMatchesModel(new Filter.Or(eqs(Filter.MAX_CONDITIONS)));
    assertSearchMatchesModel(new Filter.And(eqs(Filter.MAX_CONDITIONS)));
    // negations are the costly case: a negated condition needs a match-all clause beside it
    assertSearchMatchesModel(new Filter.Or(eqs(Filter.MAX_CONDITIONS).stream().map(Filter::not).toList()));
    assertSearchMatchesModel(new Filter.And(eqs(Filter.MAX_CONDITIONS).stream().map(Filter::not).toList()));
    assertSearchMatchesModel(Filter.not(new Filter.And(eqs(Filter.MAX_CONDITIONS))));
    assertSearchMatchesModel(Filter.not(new Filter.Or(eqs(Filter.MAX_CONDITIONS))));
    List<Filter> empties = new ArrayList<>();
    for (int i = 0; i < Filter.MAX_CONDITIONS; i++) {
      empties.add(i % 2 == 0 ? Filter.not(Filter.and()) : Filter.not(Filter.all()));
    }
    assertSearchMatchesModel(new Filter.Or(empties));
    assertSearchMatchesModel(Filter.not(new Filter.Or(empties)));
  }

  @Example
  void largestInConditionsAreSearchedBesideTheLongestQuery() throws IOException {
    // as many values as a filter may hold, in as few conditions as possible, beside as many others as fit
    List<Filter> ins = eqs(Filter.MAX_CONDITIONS - Filter.MAX_VALUES / Filter.MAX_IN_VALUES);
    for (int c = 0; c < Filter.MAX_VALUES / Filter.MAX_IN_VALUES; c++) {
      int offset = c;
      ins.add(Filter.in("n", IntStream.range(0, Filter.MAX_IN_VALUES).mapToObj(i -> "v" + (i * 3 + offset))
          .toArray(String[]::new)));
    }
    assertSearchMatchesModel(new Filter.Or(ins));
    assertSearchMatchesModel(new Filter.And(ins));
    assertSearchMatchesModel(new Filter.Or(ins.stream().map(Filter::not).toList()));
  }

  @Example
  void deepestFiltersAreSearchedBesideTheLongestQuery() throws IOException {
    Filter wide = new Filter.Or(eqs(Filter.MAX_CONDITIONS - Filter.MAX_DEPTH).stream().map(Filter::not).toList());
    Filter f = wide; // or(not(eq)): three levels
    for (int depth = 4; depth <= Filter.MAX_DEPTH; depth++) {
      f = switch (depth % 3) {
        case 0 -> Filter.not(f);
        case 1 -> Filter.and(f, Filter.not(Filter.eq("kind", "message")));
        default -> Filter.or(Filter.not(Filter.timeRange(0, depth)), f);
      };
      assertSearchMatchesModel(f);
    }
    Filter nots = Filter.eq("room", "ops");
    for (int depth = 2; depth <= Filter.MAX_DEPTH; depth++) {
      nots = Filter.not(nots);
      assertSearchMatchesModel(nots);
    }
  }

  /** Lucene's own range query on a LongField counts three clauses; a filter of time ranges was refused. */
  @Example
  void aFilterOfAsManyContainsAsAllowedIsSearchedBesideTheLongestQuery() throws IOException {
    Filter[] parts = new Filter[Filter.MAX_CONDITIONS];
    for (int i = 0; i < parts.length; i++) {
      parts[i] = Filter.contains(i % 2 == 0 ? "n" : "room", "v" + i % 70);
    }
    assertSearchMatchesModel(Filter.or(parts));
    assertSearchMatchesModel(Filter.not(Filter.or(parts)));
    assertSearchMatchesModel(new Filter.And(java.util.Arrays.stream(parts).map(Filter::not).toList()));
  }

  /** A wildcard {@code *aaa...a*} of this length is too complex for Lucene to determinize; this query is not. */
  @Example
  void theLongestRepetitiveSubstringIsSearched() throws IOException {
    String longest = "a".repeat(Item.MAX_ATTRIBUTE_VALUE_LENGTH);
    Item item = new Item("item:long", "common words", Map.of("n", longest), null);
    index.apply(List.of(item), List.of(), 2);
    items.add(item);
    try {
      assertSearchMatchesModel(Filter.contains("n", longest));
      assertSearchMatchesModel(Filter.contains("n", longest.substring(1)));
      assertSearchMatchesModel(Filter.contains("n", longest.substring(2) + "b"));
      assertThat(index.count(Filter.contains("n", longest))).isEqualTo(1);
    } finally {
      items.remove(item);
      index.apply(List.of(), List.of(item.id()), 3);
    }
  }

  @Example
  void aFilterOfAsManyTimeRangesAsAllowedIsSearchedBesideTheLongestQuery() throws IOException {
    Filter[] ranges = new Filter[Filter.MAX_CONDITIONS];
    for (int i = 0; i < ranges.length; i++) {
      ranges[i] = Filter.timeRange(i * 10L, i * 10L + 5);
    }
    assertSearchMatchesModel(Filter.or(ranges));
    assertSearchMatchesModel(Filter.not(Filter.or(ranges)));
  }

  @Property(tries = 120) // each try is a search of 1,024 terms and a count
  void everyAcceptedFilterIsSearchedBesideTheLongestQuery(@ForAll("filters") Filter filter) throws IOException {
    int clauses = LuceneFilters.countLeaves(LuceneFilters.toQuery(filter));
    Statistics.label("Lucene clauses").collect(clauses <= 1 ? String.valueOf(clauses)
        : Integer.highestOneBit(clauses) + "-" + (2 * Integer.highestOneBit(clauses) - 1));
    assertSearchMatchesModel(filter);
  }

  @Provide
  Arbitrary<Filter> filters() {
    Arbitrary<Filter> trees = Arbitraries.recursive(LuceneFilterLimitsTest::leaves, self -> Arbitraries.frequencyOf(
        Tuple.of(3, leaves()),
        Tuple.of(2, self.map(Filter::not)),
        Tuple.of(2, self.list().ofMaxSize(3).map(Filter.And::new)),
        Tuple.of(2, self.list().ofMaxSize(3).map(Filter.Or::new))), 0, 8);
    Arbitrary<Filter> maybeNegated = Arbitraries.frequencyOf(Tuple.of(3, leaves()),
        Tuple.of(2, leaves().map(Filter::not)));
    Arbitrary<Filter> wide = Combinators.combine(Arbitraries.of(true, false),
        maybeNegated.list().ofMaxSize(Filter.MAX_CONDITIONS)
        .withSizeDistribution(RandomDistribution.uniform()))
        .as((and, parts) -> and ? new Filter.And(parts) : new Filter.Or(parts));
    Arbitrary<Filter> chains = Combinators.combine(wide, Combinators.combine(Arbitraries.integers().between(0, 4),
        maybeNegated).as(Tuple::of).list().ofMaxSize(Filter.MAX_DEPTH - 3)
        .withSizeDistribution(RandomDistribution.uniform())).as((f, wraps) -> {
          Filter result = f;
          for (var w : wraps) {
            result = switch (w.get1()) {
              case 0 -> Filter.not(result);
              case 1 -> Filter.and(result);
              case 2 -> Filter.or(result);
              case 3 -> Filter.and(w.get2(), result);
              default -> Filter.or(result, w.get2());
            };
          }
          return result;
        });
    return Arbitraries.frequencyOf(Tuple.of(4, trees), Tuple.of(2, chains), Tuple.of(2, wide))
        // a random tree or chain may pass a limit; the limits have tests of their own in core
        .ignoreException(IllegalArgumentException.class);
  }

  private static Arbitrary<Filter> leaves() {
    List<String> values = new ArrayList<>(ROOMS);
    values.addAll(KINDS);
    values.add("z");
    Arbitrary<Filter> timeRange = Combinators.combine(Arbitraries.longs().between(0, 100),
        Arbitraries.longs().between(0, 60)).as((from, width) -> Filter.timeRange(from, from + width));
    return Arbitraries.frequencyOf(
        Tuple.of(4, Arbitraries.of(ROOMS).map(room -> Filter.eq("room", room))),
        Tuple.of(3, Arbitraries.of(values).set().ofMaxSize(3).map(set -> new Filter.In("kind", set))),
        Tuple.of(2, Combinators.combine(Arbitraries.of("room", "kind", "n"), Arbitraries.of("o", "v1", "ss", "", "x"))
            .as(Filter::contains)),
        Tuple.of(2, timeRange),
        Tuple.of(1, Arbitraries.just(Filter.all())),
        Tuple.of(1, Arbitraries.of(Filter.eq("missing", "x"), Filter.and(), Filter.or())));
  }
}
