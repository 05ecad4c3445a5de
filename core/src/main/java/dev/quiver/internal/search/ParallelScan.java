package dev.quiver.internal.search;

import dev.quiver.Metric;
import dev.quiver.internal.memory.Snapshot;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.ForkJoinPool;
import java.util.concurrent.ForkJoinTask;

/**
 * Splits the first pass of an unfiltered scan ({@link CodeScan}) of a large snapshot into contiguous chunk
 * ranges, one per thread, then runs the second pass over all their candidates on the caller's thread. The
 * ranges run in one shared pool of daemon threads sized to the machine, so that concurrent searches queue
 * rather than oversubscribe the cores.
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
    List<ForkJoinTask<CodeScan.Candidates>> tasks = new ArrayList<>(parts);
    for (int p = 0; p < parts; p++) {
      int from = (int) ((long) chunks * p / parts);
      int to = (int) ((long) chunks * (p + 1) / parts);
      tasks.add(POOL.submit(() -> CodeScan.firstPass(s, query, metric, k, from, to)));
    }
    List<CodeScan.Candidates> candidates = new ArrayList<>(parts);
    for (ForkJoinTask<CodeScan.Candidates> task : tasks) {
      candidates.add(task.join());
    }
    CodeScan.secondPass(s, query, metric, candidates, into, k);
  }
}
