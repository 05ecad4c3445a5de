package dev.quiver.internal.search;

import static org.assertj.core.api.Assertions.assertThat;

import dev.quiver.Filter;
import dev.quiver.Item;
import dev.quiver.Metric;
import dev.quiver.internal.memory.Arena;
import dev.quiver.internal.memory.Snapshot;
import java.util.Arrays;
import java.util.Map;
import java.util.Random;
import org.junit.jupiter.api.Test;

/** A scan split across threads returns exactly what the single-threaded scan returns, ties included. */
class ParallelScanTest {
  @Test
  void splitScanEqualsSingleThreadedScanOnASnapshotLargeEnoughToSplit() {
    Random random = new Random(7);
    int dims = 4;
    Arena arena = new Arena(dims);
    Arena.Batch batch = arena.begin();
    int size = ExactScan.PARALLEL_MIN_VECTORS + 12_345;
    for (int i = 0; i < size; i++) {
      float[] v = new float[dims];
      for (int d = 0; d < dims; d++) {
        v[d] = random.nextInt(7) - 3; // small integers: exact sums and many ties
      }
      batch.upsert(Item.of("id" + i, null, Map.of()), v);
    }
    for (int i = 0; i < size; i += 97) {
      batch.delete("id" + i); // tombstones in every chunk
    }
    batch.publish(1);
    Snapshot snapshot = arena.snapshot();
    for (FirstPass pass : FirstPass.values()) {
      for (Metric metric : new Metric[] {Metric.DOT, Metric.L2}) {
        for (int k : new int[] {1, 10, 500}) {
          float[] query = {1, -2, 3, 0};
          ExactScan.Result one = ExactScan.search(snapshot, query, k, Filter.all(), metric, 1, null, pass);
          ExactScan.Result split = ExactScan.search(snapshot, query, k, Filter.all(), metric, 3, null, pass);
          assertThat(split.count()).isEqualTo(k);
          assertThat(Arrays.copyOf(split.ordinals(), split.count()))
              .as("%s %s k=%d", pass, metric, k).containsExactly(Arrays.copyOf(one.ordinals(), one.count()));
          assertThat(Arrays.copyOf(split.scores(), split.count())).containsExactly(Arrays.copyOf(one.scores(), one.count()));
          for (int i = 0; i < split.count(); i++) {
            assertThat(split.ordinals()[i] % 97).isNotZero();
          }
        }
      }
    }
  }
}
