package dev.quiver.hybrid;

import static dev.quiver.HostileInputs.assertRefused;
import static org.assertj.core.api.Assertions.assertThat;

import dev.quiver.Filter;
import dev.quiver.HostileInputs;
import dev.quiver.Item;
import dev.quiver.Quiver;
import dev.quiver.QuiverOptions;
import dev.quiver.SearchMode;
import dev.quiver.SearchRequest;
import dev.quiver.keyword.LuceneKeywordIndex;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Map;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.function.Consumer;
import net.jqwik.api.Arbitraries;
import net.jqwik.api.Arbitrary;
import net.jqwik.api.Combinators;
import net.jqwik.api.ForAll;
import net.jqwik.api.Property;
import net.jqwik.api.Provide;
import net.jqwik.api.lifecycle.AfterContainer;
import net.jqwik.api.lifecycle.BeforeContainer;

/**
 * The bad-input suite through the facade: a real {@link Quiver} with the SQLite vector file and a
 * {@link LuceneKeywordIndex}. Every hostile call is refused with an {@link IllegalArgumentException} that has a
 * message (never a {@link NullPointerException}, nor the {@code QuiverException} "search failed on every side"
 * that an {@code or} of 5,000 {@code eq} used to become), and the store is exactly as it was: count, every
 * item and vector, both sides' status, and search results on each side.
 *
 * <p>Calls that need a check inside Quiver itself (null items or lists, null or malformed ids, a null request)
 * are the {@code ...PendingQuiverChecks} property: it fails until Quiver calls {@link dev.quiver.Preconditions}.
 */
class BadInputQuiverTest {
  private static final AtomicInteger CASES = new AtomicInteger();
  private static final List<SearchRequest> PROBES = List.of(
      SearchRequest.of("message topic").limit(50),
      SearchRequest.of("deploy message").limit(50).mode(SearchMode.KEYWORD).filter(Filter.eq("room", "ops")),
      SearchRequest.of("topic three").limit(50).mode(SearchMode.VECTOR)
          .filter(Filter.or(Filter.not(Filter.eq("room", "ops")), Filter.timeRange(0, 5))));
  private static Path dir;
  private static Quiver quiver;
  private static State before;

  /** Everything a refused call must leave as it was. */
  record State(int count, Quiver.Status status, List<String> rows, List<List<String>> searches) {
    static State of(Quiver quiver) {
      List<String> rows = new ArrayList<>();
      quiver.forEach((item, vector) -> rows.add(item + " " + Arrays.toString(vector)));
      List<List<String>> searches = new ArrayList<>();
      for (SearchRequest probe : PROBES) {
        var result = quiver.search(probe);
        List<String> hits = new ArrayList<>(List.of(result.answered() + " " + result.degradations()));
        result.hits().forEach(h -> hits.add(h.id() + "=" + h.score()));
        searches.add(hits);
      }
      return new State(quiver.count(), quiver.status(), rows, searches);
    }
  }

  @BeforeContainer
  static void openStore() throws IOException {
    dir = Files.createTempDirectory("bad-input-quiver");
    fill();
  }

  /** A fresh store with 30 items; also called after a call that was wrongly accepted, so shrinking stays sound. */
  private static void fill() throws IOException {
    if (quiver != null) {
      quiver.close();
      deleteFiles();
    }
    quiver = Quiver.open(dir.resolve("chat.quiver"), QuiverOptions.builder().embedder(new HashingEmbedder())
        .keywordIndex(LuceneKeywordIndex.factory()).build());
    List<Item> items = new ArrayList<>();
    for (int i = 0; i < 30; i++) {
      items.add(new Item("msg:" + i, "deploy message " + i + " about topic " + (i % 4),
          Map.of("room", i % 3 == 0 ? "ops" : "dev"), (long) i));
    }
    quiver.index(items);
    before = State.of(quiver);
    assertThat(before.count()).isEqualTo(30);
  }

  @AfterContainer
  static void closeStore() throws IOException {
    System.out.println("BadInputQuiverTest: " + CASES.get() + " hostile calls run");
    quiver.close();
    deleteFiles();
    Files.delete(dir);
  }

  private static void deleteFiles() throws IOException {
    try (var paths = Files.walk(dir)) {
      for (Path p : paths.sorted(java.util.Comparator.reverseOrder()).toList()) {
        if (!p.equals(dir)) {
          Files.delete(p);
        }
      }
    }
  }

  /** One hostile call, described for a failure message. */
  record Call(String description, Consumer<Quiver> call) {
    @Override
    public String toString() {
      return description;
    }
  }

  private static void assertRefusedAndUnchanged(Call call) throws IOException {
    CASES.incrementAndGet();
    try {
      assertRefused(() -> call.call().accept(quiver), call);
      assertThat(State.of(quiver)).as("store after %s", call).isEqualTo(before);
    } finally {
      if (!State.of(quiver).equals(before)) {
        fill();
      }
    }
  }

  @Property(tries = 1_500)
  void hostileCallsAreRefusedAndLeaveTheStoreUnchanged(@ForAll("calls") Call call) throws IOException {
    assertRefusedAndUnchanged(call);
  }

  @Property(tries = 100)
  void hostileCallsPendingQuiverChecksAreRefusedAndLeaveTheStoreUnchanged(@ForAll("pending") Call call)
      throws IOException {
    assertRefusedAndUnchanged(call);
  }

  @Provide
  Arbitrary<Call> calls() {
    Arbitrary<Call> oneBadItem = HostileInputs.badItems()
        .map(args -> new Call("index(" + args + ")", q -> q.index(args.build())));
    Arbitrary<Call> badItemInBatch = Combinators.combine(HostileInputs.badItems(),
        Arbitraries.integers().between(0, 3)).as((args, at) -> new Call("index([..., " + args + " at " + at + "])",
            q -> {
              List<Item> items = new ArrayList<>();
              for (int i = 0; i < 4; i++) {
                items.add(i == at ? args.build() : Item.of("new:" + i, "new text " + i));
              }
              q.index(items);
            }));
    Arbitrary<Call> badFilter = Combinators.combine(HostileInputs.badFilters(), Arbitraries.of(SearchMode.class))
        .as((args, mode) -> new Call("search " + mode + " filter " + args,
            q -> q.search(SearchRequest.of("deploy").mode(mode).filter(args.build()))));
    Arbitrary<Call> badLimit = HostileInputs.badLimits()
        .map(limit -> new Call("search limit " + limit, q -> q.search(SearchRequest.of("deploy").limit(limit))));
    return Arbitraries.frequencyOf(
        net.jqwik.api.Tuple.of(2, oneBadItem),
        net.jqwik.api.Tuple.of(2, badItemInBatch),
        net.jqwik.api.Tuple.of(3, badFilter),
        net.jqwik.api.Tuple.of(1, badLimit));
  }

  @Provide
  Arbitrary<Call> pending() {
    Arbitrary<Call> badId = HostileInputs.badIds().flatMap(id -> Arbitraries.of(
        new Call("get(" + HostileInputs.show(id) + ")", q -> q.get(id)),
        new Call("delete(" + HostileInputs.show(id) + ")", q -> q.delete(id))));
    Arbitrary<Call> nullInBatch = Arbitraries.integers().between(0, 3).map(at -> new Call(
        "index([..., null at " + at + "])", q -> {
          List<Item> items = new ArrayList<>();
          for (int i = 0; i < 4; i++) {
            items.add(i == at ? null : Item.of("new:" + i, "new text " + i));
          }
          q.index(items);
        }));
    Arbitrary<Call> nulls = Arbitraries.of(
        new Call("index((Item) null)", q -> q.index((Item) null)),
        new Call("index((List) null)", q -> q.index((List<Item>) null)),
        new Call("search((SearchRequest) null)", q -> q.search((SearchRequest) null)),
        new Call("search((String) null)", q -> q.search((String) null)));
    return Arbitraries.oneOf(badId, nullInBatch, nulls);
  }
}
