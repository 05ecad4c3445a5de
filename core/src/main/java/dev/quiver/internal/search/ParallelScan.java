package dev.quiver.internal.search;

import dev.quiver.Metric;
import dev.quiver.internal.memory.Snapshot;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.ForkJoinPool;
import java.util.concurrent.ForkJoinTask;

/**
 * Splits an unfiltered scan of a large snapshot into contiguous chunk ranges, one per thread, each with its
 * own heap, then merges the heaps. Runs in one shared pool of daemon threads sized to the machine, so that
 * concurrent searches queue rather than oversubscribe the cores.
 */
final class ParallelScan {
  private static final ForkJoinPool POOL = new ForkJoinPool(Runtime.getRuntime().availableProcessors(),
      pool -> {
        var thread = ForkJoinPool.defaultForkJoinWorkerThreadFactory.newThread(pool);
        thread.setName("quiver-scan-" + thread.getPoolIndex());
        thread.setDaemon(true);
        return thread;
      }, null, false);

  private ParallelScan() {}

  static void scan(Snapshot s, float[] query, Metric metric, int k, int threads, TopK into) {
    int chunks = s.chunkCount();
    int parts = Math.min(threads, chunks);
    List<ForkJoinTask<TopK>> tasks = new ArrayList<>(parts);
    for (int p = 0; p < parts; p++) {
      int from = (int) ((long) chunks * p / parts);
      int to = (int) ((long) chunks * (p + 1) / parts);
      tasks.add(POOL.submit(() -> {
        TopK part = new TopK(k, s);
        ExactScan.scanChunks(s, query, metric, part, from, to);
        return part;
      }));
    }
    float[] scores = new float[k];
    int[] ordinals = new int[k];
    for (ForkJoinTask<TopK> task : tasks) {
      int n = task.join().drainBestFirst(scores, ordinals);
      for (int i = 0; i < n; i++) {
        into.offer(scores[i], ordinals[i]);
      }
    }
  }
}
