package dev.quiver.internal.store;

import dev.quiver.internal.storefile.StoreOptions;
import static org.assertj.core.api.Assertions.assertThat;

import dev.quiver.Filter;
import dev.quiver.Item;
import dev.quiver.Metric;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Queue;
import java.util.Set;
import java.util.concurrent.ConcurrentLinkedQueue;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicBoolean;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * Regression test: every replaced item used to keep its slot in memory, text and vector included, until the
 * store was reopened. A chat server that keeps moving items between rooms ran out of heap within minutes
 * (the 10-minute load test: 52,000 dead records holding 866 MB for 300 live items).
 */
class ArenaCompactionTest {
  private static final int ITEMS = 50;
  private static final int WRITES = 300;
  private static final int READERS = 4;

  @TempDir Path dir;

  @Test
  void replacedItemsNoLongerStayInMemoryUntilTheStoreIsReopened() {
    Path path = dir.resolve("chat.quiver");
    try (VectorStore store = VectorStore.open(path, StoreOptions.of(3, Metric.DOT))) {
      write(store, 0);
      VectorStore.View first = store.view();
      int mostSlots = 0;
      for (int k = 1; k < WRITES; k++) {
        write(store, k);
        if (k % 7 == 0) {
          store.deleteAll(List.of("item:3", "item:4")); // deletions leave dead slots too
        }
        mostSlots = Math.max(mostSlots, store.slots());
      }
      // about 15,000 replaced versions were written; memory holds the live items and a bounded rest
      assertThat(mostSlots).isLessThan(VectorStore.COMPACT_AT_DEAD + 2 * ITEMS);
      assertHolds(store, WRITES - 1);
      // a view taken before any compaction still answers from its own write
      assertThat(first.search(new float[] {1, 0, 0}, ITEMS, Filter.eq("room", room(0)))).hasSize(ITEMS - 5);
      assertThat(first.count()).isEqualTo(ITEMS);
    }
    try (VectorStore reopened = VectorStore.open(path, StoreOptions.of(3, Metric.DOT))) {
      assertHolds(reopened, WRITES - 1);
    }
  }

  @Test
  void searchesWhileTheArenaIsCompactedEachSeeOneWholeWrite() throws Exception {
    try (VectorStore store = VectorStore.open(dir.resolve("chat.quiver"), StoreOptions.of(3, Metric.DOT))) {
      write(store, 0);
      AtomicBoolean stop = new AtomicBoolean();
      Queue<String> problems = new ConcurrentLinkedQueue<>();
      CountDownLatch ready = new CountDownLatch(READERS);
      CountDownLatch go = new CountDownLatch(1);
      ExecutorService pool = Executors.newFixedThreadPool(READERS);
      List<Future<?>> readers = new ArrayList<>();
      for (int r = 0; r < READERS; r++) {
        String room = room(r);
        readers.add(pool.submit(() -> {
          ready.countDown();
          go.await();
          while (!stop.get()) {
            VectorStore.View view = store.view();
            List<VectorHit> hits = view.search(new float[] {0, 0, 1}, 100, Filter.eq("room", room));
            Set<String> writes = new HashSet<>();
            hits.forEach(hit -> writes.add((String) hit.item().attributes().get("write")));
            if (writes.size() > 1 || !hits.isEmpty() && hits.size() != ITEMS - 5 || view.count() != ITEMS) {
              problems.add(room + ": " + hits.size() + " hits of writes " + writes + ", count " + view.count());
            }
          }
          return null;
        }));
      }
      assertThat(ready.await(1, TimeUnit.MINUTES)).isTrue();
      go.countDown();
      for (int k = 1; k < WRITES && problems.isEmpty(); k++) {
        write(store, k);
      }
      stop.set(true);
      for (Future<?> reader : readers) {
        reader.get(1, TimeUnit.MINUTES);
      }
      pool.shutdown();
      assertThat(problems).isEmpty();
      assertThat(store.slots()).isLessThan(VectorStore.COMPACT_AT_DEAD + 2 * ITEMS);
    }
  }

  /** Write {@code k}: every item in the room of {@code k}'s parity, with a vector that names {@code k}. */
  private static void write(VectorStore store, int k) {
    List<Item> items = new ArrayList<>();
    List<float[]> vectors = new ArrayList<>();
    for (int i = 0; i < ITEMS; i++) {
      items.add(new Item("item:" + i, i < 5 ? null : "text " + i + " of write " + k, Map.of("room", room(k),
          "write", Integer.toString(k)), 1_000L + i));
      vectors.add(i < 5 ? null : new float[] {1, k, i}); // five items without a vector
    }
    store.upsertAll(items, vectors);
  }

  private static void assertHolds(VectorStore store, int k) {
    assertThat(store.count()).isEqualTo(ITEMS);
    assertThat(store.get("item:7")).contains(new Item("item:7", "text 7 of write " + k,
        Map.of("room", room(k), "write", Integer.toString(k)), 1_007L));
    assertThat(store.get("item:2").orElseThrow().text()).isNull();
    assertThat(store.vector("item:9")).hasValueSatisfying(v -> assertThat(v).containsExactly(1, k, 9));
    assertThat(store.vector("item:2")).isEmpty();
    assertThat(store.search(new float[] {0, 0, 1}, 100, Filter.eq("room", room(k))))
        .extracting(hit -> (String) hit.item().attributes().get("write")).hasSize(ITEMS - 5)
        .containsOnly(Integer.toString(k));
    assertThat(store.search(new float[] {0, 0, 1}, 100, Filter.eq("room", room(k + 1)))).isEmpty();
    assertThat(store.search(new float[] {0, 0, 1}, 100, Filter.timeRange(1_010, 1_020))).hasSize(10)
        .first().satisfies(hit -> assertThat(hit.item().id()).isEqualTo("item:19"));
  }

  private static String room(int k) {
    return k % 2 == 0 ? "ops" : "dev";
  }
}
