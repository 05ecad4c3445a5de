package dev.quiver.internal.store;

import dev.quiver.internal.storefile.StoreOptions;
import static org.assertj.core.api.Assertions.assertThat;

import dev.quiver.Filter;
import dev.quiver.Item;
import dev.quiver.Metric;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.stream.Collectors;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * Readers search while the writer replaces every item in one transaction per generation, or deletes them all.
 * A reader must only ever see a whole generation (all slots with the same generation) or nothing: never half
 * a write.
 */
class ConcurrentReadersTest {
  private static final int SLOTS = 20;
  private static final int GENERATIONS = 149; // ends on a write, not a deletion
  @TempDir Path dir;

  @Test
  void readersNeverSeeHalfAWrite() throws Exception {
    try (VectorStore store = VectorStore.open(dir.resolve("c.quiver"), StoreOptions.of(4, Metric.DOT))) {
      CountDownLatch start = new CountDownLatch(1);
      AtomicBoolean writing = new AtomicBoolean(true);
      ExecutorService pool = Executors.newFixedThreadPool(3);
      List<Future<Integer>> readers = new ArrayList<>();
      for (int r = 0; r < 2; r++) {
        readers.add(pool.submit(() -> {
          start.await();
          int observed = 0;
          while (writing.get()) {
            List<VectorHit> hits = store.search(new float[] {1, 1, 1, 1}, SLOTS, Filter.all());
            Set<Object> generations = hits.stream().map(h -> h.item().attributes().get("gen"))
                .collect(Collectors.toSet());
            assertThat(hits.size()).isIn(0, SLOTS);
            assertThat(generations).hasSizeLessThanOrEqualTo(1);
            if (!hits.isEmpty()) {
              float expected = Float.parseFloat((String) generations.iterator().next());
              assertThat(hits).allSatisfy(h -> assertThat(h.score()).isEqualTo(expected * 4));
            }
            observed++;
          }
          return observed;
        }));
      }
      Future<?> writer = pool.submit(() -> {
        start.await();
        for (int g = 1; g <= GENERATIONS; g++) {
          if (g % 10 == 0) {
            store.deleteAll(slotIds());
          } else {
            List<Item> items = new ArrayList<>();
            List<float[]> vectors = new ArrayList<>();
            for (String id : slotIds()) {
              items.add(Item.of(id, null, Map.of("gen", Integer.toString(g))));
              vectors.add(new float[] {g, g, g, g});
            }
            store.upsertAll(items, vectors);
          }
        }
        writing.set(false);
        return null;
      });
      start.countDown();
      writer.get(2, TimeUnit.MINUTES);
      for (Future<Integer> reader : readers) {
        assertThat(reader.get(1, TimeUnit.MINUTES)).isPositive();
      }
      pool.shutdown();
      assertThat(store.count()).isEqualTo(SLOTS);
      assertThat(store.get("slot0").orElseThrow().attributes().get("gen")).isEqualTo(Integer.toString(GENERATIONS));
    }
  }

  private static List<String> slotIds() {
    List<String> ids = new ArrayList<>();
    for (int i = 0; i < SLOTS; i++) {
      ids.add("slot" + i);
    }
    return ids;
  }
}
