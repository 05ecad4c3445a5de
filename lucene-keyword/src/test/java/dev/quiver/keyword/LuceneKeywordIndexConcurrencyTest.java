package dev.quiver.keyword;

import static org.assertj.core.api.Assertions.assertThat;

import dev.quiver.Filter;
import dev.quiver.Item;
import dev.quiver.spi.KeywordIndex.ScoredId;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicBoolean;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * Readers search while one writer applies batches. Batch {@code b} upserts {@code b-left} and {@code b-right}
 * and deletes batch {@code b-1}'s pair, so a search that saw a half-applied batch would return one id of a
 * pair, or ids of two batches. No timing is asserted: readers search until the writer is done (at most
 * {@value #MAX_SEARCHES_PER_READER} times each).
 */
class LuceneKeywordIndexConcurrencyTest {
  private static final int BATCHES = 150;
  private static final int READERS = 3;
  /** Readers search until the writer is done; this bound only keeps a broken writer from hanging the test. */
  private static final int MAX_SEARCHES_PER_READER = 200_000;

  @TempDir Path dir;

  @Test
  void readersSeeWholeBatchesOfAppliedIdsOnlyWhileTheWriterApplies() throws Exception {
    Set<String> everApplied = ConcurrentHashMap.newKeySet();
    AtomicBoolean writerDone = new AtomicBoolean();
    CountDownLatch start = new CountDownLatch(1);
    ExecutorService pool = Executors.newFixedThreadPool(READERS + 1);
    try (LuceneKeywordIndex index = LuceneKeywordIndex.open(dir)) {
      Future<?> writer = pool.submit(() -> {
        start.await();
        try {
          for (int b = 1; b <= BATCHES; b++) {
            List<Item> pair = List.of(item(b, "left"), item(b, "right"));
            pair.forEach(i -> everApplied.add(i.id()));
            List<String> previous = b == 1 ? List.of() : List.of((b - 1) + "-left", (b - 1) + "-right");
            index.apply(pair, previous, b);
          }
        } finally {
          writerDone.set(true);
        }
        return null;
      });
      List<Future<Integer>> readers = new ArrayList<>();
      for (int r = 0; r < READERS; r++) {
        Filter filter = r % 2 == 0 ? Filter.all() : Filter.or(Filter.eq("side", "left"), Filter.eq("side", "right"));
        readers.add(pool.submit(() -> {
          start.await();
          int nonEmpty = 0;
          for (int s = 0; s < MAX_SEARCHES_PER_READER && !writerDone.get(); s++) {
            List<ScoredId> hits = index.search("incident report", 10, filter);
            if (hits.isEmpty()) {
              continue;
            }
            nonEmpty++;
            assertThat(hits).as("search %d", s).hasSize(2);
            for (ScoredId hit : hits) {
              assertThat(everApplied).as("search %d returned %s", s, hit.id()).contains(hit.id());
            }
            String batch0 = batchOf(hits.get(0).id());
            assertThat(batchOf(hits.get(1).id())).as("both hits of search %d are from one batch", s)
                .isEqualTo(batch0);
          }
          return nonEmpty;
        }));
      }

      start.countDown();

      writer.get(5, TimeUnit.MINUTES);
      for (Future<Integer> reader : readers) {
        reader.get(5, TimeUnit.MINUTES);
      }
      assertThat(index.appliedSequence()).isEqualTo(BATCHES);
      assertThat(index.count()).isEqualTo(2);
      assertThat(index.search("incident", 10, Filter.all())).extracting(ScoredId::id)
          .containsExactlyInAnyOrder(BATCHES + "-left", BATCHES + "-right");
    } finally {
      pool.shutdownNow();
    }
  }

  private static Item item(int batch, String side) {
    return new Item(batch + "-" + side, "incident report " + side + " from batch " + batch, Map.of("side", side),
        (long) batch);
  }

  private static String batchOf(String id) {
    return id.substring(0, id.indexOf('-'));
  }
}
