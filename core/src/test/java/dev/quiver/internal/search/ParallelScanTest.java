package dev.quiver.internal.search;

import static org.assertj.core.api.Assertions.assertThat;

import dev.quiver.Filter;
import dev.quiver.Item;
import dev.quiver.Metric;
import dev.quiver.internal.memory.Arena;
import dev.quiver.internal.memory.Snapshot;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Map;
import java.util.Random;
import java.util.concurrent.Executor;
import java.util.concurrent.RejectedExecutionException;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;

/** A scan split across threads returns exactly what the single-threaded scan returns, ties included. */
class ParallelScanTest {
  private static final float[] QUERY = {1, -2, 3, 0};

  @Test
  void splitScanEqualsSingleThreadedScanOnASnapshotLargeEnoughToSplit() {
    Snapshot snapshot = snapshotWithTiesAndTombstones();
    for (FirstPass pass : FirstPass.values()) {
      for (Metric metric : new Metric[] {Metric.DOT, Metric.L2}) {
        for (int k : new int[] {1, 10, 500}) {
          ExactScan.Result one = ExactScan.search(snapshot, QUERY, k, Filter.all(), metric, 1, null, pass);
          ExactScan.Result split = ExactScan.search(snapshot, QUERY, k, Filter.all(), metric, 3, null, pass);
          assertThat(split.count()).isEqualTo(k);
          assertSameHits(split, one, pass + " " + metric + " k=" + k);
          for (int i = 0; i < split.count(); i++) {
            assertThat(split.ordinals()[i] % 97).isNotZero();
          }
        }
      }
    }
  }

  /** Parts queued behind other searches must not hold a search up: the caller scans what no thread started. */
  @Test
  @Timeout(value = 2, unit = TimeUnit.MINUTES, threadMode = Timeout.ThreadMode.SEPARATE_THREAD) // it hung before
  void anExecutorThatNeverRunsItsQueueStillAnswersOnTheCallersThread() {
    Snapshot snapshot = snapshotWithTiesAndTombstones();
    List<Runnable> neverRun = new ArrayList<>();
    ExactScan.Result one =
        ExactScan.search(snapshot, QUERY, 10, Filter.all(), Metric.DOT, 1, null, FirstPass.FLOAT_QUERY);
    ExactScan.Result split = ExactScan.search(snapshot, QUERY, 10, Filter.all(), Metric.DOT, 4, neverRun::add,
        FirstPass.FLOAT_QUERY);
    assertThat(neverRun).hasSize(3);
    assertSameHits(split, one, "parts left queued");

    neverRun.forEach(Runnable::run); // a pool that gets to them late finds them already scanned
    assertSameHits(split, one, "after the late runs");
  }

  @Test
  void anExecutorThatRejectsWorkStillAnswers() {
    Snapshot snapshot = snapshotWithTiesAndTombstones();
    Executor full = task -> {
      throw new RejectedExecutionException("full");
    };
    ExactScan.Result one =
        ExactScan.search(snapshot, QUERY, 10, Filter.all(), Metric.L2, 1, null, FirstPass.FLOAT_QUERY);
    ExactScan.Result split = ExactScan.search(snapshot, QUERY, 10, Filter.all(), Metric.L2, 3, full,
        FirstPass.FLOAT_QUERY);
    assertSameHits(split, one, "rejected parts");
  }

  private static void assertSameHits(ExactScan.Result actual, ExactScan.Result expected, String what) {
    assertThat(Arrays.copyOf(actual.ordinals(), actual.count()))
        .as(what).containsExactly(Arrays.copyOf(expected.ordinals(), expected.count()));
    assertThat(Arrays.copyOf(actual.scores(), actual.count()))
        .as(what).containsExactly(Arrays.copyOf(expected.scores(), expected.count()));
  }

  private static Snapshot snapshotWithTiesAndTombstones() {
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
    return arena.snapshot();
  }
}
