package dev.quiver.internal.store;

import dev.quiver.internal.storefile.StoreOptions;
import static dev.quiver.HostileInputs.assertRefused;
import static org.assertj.core.api.Assertions.assertThat;

import dev.quiver.Filter;
import dev.quiver.HostileInputs;
import dev.quiver.Item;
import dev.quiver.Metric;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.Collection;
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
 * The bad-input suite through a real {@link VectorStore}: every hostile call is refused with an
 * {@link IllegalArgumentException} that has a message, and the store is exactly as it was (count, every item
 * and vector, the change sequence, search results). Calls that need a check inside VectorStore itself (null
 * lists, null or malformed ids to get and delete) are the {@code ...PendingVectorStoreChecks} properties: they
 * fail until VectorStore calls {@link dev.quiver.Preconditions}.
 */
class BadInputVectorStoreTest {
  private static final int DIMS = 3;
  private static final AtomicInteger CASES = new AtomicInteger();
  private static Path dir;
  private static VectorStore store;
  private static State before;

  /** Everything a refused call must leave as it was. */
  record State(int count, long sequence, List<String> rows, List<List<String>> searches) {
    static State of(VectorStore store) {
      List<String> rows = new ArrayList<>();
      store.forEach((item, vector) -> rows.add(item + " " + Arrays.toString(vector)));
      List<List<String>> searches = new ArrayList<>();
      for (Filter filter : List.of(Filter.all(), Filter.eq("room", "ops"),
          Filter.or(Filter.not(Filter.eq("room", "ops")), Filter.timeRange(0, 5)))) {
        searches.add(store.search(new float[] {1, 0.5f, 0}, 50, filter).stream()
            .map(h -> h.item().id() + "=" + h.score()).toList());
      }
      return new State(store.count(), store.sequence(), rows, searches);
    }
  }

  @BeforeContainer
  static void openStore() throws IOException {
    dir = Files.createTempDirectory("bad-input-store");
    fill();
  }

  /** A fresh file with 20 items; also called after a call that was wrongly accepted, so shrinking stays sound. */
  private static void fill() throws IOException {
    if (store != null) {
      store.close();
      deleteFiles();
    }
    store = VectorStore.open(dir.resolve("bad.quiver"), StoreOptions.of(DIMS, Metric.COSINE));
    List<Item> items = new ArrayList<>();
    List<float[]> vectors = new ArrayList<>();
    for (int i = 0; i < 20; i++) {
      items.add(new Item("msg:" + i, "message " + i, Map.of("room", i % 3 == 0 ? "ops" : "dev"), (long) i));
      vectors.add(new float[] {1 + i, i % 4, -i % 3});
    }
    store.upsertAll(items, vectors);
    before = State.of(store);
  }

  @AfterContainer
  static void closeStore() throws IOException {
    System.out.println("BadInputVectorStoreTest: " + CASES.get() + " hostile calls run");
    store.close();
    deleteFiles();
    Files.delete(dir);
  }

  private static void deleteFiles() throws IOException {
    try (var paths = Files.list(dir)) {
      for (Path p : paths.toList()) {
        Files.delete(p);
      }
    }
  }

  /** One hostile call, described for a failure message. */
  record Call(String description, Consumer<VectorStore> call) {
    @Override
    public String toString() {
      return description;
    }
  }

  private static void assertRefusedAndUnchanged(Call call) throws IOException {
    CASES.incrementAndGet();
    try {
      assertRefused(() -> call.call().accept(store), call);
      assertThat(State.of(store)).as("store after %s", call).isEqualTo(before);
    } finally {
      if (!State.of(store).equals(before)) {
        fill();
      }
    }
  }

  @Property(tries = 3_000)
  void hostileCallsAreRefusedAndLeaveTheStoreUnchanged(@ForAll("calls") Call call) throws IOException {
    assertRefusedAndUnchanged(call);
  }

  @Property(tries = 200)
  void hostileCallsPendingVectorStoreChecksAreRefusedAndLeaveTheStoreUnchanged(@ForAll("pending") Call call)
      throws IOException {
    assertRefusedAndUnchanged(call);
  }

  @Provide
  Arbitrary<Call> calls() {
    return Arbitraries.oneOf(badItems(), badVectors(), nullItems(), badSearches());
  }

  @Provide
  Arbitrary<Call> pending() {
    Arbitrary<Call> badId = HostileInputs.badIds().flatMap(id -> Arbitraries.of(
        new Call("get(" + HostileInputs.show(id) + ")", s -> s.get(id)),
        new Call("delete(" + HostileInputs.show(id) + ")", s -> s.delete(id)),
        new Call("vector(" + HostileInputs.show(id) + ")", s -> s.vector(id))));
    Arbitrary<Call> badIdInBatch = Combinators.combine(HostileInputs.badIds(), Arbitraries.integers().between(0, 4))
        .as((id, at) -> {
          List<String> ids = new ArrayList<>(List.of("msg:1", "msg:2", "msg:3", "msg:4"));
          ids.add(Math.min(at, ids.size()), id);
          return new Call("deleteAll(" + ids.stream().map(HostileInputs::show).toList() + ")",
              s -> s.deleteAll(ids));
        });
    Arbitrary<Call> nullCollections = Arbitraries.of(
        new Call("deleteAll(null)", s -> s.deleteAll((Collection<String>) null)),
        new Call("upsertAll(null, vectors)", s -> s.upsertAll(null, List.of())),
        new Call("upsertAll(items, null)", s -> s.upsertAll(List.of(Item.of("new:1", "t")), null)),
        new Call("upsert(null, vector)", s -> s.upsert(null, new float[] {1, 0, 0})));
    return Arbitraries.oneOf(badId, badIdInBatch, nullCollections);
  }

  /** An item that cannot be built, in a batch of good ones: refused before the store sees it. */
  private static Arbitrary<Call> badItems() {
    return Combinators.combine(HostileInputs.badItems(), Arbitraries.integers().between(0, 2)).as((args, at) ->
        new Call("upsertAll with " + args + " at " + at, s -> {
          List<Item> items = new ArrayList<>();
          List<float[]> vectors = new ArrayList<>();
          for (int i = 0; i < 3; i++) {
            items.add(i == at ? args.build() : Item.of("new:" + i, "t"));
            vectors.add(new float[] {1, 2, 3});
          }
          s.upsertAll(items, vectors);
        }));
  }

  /** What a vector can get wrong. */
  enum VectorFault {
    SHORT, LONG, EMPTY, NAN, POSITIVE_INFINITY, NEGATIVE_INFINITY, HUGE, ZERO, MISSING, EXTRA;

    float[] vector() {
      return switch (this) {
        case SHORT -> new float[] {1, 2};
        case LONG -> new float[] {1, 2, 3, 4};
        case EMPTY -> new float[0];
        case NAN -> new float[] {1, Float.NaN, 0};
        case POSITIVE_INFINITY -> new float[] {Float.POSITIVE_INFINITY, 0, 0};
        case NEGATIVE_INFINITY -> new float[] {0, 0, Float.NEGATIVE_INFINITY};
        case HUGE -> new float[] {3e18f, 0, 0};
        case ZERO -> new float[] {0, 0, 0};
        case MISSING, EXTRA -> new float[] {1, 2, 3};
      };
    }
  }

  /** A batch of new items, one of whose vectors is wrong: the whole batch is refused. */
  private static Arbitrary<Call> badVectors() {
    return Combinators.combine(Arbitraries.integers().between(1, 6), Arbitraries.integers().between(0, 5),
        Arbitraries.of(VectorFault.class)).as((n, at, fault) -> {
          int position = at % n;
          return new Call("upsertAll of " + n + " new items, vector " + position + " " + fault, s -> {
            List<Item> items = new ArrayList<>();
            List<float[]> vectors = new ArrayList<>();
            for (int i = 0; i < n; i++) {
              items.add(Item.of("new:" + i, "new text " + i, Map.of("room", "ops")));
              vectors.add(i == position ? fault.vector() : new float[] {i, 1, 1});
            }
            if (fault == VectorFault.MISSING) {
              vectors.remove(position);
            } else if (fault == VectorFault.EXTRA) {
              vectors.add(new float[] {1, 1, 1});
            }
            s.upsertAll(items, vectors);
          });
        });
  }

  /** A null item among good ones. */
  private static Arbitrary<Call> nullItems() {
    return Combinators.combine(Arbitraries.integers().between(1, 5), Arbitraries.integers().between(0, 4))
        .as((n, at) -> {
          int position = at % n;
          return new Call("upsertAll of " + n + " items, item " + position + " null", s -> {
            List<Item> items = new ArrayList<>();
            List<float[]> vectors = new ArrayList<>();
            for (int i = 0; i < n; i++) {
              items.add(i == position ? null : Item.of("new:" + i, "t"));
              vectors.add(new float[] {1, 2, 3});
            }
            s.upsertAll(items, vectors);
          });
        });
  }

  /** Searches with a k out of range, a bad query vector, or a filter that cannot be built. */
  private static Arbitrary<Call> badSearches() {
    Arbitrary<Call> badK = Arbitraries.integers().lessOrEqual(0)
        .map(k -> new Call("search k=" + k, s -> s.search(new float[] {1, 0, 0}, k, Filter.all())));
    Arbitrary<Call> badQuery = Arbitraries.of(VectorFault.class)
        .filter(f -> f != VectorFault.MISSING && f != VectorFault.EXTRA && f != VectorFault.HUGE)
        .map(f -> new Call("search query " + f, s -> s.search(f.vector(), 10, Filter.all())));
    Arbitrary<Call> nullQuery = Arbitraries.just(new Call("search query null", s -> s.search(null, 10, null)));
    Arbitrary<Call> badFilter = HostileInputs.badFilters()
        .map(args -> new Call("search filter " + args, s -> s.search(new float[] {1, 0, 0}, 10, args.build())));
    return Arbitraries.oneOf(badK, badQuery, nullQuery, badFilter);
  }
}
